//! `GET /admin/audit`: the audit log — administrators everything, unit managers their subtree (archived units
//! included).

use axum::extract::State;
use axum::response::Html;

use crate::domain::access::{Capability, Role};
use crate::domain::ids::UnitId;
use crate::domain::period::local_time_label;
use crate::pages::audit::{render_audit, AuditRow, AuditView};
use crate::web::access::require;
use crate::web::caller::Staff;
use crate::web::{AppError, AppState};

pub async fn page(State(state): State<AppState>, staff: Staff) -> Result<Html<String>, AppError> {
    require(&staff.principal, Capability::ViewAudit)?;
    // Archived units count: their history stays visible to the managers above them.
    let units = state.store.units_with_archived().await?;
    let nodes: Vec<(UnitId, Option<UnitId>)> = units.iter().map(|u| (u.id, u.parent_id)).collect();
    let ids = staff.principal.visible_units(&nodes);
    let with_global = staff.principal.role == Role::Administrator;
    let entries = state.store.audit_entries(&ids, with_global, 200).await?;
    let unit_name =
        |id: Option<i64>| id.and_then(|id| units.iter().find(|u| u.id == UnitId::new(id))).map(|u| u.name.clone());
    let rows = entries
        .into_iter()
        .map(|e| AuditRow {
            when: local_time_label(e.at.millis()),
            who: e.username,
            unit: unit_name(e.unit_id.map(UnitId::get)).unwrap_or_default(),
            action: e.action,
            target: e.target,
            before: e.before.unwrap_or_default(),
            after: e.after.unwrap_or_default(),
        })
        .collect();
    Ok(Html(render_audit(AuditView { staff: staff.bar(), rows })))
}
