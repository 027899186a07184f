//! Alerts for those who handle them (leaders, counter heads, managers): `GET /alerts?unit=` the history of a unit's
//! subtree, `POST /alerts/{id}/acknowledge` what was done about one (audited). The dashboard lists the open ones.

use std::collections::HashMap;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use crate::domain::access::Capability;
use crate::domain::period::local_time_label;
use crate::i18n::Locale;
use crate::pages::alerts::{render_alert_history, AlertItem, HistoryView};
use crate::pages::notice::render_notice_text;
use crate::services::audit::{commit, Change};
use crate::store::{Alert, Store, StoreResult};
use crate::web::access::{require, Reach};
use crate::web::caller::Staff;
use crate::web::csrf::CsrfForm;
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

/// What was done about an alert: required, at most this many characters.
const ACTION_MAX_CHARS: usize = 1000;

/// The open alerts of a subtree as the dashboard lists them.
pub async fn open_items(store: &Store, unit_id: i64, names: &HashMap<i64, &str>) -> StoreResult<Vec<AlertItem>> {
    Ok(store.alerts_in(unit_id, true, 50).await?.into_iter().map(|a| item(a, names)).collect())
}

#[derive(Debug, Deserialize)]
pub struct HistoryQuery {
    unit: i64,
}

pub async fn history(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<HistoryQuery>,
) -> Result<Html<String>, AppError> {
    require(&staff.principal, Capability::ViewUnitResults)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let unit = reach.unit(query.unit)?.name.clone();
    let names: HashMap<i64, &str> = reach.units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let alerts = state.store.alerts_in(query.unit, false, 500).await?;
    let items = alerts.into_iter().map(|a| item(a, &names)).collect();
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
    Id(alert_id): Id,
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
    tx.acknowledge_alert(alert_id, staff.principal.user_id, action, Utc::now().timestamp_millis()).await?;
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

fn item(alert: Alert, names: &HashMap<i64, &str>) -> AlertItem {
    let handled = alert.acknowledged_at.map(|at| {
        (
            alert.acknowledged_by.clone().unwrap_or_default(),
            local_time_label(at),
            alert.action_taken.clone().unwrap_or_default(),
        )
    });
    AlertItem {
        id: alert.id,
        when: local_time_label(alert.raised_at),
        unit: names.get(&alert.unit_id).map(|n| (*n).to_owned()).unwrap_or_default(),
        detail: alert.detail,
        handled,
    }
}
