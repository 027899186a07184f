//! Staff accounts (tài khoản): a role and the unit whose subtree they may see. Passwords arrive here
//! already hashed; the store never sees one in clear.

use super::{found, Store, StoreError, StoreResult, Tx};
use hailong_domain::ids::{OfficialId, UnitId, UserId};
use hailong_domain::time::Timestamp;

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: UserId,
    pub username: String,
    pub full_name: String,
    pub password_hash: String,
    pub role: String,
    pub unit_id: Option<UnitId>,
    pub official_id: Option<OfficialId>,
    pub disabled: bool,
    /// A temporary password (new account, reset) that must be replaced before anything else.
    pub must_change_password: bool,
    /// Bumped by every password change or reset: sessions opened before it no longer count.
    pub credentials_version: i64,
}

#[derive(Clone, Debug)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub full_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub unit_id: Option<UnitId>,
    pub official_id: Option<OfficialId>,
    pub must_change_password: bool,
}

const USER_COLUMNS: &str = "id, username, full_name, password_hash, role, unit_id, official_id, \
     CASE WHEN disabled THEN 1 ELSE 0 END AS disabled_flag, \
     CASE WHEN must_change_password THEN 1 ELSE 0 END AS must_change_flag, credentials_version";

impl Tx {
    pub async fn create_user(&mut self, user: NewUser<'_>, now: Timestamp) -> StoreResult<User> {
        sqlx::query_as(&format!(
            "INSERT INTO users (username, full_name, password_hash, role, unit_id, official_id, must_change_password, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING {USER_COLUMNS}"
        ))
        .bind(user.username)
        .bind(user.full_name)
        .bind(user.password_hash)
        .bind(user.role)
        .bind(user.unit_id.map(UnitId::get))
        .bind(user.official_id.map(OfficialId::get))
        .bind(user.must_change_password)
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "username"))
    }
}

impl Store {
    pub async fn user(&self, id: UserId) -> StoreResult<User> {
        sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// User names are compared case-insensitively (people type them on phones).
    pub async fn user_by_username(&self, username: &str) -> StoreResult<Option<User>> {
        Ok(sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE LOWER(username) = LOWER($1)"))
            .bind(username)
            .fetch_optional(&self.pool)
            .await?)
    }

    pub async fn users(&self) -> StoreResult<Vec<User>> {
        Ok(sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users ORDER BY username")).fetch_all(&self.pool).await?)
    }

    pub async fn user_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM users").fetch_one(&self.pool).await?)
    }
}

impl Tx {
    /// Replaces the password hash; `must_change` marks a reset password the person has to replace.
    pub async fn set_password(&mut self, id: UserId, password_hash: &str, must_change: bool) -> StoreResult<()> {
        found(
            sqlx::query(
                "UPDATE users SET password_hash = $1, must_change_password = $2, \
             credentials_version = credentials_version + 1 WHERE id = $3",
            )
            .bind(password_hash)
            .bind(must_change)
            .bind(id.get())
            .execute(&mut *self.0)
            .await?,
        )?;
        Ok(())
    }

    /// Counts a failed sign-in of this account from this client; the `lock_after`-th in a row locks that pair until
    /// `lock_until_ms`. Returns whether this failure locked it.
    pub async fn record_failed_login(
        &mut self,
        user_id: UserId,
        client: &str,
        (lock_after, lock_until_ms): (i64, i64),
        now: Timestamp,
    ) -> StoreResult<bool> {
        let (failures,): (i64,) = sqlx::query_as(
            "INSERT INTO login_failures (user_id, client_hash, failures, updated_at) VALUES ($1, $2, 1, $3) \
             ON CONFLICT (user_id, client_hash) DO UPDATE SET failures = login_failures.failures + 1, \
             updated_at = excluded.updated_at RETURNING failures",
        )
        .bind(user_id.get())
        .bind(client)
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await?;
        if failures < lock_after {
            return Ok(false);
        }
        sqlx::query(
            "UPDATE login_failures SET failures = 0, locked_until = $1 WHERE user_id = $2 AND client_hash = $3",
        )
        .bind(lock_until_ms)
        .bind(user_id.get())
        .bind(client)
        .execute(&mut *self.0)
        .await?;
        Ok(true)
    }

    /// Forgets this client's failures on the account (a successful sign-in).
    pub async fn clear_failed_logins(&mut self, user_id: UserId, client: &str) -> StoreResult<()> {
        sqlx::query("DELETE FROM login_failures WHERE user_id = $1 AND client_hash = $2")
            .bind(user_id.get())
            .bind(client)
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    /// Lifts every lock on the account, from every client (a manager's unlock). Returns how many were lifted.
    pub async fn unlock_user(&mut self, user_id: UserId) -> StoreResult<u64> {
        let done = sqlx::query("DELETE FROM login_failures WHERE user_id = $1")
            .bind(user_id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(done.rows_affected())
    }
}

impl Store {
    /// Whether this account is locked for this client at `now`. A lock runs out on its own; failures while it
    /// holds are not counted, so they cannot extend it.
    pub async fn login_locked(&self, user_id: UserId, client: &str, now: Timestamp) -> StoreResult<bool> {
        let until: Option<Option<i64>> =
            sqlx::query_scalar("SELECT locked_until FROM login_failures WHERE user_id = $1 AND client_hash = $2")
                .bind(user_id.get())
                .bind(client)
                .fetch_optional(&self.pool)
                .await?;
        Ok(until.flatten().is_some_and(|until| until > now.millis()))
    }

    /// Whether any client has the account locked (shown to managers, with an unlock button).
    pub async fn locked_users(&self, now: Timestamp) -> StoreResult<Vec<i64>> {
        Ok(sqlx::query_scalar("SELECT DISTINCT user_id FROM login_failures WHERE locked_until > $1")
            .bind(now.millis())
            .fetch_all(&self.pool)
            .await?)
    }
}

impl Tx {
    pub async fn set_user_disabled(&mut self, id: UserId, disabled: bool) -> StoreResult<()> {
        found(
            sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
                .bind(disabled)
                .bind(id.get())
                .execute(&mut *self.0)
                .await?,
        )?;
        Ok(())
    }
}
