//! What an administrative change writes to the audit log (nhật ký), beside the change itself.

use serde_json::Value;

use crate::domain::access::Principal;
use crate::store::NewAuditEntry;

/// One administrative change, about something of `unit_id`.
pub struct Change<'a> {
    pub unit_id: Option<i64>,
    pub action: &'a str,
    pub target: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

impl Change<'_> {
    /// The audit entry of this change by `who`, at `at_ms`.
    pub fn entry<'a>(&'a self, who: &'a Principal, at_ms: i64) -> NewAuditEntry<'a> {
        NewAuditEntry {
            at: at_ms,
            user_id: Some(who.user_id),
            username: &who.username,
            unit_id: self.unit_id,
            action: self.action,
            target: &self.target,
            before: self.before.clone(),
            after: self.after.clone(),
        }
    }
}

/// Appends the change to the audit log on its own (changes that are not yet one transaction with their entry).
pub async fn record(store: &crate::store::Store, who: &Principal, change: Change<'_>) -> crate::store::StoreResult<()> {
    store.append_audit(change.entry(who, chrono::Utc::now().timestamp_millis())).await
}
