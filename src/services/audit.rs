//! What an administrative change writes to the audit log (nhật ký), in the same transaction as the change itself.

use crate::domain::time::Timestamp;
use serde_json::Value;

use crate::domain::access::Principal;
use crate::domain::ids::{UnitId, UserId};
use crate::store::{NewAuditEntry, StoreResult, Tx, User};

/// One administrative change, about something of `unit_id`.
pub struct Change<'a> {
    pub unit_id: Option<UnitId>,
    pub action: &'a str,
    pub target: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Change<'_> {
    /// The audit entry of this change by `who`, at `at_ms`.
    pub fn entry<'a>(&'a self, who: &'a Principal, at_ms: i64) -> NewAuditEntry<'a> {
        self.entry_as(who.user_id, &who.username, at_ms)
    }

    /// The audit entry of this change by someone without an account of their own (a surveyor's phone).
    pub fn entry_as<'a>(&'a self, user_id: Option<UserId>, username: &'a str, at_ms: i64) -> NewAuditEntry<'a> {
        NewAuditEntry {
            at: Timestamp::from_millis(at_ms),
            user_id,
            username,
            unit_id: self.unit_id,
            action: self.action,
            target: &self.target,
            before: self.before.clone(),
            after: self.after.clone(),
        }
    }
}

/// Writes the change's audit entry into `tx` and commits both: the change and its entry land together or not at all.
pub async fn commit(mut tx: Tx, who: &Principal, change: Change<'_>) -> StoreResult<()> {
    tx.audit(change.entry(who, chrono::Utc::now().timestamp_millis())).await?;
    tx.commit().await
}

/// An event of an account's sign-ins — signed in, failed, locked out, signed out, password changed — by the
/// account's owner (or whoever typed its name), with the client's daily hash and never the password.
pub fn account_event<'a>(user: &'a User, action: &'a str, client: &str, at_ms: i64) -> NewAuditEntry<'a> {
    NewAuditEntry {
        at: Timestamp::from_millis(at_ms),
        user_id: Some(user.id),
        username: &user.username,
        unit_id: user.unit_id,
        action,
        target: &user.username,
        before: None,
        after: Some(serde_json::json!({ "client": client })),
    }
}
