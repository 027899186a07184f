//! API keys of machine clients (the one-stop or queue-ticket software): scoped to a unit's subtree and to what they
//! may do, stored as a SHA-256 of the key (shown once), revocable, with their last use.

use hailong_domain::time::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use super::sql::Sql;
use super::{Store, StoreError, StoreResult, Tx};
use hailong_domain::access::ApiScope;
use hailong_domain::ids::{ApiKeyId, UnitId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ApiKey {
    pub id: ApiKeyId,
    pub unit_id: UnitId,
    pub name: String,
    /// What the key may do.
    pub scopes: Vec<ApiScope>,
    /// The first characters of the key, to tell keys apart on the list (never enough to use one).
    pub prefix: String,
    pub created_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub last_used_at: Option<Timestamp>,
}

impl ApiKey {
    pub fn allows(&self, scope: ApiScope) -> bool {
        self.revoked_at.is_none() && self.scopes.contains(&scope)
    }
}

#[derive(Clone, Debug)]
pub struct NewApiKey<'a> {
    pub unit_id: UnitId,
    pub name: &'a str,
    pub scopes: &'a [ApiScope],
    pub prefix: &'a str,
    pub key_hash: &'a str,
}

const COLUMNS: &str = "id, unit_id, name, scopes, prefix, created_at, revoked_at, last_used_at";

impl Tx {
    pub async fn create_api_key(&mut self, key: NewApiKey<'_>, now: Timestamp) -> StoreResult<ApiKey> {
        sqlx::query_as(&format!(
            "INSERT INTO api_keys (unit_id, name, scopes, prefix, key_hash, created_at) VALUES ($1, $2, $3, $4, $5, $6) \
             RETURNING {COLUMNS}"
        ))
        .bind(key.unit_id.get())
        .bind(key.name)
        .bind(key.scopes.iter().map(|s| s.key()).collect::<Vec<_>>().join(","))
        .bind(key.prefix)
        .bind(key.key_hash)
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "api key"))
    }

    /// Revokes a key; revoking twice is harmless.
    pub async fn revoke_api_key(&mut self, id: ApiKeyId, now: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE api_keys SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now.millis())
            .bind(id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    /// Notes that a key was used now (in the transaction of what it did).
    pub async fn touch_api_key(&mut self, id: ApiKeyId, now: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE api_keys SET last_used_at = $1 WHERE id = $2")
            .bind(now.millis())
            .bind(id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }
}

impl Store {
    /// The key with this hash, revoked or not.
    pub async fn api_key_by_hash(&self, key_hash: &str) -> StoreResult<Option<ApiKey>> {
        Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM api_keys WHERE key_hash = $1"))
            .bind(key_hash)
            .fetch_optional(self.keyed())
            .await?)
    }

    pub async fn api_key(&self, id: ApiKeyId) -> StoreResult<ApiKey> {
        sqlx::query_as(&format!("SELECT {COLUMNS} FROM api_keys WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The keys of these units, newest first.
    pub async fn api_keys_in(&self, unit_ids: &[UnitId]) -> StoreResult<Vec<ApiKey>> {
        if unit_ids.is_empty() {
            return Ok(vec![]);
        }
        let mut sql = Sql::new(&format!("SELECT {COLUMNS} FROM api_keys WHERE unit_id IN ("));
        sql.bind_list(unit_ids.iter().copied()).push(") ORDER BY revoked_at IS NOT NULL, id DESC");
        Ok(sql.query_as().fetch_all(&self.pool).await?)
    }
}

impl FromRow<'_, AnyRow> for ApiKey {
    fn from_row(row: &AnyRow) -> sqlx::Result<ApiKey> {
        let scopes: String = row.try_get("scopes")?;
        Ok(ApiKey {
            id: ApiKeyId::new(row.try_get("id")?),
            unit_id: UnitId::new(row.try_get("unit_id")?),
            name: row.try_get("name")?,
            // A scope this version does not know grants nothing.
            scopes: scopes.split(',').filter_map(ApiScope::parse).collect(),
            prefix: row.try_get("prefix")?,
            created_at: Timestamp::from_millis(row.try_get("created_at")?),
            revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(Timestamp::from_millis),
            last_used_at: row.try_get::<Option<i64>, _>("last_used_at")?.map(Timestamp::from_millis),
        })
    }
}
