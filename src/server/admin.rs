//! `GET /admin` — the units with their counters and officials, and the links to print their codes;
//! `POST /admin/qr/{id}/revoke` — withdraw a code (its URL then says it is no longer valid).

use axum::extract::State;
use axum::http::HeaderMap;
use axum::response::{Html, Redirect};

use super::auth::Staff;
use super::extract::Id;
use super::{AppError, AppState};
use crate::domain::unit_tree;
use crate::pages::admin::{render_admin, AdminView, UnitBlock};

pub async fn page(State(state): State<AppState>, staff: Staff) -> Result<Html<String>, AppError> {
    let units = state.store.units().await?;
    let counters = state.store.counters().await?;
    let officials = state.store.officials().await?;
    let nodes: Vec<(i64, Option<i64>)> = units.iter().map(|u| (u.id, u.parent_id)).collect();
    let blocks = unit_tree::depth_first(&nodes)
        .into_iter()
        .filter_map(|(id, depth)| {
            let unit = units.iter().find(|u| u.id == id)?.clone();
            Some(UnitBlock {
                depth,
                counters: counters.iter().filter(|c| c.unit_id == id).cloned().collect(),
                officials: officials.iter().filter(|o| o.unit_id == id).cloned().collect(),
                unit,
            })
        })
        .collect();
    Ok(Html(render_admin(AdminView { user: staff.user, units: blocks })))
}

pub async fn revoke_qr(
    State(state): State<AppState>,
    _staff: Staff,
    headers: HeaderMap,
    Id(id): Id,
) -> Result<Redirect, AppError> {
    state.store.revoke_qr_code(id, chrono::Utc::now().timestamp_millis()).await?;
    tracing::info!(qr_code = id, "qr code revoked");
    Ok(back(&headers))
}

/// Back to the page the button was on (same site only), else the admin page.
fn back(headers: &HeaderMap) -> Redirect {
    let referer = headers.get(axum::http::header::REFERER).and_then(|v| v.to_str().ok()).unwrap_or("");
    let path = referer.find("/print/").map(|i| &referer[i..]).unwrap_or("/admin");
    Redirect::to(path)
}
