//! Alerts for those who handle them (leaders, counter heads, managers): `GET /alerts?unit=` the history of a unit's
//! subtree, `POST /alerts/{id}/acknowledge` what was done about one (audited). The dashboard lists the open ones.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use crate::domain::access::Capability;
use crate::domain::ids::{AlertId, UnitId};
use crate::i18n::Locale;
use crate::pages::alerts::{render_alert_history, AlertItem, HistoryView};
use crate::pages::notice::render_notice_text;
use crate::services::audit::{commit, Change};
use crate::web::access::{require, Reach};
use crate::web::caller::Staff;
use crate::web::csrf::CsrfForm;
use crate::web::extract::{Id, Query};
use crate::web::{AppError, AppState};

/// What was done about an alert: required, at most this many characters.
const ACTION_MAX_CHARS: usize = 1000;

#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    unit: UnitId,
}

pub async fn history(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<HistoryQuery>,
) -> Result<Html<String>, AppError> {
    require(&staff.principal, Capability::ViewUnitResults)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let unit = reach.unit(query.unit)?.name.clone();
    let names: HashMap<UnitId, &str> = reach.units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let alerts = state.store.alerts_in(query.unit, false, 500).await?;
    let items = alerts.into_iter().map(|a| AlertItem::of(a, &names)).collect();
    Ok(Html(render_alert_history(HistoryView { staff: staff.bar(), unit, items })))
}

#[derive(Debug, Deserialize)]
pub struct AcknowledgeForm {
    #[serde(default)]
    action: String,
}

pub async fn acknowledge(
    State(state): State<AppState>,
    staff: Staff,
    Id(alert_id): Id<AlertId>,
    CsrfForm(form): CsrfForm<AcknowledgeForm>,
) -> Result<Response, AppError> {
    require(&staff.principal, Capability::ViewUnitResults)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let alert = state.store.alert(alert_id).await?;
    reach.check(alert.unit_id)?;
    let action = form.action.trim();
    if action.is_empty() || action.chars().count() > ACTION_MAX_CHARS {
        let page = render_notice_text(Locale::Vi.texts().alerts.err_action);
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response());
    }
    let mut tx = state.store.begin().await?;
    tx.acknowledge_alert(alert_id, staff.user_id, action, crate::clock::now()).await?;
    let change = Change {
        unit_id: Some(alert.unit_id),
        action: "alert.acknowledge",
        target: format!("alert:{alert_id}"),
        before: Some(json!({ "detail": alert.detail })),
        after: Some(json!({ "action_taken": action })),
    };
    commit(tx, &staff.principal, change).await?;
    Ok(Redirect::to(&format!("/dashboard?unit={}#alerts", alert.unit_id)).into_response())
}
