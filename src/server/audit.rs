//! Recording administrative changes, and `GET /admin/audit` to read them (administrators everything,
//! unit managers their subtree).

use axum::extract::State;
use axum::response::Html;
use chrono::Utc;
use serde_json::Value;

use super::access::{require, Reach};
use super::auth::Staff;
use super::period::local_time_label;
use super::{AppError, AppState};
use crate::domain::access::{Capability, Role};
use crate::pages::audit::{render_audit, AuditRow, AuditView};
use crate::store::{NewAuditEntry, StoreResult};

/// One administrative change by `staff`, about something of `unit_id`.
pub struct Change<'a> {
    pub unit_id: Option<i64>,
    pub action: &'a str,
    pub target: String,
    pub before: Option<Value>,
    pub after: Option<Value>,
}

pub async fn record(state: &AppState, staff: &Staff, change: Change<'_>) -> StoreResult<()> {
    state
        .store
        .append_audit(NewAuditEntry {
            at: Utc::now().timestamp_millis(),
            user_id: Some(staff.principal.user_id),
            username: &staff.principal.username,
            unit_id: change.unit_id,
            action: change.action,
            target: &change.target,
            before: change.before,
            after: change.after,
        })
        .await
}

pub async fn page(State(state): State<AppState>, staff: Staff) -> Result<Html<String>, AppError> {
    require(&staff.principal, Capability::ViewAudit)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let ids: Vec<i64> = reach.units.iter().map(|u| u.id).collect();
    let with_global = staff.principal.role == Role::Administrator;
    let entries = state.store.audit_entries(&ids, with_global, 200).await?;
    let unit_name = |id: Option<i64>| id.and_then(|id| reach.units.iter().find(|u| u.id == id)).map(|u| u.name.clone());
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            when: local_time_label(e.at),
            who: e.username,
            unit: unit_name(e.unit_id).unwrap_or_default(),
            action: e.action,
            target: e.target,
            before: e.before.unwrap_or_default(),
            after: e.after.unwrap_or_default(),
        })
        .collect();
    Ok(Html(render_audit(AuditView { staff: staff.bar(), rows })))
}
