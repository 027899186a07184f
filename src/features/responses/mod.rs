//! The response register: `GET /responses?unit=&period=&before=&flagged=` lists a subtree's responses (or only the
//! flagged ones), newest first; `POST /responses/{id}/void` takes one out of every figure with a reason, and
//! `POST /responses/{id}/review` confirms a flagged one (it stays out) or restores it (it counts), with a reason
//! (managers; append-only, audited).

use crate::domain::time::Timestamp;
use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use crate::domain::access::Capability;
use crate::domain::ids::{CounterId, OfficialId, ProcedureId, ResponseId, UnitId};
use crate::domain::period::Period;
use crate::domain::rating::Level;
use crate::domain::release::when_label;
use crate::i18n::Locale;
use crate::pages::notice::render_notice_text;
use crate::pages::responses::{render_register, RegisterRow, RegisterView, RowState};
use crate::services::audit::{commit, Change};
use crate::services::figures::Window;
use crate::store::{ListPlace, ResponseRow, Reviewed, Store, StoreResult};
use crate::web::access::{require, Reach};
use crate::web::caller::Staff;
use crate::web::csrf::CsrfForm;
use crate::web::extract::{Id, Query};
use crate::web::{AppError, AppState};

/// Responses per page of the register.
const PAGE: usize = 100;
/// A void's reason: required, at most this many characters.
const REASON_MAX_CHARS: usize = 500;

#[derive(Debug, Deserialize)]
pub struct RegisterQuery {
    unit: UnitId,
    period: Option<String>,
    /// The previous page's last row's place in the list (`ListPlace`, its six numbers joined by dots).
    before: Option<String>,
    /// `1`: only the flagged responses.
    flagged: Option<u8>,
}

pub async fn register(
    State(state): State<AppState>,
    staff: Staff,
    Query(query): Query<RegisterQuery>,
) -> Result<Html<String>, AppError> {
    require(&staff.principal, Capability::ViewUnitResults)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let unit = reach.unit(query.unit)?;
    let period = Period::parse(query.period.as_deref());
    let scope = Window::of(unit.id, period.range(Utc::now())).scope();
    let before = query.before.as_deref().and_then(parse_cursor).unwrap_or(ListPlace::FIRST);
    let flagged = query.flagged == Some(1);
    let mut rows = state.store.recent_responses(&scope, before, PAGE as i64 + 1, flagged).await?;
    let older = (rows.len() > PAGE).then(|| {
        rows.truncate(PAGE);
        let last = ListPlace::of(&rows[PAGE - 1]);
        let cursor = [last.shown_at, last.overall, last.official_id, last.counter_id, last.procedure_id, last.id];
        let cursor = cursor.map(|n| n.to_string()).join(".");
        format!("/responses?unit={}&period={}&flagged={}&before={cursor}", unit.id, period.key(), u8::from(flagged))
    });
    let names: HashMap<UnitId, &str> = reach.units.iter().map(|u| (u.id, u.name.as_str())).collect();
    let rows = register_rows(&state.store, rows, &names).await?;
    Ok(Html(render_register(RegisterView {
        staff: staff.bar(),
        unit_id: unit.id.get(),
        unit: unit.name.clone(),
        period,
        rows,
        flagged,
        may_void: staff.principal.role.allows(Capability::VoidResponses),
        older,
    })))
}

fn parse_cursor(raw: &str) -> Option<ListPlace> {
    let numbers: Vec<i64> = raw.split('.').map(str::parse).collect::<Result<_, _>>().ok()?;
    let [shown_at, overall, official_id, counter_id, procedure_id, id] = numbers[..] else { return None };
    Some(ListPlace { shown_at, overall, official_id, counter_id, procedure_id, id })
}

/// The rows with their counters, officials and procedures named.
async fn register_rows(
    store: &Store,
    rows: Vec<ResponseRow>,
    units: &HashMap<UnitId, &str>,
) -> StoreResult<Vec<RegisterRow>> {
    let counter_ids: Vec<CounterId> = rows.iter().filter_map(|r| r.counter_id).collect();
    let official_ids: Vec<OfficialId> = rows.iter().filter_map(|r| r.official_id).collect();
    let procedure_ids: Vec<ProcedureId> = rows.iter().filter_map(|r| r.procedure_id).collect();
    let (counters, officials, procedures) = tokio::try_join!(
        store.counters_by_id(&counter_ids),
        store.officials_by_id(&official_ids),
        store.procedures_by_id(&procedure_ids),
    )?;
    let counters: HashMap<CounterId, String> = counters.into_iter().map(|c| (c.id, c.name)).collect();
    let officials: HashMap<OfficialId, String> = officials.into_iter().map(|o| (o.id, o.full_name)).collect();
    let procedures: HashMap<ProcedureId, String> = procedures.into_iter().map(|p| (p.id, p.name)).collect();
    let r = Locale::Vi.texts().register;
    Ok(rows
        .into_iter()
        .map(|row| {
            let place = [
                units.get(&row.unit_id).map(|n| (*n).to_owned()),
                row.counter_id.and_then(|id| counters.get(&id).cloned()),
                row.official_id.and_then(|id| officials.get(&id).cloned()),
            ];
            RegisterRow {
                id: row.id.get(),
                when: when_label(&row.channel, row.submitted_at.millis()),
                place: place.into_iter().flatten().collect::<Vec<_>>().join(" · "),
                procedure: row.procedure_id.and_then(|id| procedures.get(&id).cloned()).unwrap_or_default(),
                channel: r.channel_name(&row.channel),
                level: Level::from_score(i64::from(row.overall)).unwrap_or(Level::Fair),
                state: match (row.void_reason, row.misuse_rule) {
                    (Some(reason), _) => RowState::Voided(reason),
                    (None, Some(rule)) => RowState::Misuse(rule, row.review),
                    (None, None) => RowState::Counted,
                },
            }
        })
        .collect())
}

/// A void's or a review's reason, trimmed, when it is given and not too long.
fn reason_of(typed: &str) -> Option<&str> {
    let reason = typed.trim();
    (!reason.is_empty() && reason.chars().count() <= REASON_MAX_CHARS).then_some(reason)
}

/// Back to the register's row, on the register's unit when the caller may see it.
fn back_to(reach: &Reach, unit: Option<UnitId>, unit_id: UnitId, response_id: ResponseId) -> Response {
    let back = unit.filter(|u| reach.contains(*u)).unwrap_or(unit_id);
    Redirect::to(&format!("/responses?unit={back}#r{response_id}")).into_response()
}

/// A response a manager acts on: the caller's reach and the response's unit, which the reach must contain.
async fn managed_response(
    state: &AppState,
    staff: &Staff,
    response_id: ResponseId,
) -> Result<(Reach, UnitId), AppError> {
    require(&staff.principal, Capability::VoidResponses)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    let unit_id = state.store.response_unit(response_id).await?;
    reach.check(unit_id)?;
    Ok((reach, unit_id))
}

/// The refusal of a form without its reason.
fn reason_missing() -> Response {
    let page = render_notice_text(Locale::Vi.texts().register.err_reason);
    (StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response()
}

#[derive(Debug, Deserialize)]
pub struct VoidForm {
    #[serde(default)]
    reason: String,
    /// The register's unit, to return to.
    unit: Option<UnitId>,
}

pub async fn void(
    State(state): State<AppState>,
    staff: Staff,
    Id(response_id): Id<ResponseId>,
    CsrfForm(form): CsrfForm<VoidForm>,
) -> Result<Response, AppError> {
    let (reach, unit_id) = managed_response(&state, &staff, response_id).await?;
    let Some(reason) = reason_of(&form.reason) else { return Ok(reason_missing()) };
    let mut tx = state.store.begin().await?;
    // A second void of the same response (a double click) changes nothing and is not audited.
    if tx.void_response(response_id, staff.user_id, reason, crate::clock::now()).await? {
        let change = Change {
            unit_id: Some(unit_id),
            action: "response.void",
            target: format!("response:{response_id}"),
            before: None,
            after: Some(json!({ "reason": reason })),
        };
        commit(tx, &staff.principal, change).await?;
    }
    Ok(back_to(&reach, form.unit, unit_id, response_id))
}

#[derive(Debug, Deserialize)]
pub struct ReviewForm {
    /// `restore` (it counts) or `confirm` (it stays out).
    #[serde(default)]
    decision: String,
    #[serde(default)]
    reason: String,
    /// The register's unit, to return to.
    unit: Option<UnitId>,
}

pub async fn review(
    State(state): State<AppState>,
    staff: Staff,
    Id(response_id): Id<ResponseId>,
    CsrfForm(form): CsrfForm<ReviewForm>,
) -> Result<Response, AppError> {
    let (reach, unit_id) = managed_response(&state, &staff, response_id).await?;
    let Some(reason) = reason_of(&form.reason) else { return Ok(reason_missing()) };
    let restore = match form.decision.as_str() {
        "restore" => true,
        "confirm" => false,
        _ => return Err(AppError::bad_request()),
    };
    let mut tx = state.store.begin().await?;
    let at = Utc::now().timestamp_millis();
    match tx.review_misuse(response_id, restore, staff.user_id, reason, Timestamp::from_millis(at)).await? {
        Reviewed::Recorded => {
            let change = Change {
                unit_id: Some(unit_id),
                action: if restore { "response.restore" } else { "response.confirm_misuse" },
                target: format!("response:{response_id}"),
                before: None,
                after: Some(json!({ "reason": reason })),
            };
            commit(tx, &staff.principal, change).await?;
        }
        // A second decision (a double click, or two managers at once) changes nothing and is not audited.
        Reviewed::DecidedBefore => {}
        Reviewed::NotFlagged => {
            let page = render_notice_text(Locale::Vi.texts().register.err_not_flagged);
            return Ok((StatusCode::CONFLICT, Html(page)).into_response());
        }
    }
    Ok(back_to(&reach, form.unit, unit_id, response_id))
}
