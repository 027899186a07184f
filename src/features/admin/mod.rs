//! `GET /admin` — the units with their counters and officials, and the links to print their codes;
//! `POST /admin/qr/{id}/revoke` — withdraw a code (its URL then says it is no longer valid). Beside them:
//! units, counters and officials (`units`), counter tablets (`devices`), the procedure catalogue (`procedures`), accounts (`users`) and the
//! audit log (`audit`).

pub mod alerts;
pub mod audit;
pub mod devices;
pub mod procedures;
pub mod units;
pub mod users;

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, Redirect};

use crate::domain::access::Capability;
use crate::domain::ids::{QrCodeId, UnitId};
use crate::domain::sample::TargetRule;
use crate::domain::unit_tree;
use crate::pages::admin::{render_admin, AdminView, UnitBlock};
use crate::services::audit::{commit, Change};
use crate::web::access::{require, Reach};
use crate::web::caller::Staff;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

pub async fn page(State(state): State<AppState>, staff: Staff) -> Result<Html<String>, AppError> {
    render_admin_page(&state, &staff, vec![]).await
}

/// The administration page of this person's subtree, with `errors` from a refused form on top.
pub async fn render_admin_page(
    state: &AppState,
    staff: &Staff,
    errors: Vec<&'static str>,
) -> Result<Html<String>, AppError> {
    require(&staff.principal, Capability::ManageCatalogue)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let units = &reach.units;
    let unit_ids: Vec<UnitId> = units.iter().map(|u| u.id).collect();
    let counters = state.store.counters_in(&unit_ids).await?;
    let officials = state.store.officials_in(&unit_ids).await?;
    let publishing = state.store.units_publishing_officials(&unit_ids).await?;
    let (_, rules) = state.store.sample_settings(&[]).await?;
    let blocks = unit_tree::depth_first(&reach.visible_nodes())
        .into_iter()
        .filter_map(|(id, depth)| {
            let unit = units.iter().find(|u| u.id == id)?.clone();
            Some(UnitBlock {
                depth,
                counters: counters.iter().filter(|c| c.unit_id == id).cloned().collect(),
                officials: officials.iter().filter(|o| o.unit_id == id).cloned().collect(),
                publishes_officials: publishing.contains(&id),
                sample_rule: rules.get(&id).and_then(|key| TargetRule::parse(key)),
                unit,
            })
        })
        .collect();
    let parents = units.iter().map(|u| (u.id.get(), u.name.clone())).collect();
    let may_add_root = staff.principal.role == crate::domain::access::Role::Administrator;
    Ok(Html(render_admin(AdminView { staff: staff.bar(), units: blocks, parents, may_add_root, errors })))
}

pub async fn revoke_qr(
    State(state): State<AppState>,
    staff: Staff,
    headers: HeaderMap,
    Id(id): Id<QrCodeId>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Result<Redirect, AppError> {
    require(&staff.principal, Capability::ManageCatalogue)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let code = state.store.qr_code(id).await?;
    reach.check(code.unit_id)?;
    let mut tx = state.store.begin().await?;
    tx.revoke_qr_code(id, crate::clock::now()).await?;
    commit(tx, &staff.principal, change(code.unit_id, "qr.revoke", format!("qr:{id}"), None, None)).await?;
    tracing::info!(qr_code = %id, "qr code revoked");
    Ok(back(&headers))
}

/// The reach of someone who manages units, counters, officials, tablets and keys (403 for other roles).
async fn manager_reach(state: &AppState, staff: &Staff) -> Result<Reach, AppError> {
    require(&staff.principal, Capability::ManageCatalogue)?;
    Ok(Reach::of(&state.store, &staff.principal).await?)
}

/// An administrative change about something of `unit_id`, for the audit log.
fn change(
    unit_id: UnitId,
    action: &'static str,
    target: String,
    before: Option<serde_json::Value>,
    after: Option<serde_json::Value>,
) -> Change<'static> {
    Change { unit_id: Some(unit_id), action, target, before, after }
}

/// Back to the page the button was on (same site only), else the admin page.
fn back(headers: &HeaderMap) -> Redirect {
    let referer = headers.get(axum::http::header::REFERER).and_then(|v| v.to_str().ok()).unwrap_or("");
    let path = referer.find("/print/").map(|i| &referer[i..]).unwrap_or("/admin");
    Redirect::to(path)
}
