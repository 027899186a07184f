//! Staff accounts (tài khoản): a role and the unit whose subtree they may see. Passwords arrive here
//! already hashed; the store never sees one in clear.

use super::{found, Store, StoreError, StoreResult};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct User {
    pub id: i64,
    pub username: String,
    pub full_name: String,
    pub password_hash: String,
    pub role: String,
    pub unit_id: Option<i64>,
    pub official_id: Option<i64>,
    pub disabled: bool,
    /// A temporary password (new account, reset) that must be replaced before anything else.
    pub must_change_password: bool,
    pub failed_logins: i64,
    pub locked_until: Option<i64>,
    /// Bumped by every password change or reset: sessions opened before it no longer count.
    pub credentials_version: i64,
}

#[derive(Clone, Debug)]
pub struct NewUser<'a> {
    pub username: &'a str,
    pub full_name: &'a str,
    pub password_hash: &'a str,
    pub role: &'a str,
    pub unit_id: Option<i64>,
    pub official_id: Option<i64>,
    pub must_change_password: bool,
}

const USER_COLUMNS: &str = "id, username, full_name, password_hash, role, unit_id, official_id, \
     CASE WHEN disabled THEN 1 ELSE 0 END AS disabled_flag, \
     CASE WHEN must_change_password THEN 1 ELSE 0 END AS must_change_flag, failed_logins, locked_until, \
     credentials_version";

impl Store {
    pub async fn create_user(&self, user: NewUser<'_>, now_ms: i64) -> StoreResult<User> {
        let id: i64 = sqlx::query_scalar(
            "INSERT INTO users (username, full_name, password_hash, role, unit_id, official_id, must_change_password, \
             created_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8) RETURNING id",
        )
        .bind(user.username)
        .bind(user.full_name)
        .bind(user.password_hash)
        .bind(user.role)
        .bind(user.unit_id)
        .bind(user.official_id)
        .bind(user.must_change_password)
        .bind(now_ms)
        .fetch_one(&self.writer)
        .await
        .map_err(|e| StoreError::from_write(e, "username"))?;
        self.user(id).await
    }

    pub async fn user(&self, id: i64) -> StoreResult<User> {
        sqlx::query_as(&format!("SELECT {USER_COLUMNS} FROM users WHERE id = $1"))
            .bind(id)
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

    /// Replaces the password hash; `must_change` marks a reset password the person has to replace.
    pub async fn set_password(&self, id: i64, password_hash: &str, must_change: bool) -> StoreResult<()> {
        found(sqlx::query(
            "UPDATE users SET password_hash = $1, must_change_password = $2, failed_logins = 0, locked_until = NULL, \
             credentials_version = credentials_version + 1 WHERE id = $3",
        )
        .bind(password_hash)
        .bind(must_change)
        .bind(id)
        .execute(&self.writer)
        .await?)?;
        Ok(())
    }

    /// Counts a failed login; from the `lock_after`-th in a row the account is locked until `lock_until_ms`.
    pub async fn record_failed_login(&self, id: i64, lock_after: i64, lock_until_ms: i64) -> StoreResult<()> {
        sqlx::query(
            "UPDATE users SET failed_logins = failed_logins + 1, \
             locked_until = CASE WHEN failed_logins + 1 >= $1 THEN $2 ELSE locked_until END WHERE id = $3",
        )
        .bind(lock_after)
        .bind(lock_until_ms)
        .bind(id)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn record_successful_login(&self, id: i64) -> StoreResult<()> {
        sqlx::query("UPDATE users SET failed_logins = 0, locked_until = NULL WHERE id = $1")
            .bind(id)
            .execute(&self.writer)
            .await?;
        Ok(())
    }
}

impl Store {
    pub async fn set_user_disabled(&self, id: i64, disabled: bool) -> StoreResult<()> {
        found(
            sqlx::query("UPDATE users SET disabled = $1 WHERE id = $2")
                .bind(disabled)
                .bind(id)
                .execute(&self.writer)
                .await?,
        )?;
        Ok(())
    }
}
