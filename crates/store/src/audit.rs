//! The audit log (nhật ký quản trị): who changed what, when, with the state before and after. Appended
//! by every administrative change; read by administrators and unit managers within their subtree.

use super::sql::Sql;
use super::{Store, StoreResult, Tx};
use hailong_domain::ids::{UnitId, UserId};
use hailong_domain::time::Timestamp;

#[derive(Clone, Debug)]
pub struct NewAuditEntry<'a> {
    pub at: Timestamp,
    pub user_id: Option<UserId>,
    pub username: &'a str,
    /// The unit the change concerns, which decides who may read the entry; `None` for system-wide changes.
    pub unit_id: Option<UnitId>,
    pub action: &'a str,
    pub target: &'a str,
    pub before: Option<serde_json::Value>,
    pub after: Option<serde_json::Value>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AuditEntry {
    pub id: i64,
    pub at: Timestamp,
    pub username: String,
    pub unit_id: Option<UnitId>,
    pub action: String,
    pub target: String,
    pub before: Option<String>,
    pub after: Option<String>,
}

impl Tx {
    /// The audit entry of the change this transaction makes.
    pub async fn audit(&mut self, entry: NewAuditEntry<'_>) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO audit_log (at, user_id, username, unit_id, action, target, before, after) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8)",
        )
        .bind(entry.at.millis())
        .bind(entry.user_id.map(UserId::get))
        .bind(entry.username)
        .bind(entry.unit_id.map(UnitId::get))
        .bind(entry.action)
        .bind(entry.target)
        .bind(entry.before.map(|v| v.to_string()))
        .bind(entry.after.map(|v| v.to_string()))
        .execute(&mut *self.0)
        .await?;
        Ok(())
    }
}

impl Store {
    /// The newest entries about `unit_ids`, and about nothing in particular when `with_global` (administrators).
    pub async fn audit_entries(
        &self,
        unit_ids: &[UnitId],
        with_global: bool,
        limit: i64,
    ) -> StoreResult<Vec<AuditEntry>> {
        let mut sql = Sql::new("SELECT id, at, username, unit_id, action, target, before, after FROM audit_log WHERE ");
        if unit_ids.is_empty() {
            sql.push("1 = 0");
        } else {
            sql.push("unit_id IN (").bind_list(unit_ids.iter().copied()).push(")");
        }
        if with_global {
            sql.push(" OR unit_id IS NULL");
        }
        sql.push(" ORDER BY at DESC, id DESC LIMIT ").bind(limit.clamp(1, 1000));
        Ok(sql.query_as().fetch_all(&self.pool).await?)
    }
}
