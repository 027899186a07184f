//! The JSON API, `/api/v1/…` (documented in the README), for the signed-in staff session or an API key of scope
//! `results` (`web::reader`). Its bodies are the contract below, mapped from the store's records, so that the store
//! can change without clients noticing.
//! Refusals are the web layer's one error type, answered as `{"error": code, "message": text}`.

pub mod serving;

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::domain::access::{Capability, Principal};
use crate::domain::index::UnitSummary;
use crate::domain::period::{local_date, month_label, Period};
use crate::domain::unit_tree;
use crate::services::figures::{self, Window};
use crate::store::{Counter, Official, Procedure, Unit};
use crate::web::access::{require, Reach};
use crate::web::extract::Id;
use crate::web::reader::Reader;
use crate::web::{AppError, AppState};

type ApiResult<T> = Result<Json<T>, AppError>;

#[derive(Debug, Serialize)]
pub struct UnitBody {
    id: i64,
    parent_id: Option<i64>,
    kind: String,
    name: String,
    code: Option<String>,
    questionnaire_code: String,
}

impl From<&Unit> for UnitBody {
    fn from(u: &Unit) -> UnitBody {
        UnitBody {
            id: u.id,
            parent_id: u.parent_id,
            kind: u.kind.clone(),
            name: u.name.clone(),
            code: u.code.clone(),
            questionnaire_code: u.questionnaire_code.clone(),
        }
    }
}

#[derive(Debug, Serialize)]
pub struct CounterBody {
    id: i64,
    unit_id: i64,
    name: String,
}

#[derive(Debug, Serialize)]
pub struct OfficialBody {
    id: i64,
    unit_id: i64,
    counter_id: Option<i64>,
    full_name: String,
    title: String,
    staff_code: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct ProcedureBody {
    id: i64,
    code: String,
    name: String,
    field: String,
    valid_from: String,
    valid_to: Option<String>,
}

/// Unknown API paths answer in JSON too.
pub async fn not_found() -> AppError {
    AppError::not_found()
}

/// What this person may read through the API: their subtree, if their role reads unit results at all.
async fn reach(state: &AppState, principal: &Principal) -> Result<Reach, AppError> {
    require(principal, Capability::ViewUnitResults)?;
    Ok(Reach::of(&state.store, principal).await?)
}

pub async fn units(State(state): State<AppState>, Reader(principal): Reader) -> ApiResult<Vec<UnitBody>> {
    Ok(Json(reach(&state, &principal).await?.units.iter().map(UnitBody::from).collect()))
}

pub async fn unit(State(state): State<AppState>, Reader(principal): Reader, Id(id): Id) -> ApiResult<UnitBody> {
    Ok(Json(UnitBody::from(reach(&state, &principal).await?.unit(id)?)))
}

pub async fn counters(
    State(state): State<AppState>,
    Reader(principal): Reader,
    Id(id): Id,
) -> ApiResult<Vec<CounterBody>> {
    reach(&state, &principal).await?.check(id)?;
    let counters = state.store.counters_in(&[id]).await?;
    Ok(Json(counters.into_iter().map(|Counter { id, unit_id, name }| CounterBody { id, unit_id, name }).collect()))
}

pub async fn officials(
    State(state): State<AppState>,
    Reader(principal): Reader,
    Id(id): Id,
) -> ApiResult<Vec<OfficialBody>> {
    reach(&state, &principal).await?.check(id)?;
    let officials = state.store.officials_in(&[id]).await?;
    Ok(Json(
        officials
            .into_iter()
            .map(|o: Official| OfficialBody {
                id: o.id,
                unit_id: o.unit_id,
                counter_id: o.counter_id,
                full_name: o.full_name,
                title: o.title,
                staff_code: o.staff_code,
            })
            .collect(),
    ))
}

pub async fn procedures(
    State(state): State<AppState>,
    Reader(principal): Reader,
    Id(id): Id,
) -> ApiResult<Vec<ProcedureBody>> {
    reach(&state, &principal).await?.check(id)?;
    let procedures = state.store.unit_procedures(id, &local_date(Utc::now()).to_string()).await?;
    Ok(Json(
        procedures
            .into_iter()
            .map(|Procedure { id, code, name, field, valid_from, valid_to }| ProcedureBody {
                id,
                code,
                name,
                field,
                valid_from,
                valid_to,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize)]
pub struct SummaryQuery {
    period: Option<String>,
}

#[derive(Debug, Serialize)]
pub struct SummaryBody {
    unit_id: i64,
    period: Period,
    from_ms: i64,
    to_ms: i64,
    /// Units covered: this one and every unit beneath it.
    unit_ids: Vec<i64>,
    sample_floor: u64,
    /// Responses of the period flagged as misuse (kiosk repeat presses): in no figure above.
    misuse_excluded: u64,
    /// Responses of the period a manager voided: in no figure above.
    voided_excluded: u64,
    response_rate: RateBody,
    #[serde(flatten)]
    summary: UnitSummary,
}

/// Responses ÷ transactions over the calendar months the period touches (`YYYY-MM`); `value` null while no
/// transactions are known.
#[derive(Debug, Serialize)]
pub struct RateBody {
    first_month: String,
    last_month: String,
    responses: u64,
    transactions: i64,
    value: Option<f64>,
}

pub async fn unit_summary(
    State(state): State<AppState>,
    Reader(principal): Reader,
    Id(id): Id,
    Query(query): Query<SummaryQuery>,
) -> ApiResult<SummaryBody> {
    let reach = reach(&state, &principal).await?;
    let unit = reach.unit(id)?;
    let period = Period::parse(query.period.as_deref());
    let window = Window::of(id, period.range(Utc::now()));
    let (_, questionnaire) = state.questionnaires.for_unit(unit);
    let units = unit_tree::subtree(&reach.nodes, id);
    let (summary, apart, rate) = tokio::try_join!(
        figures::summary(&state.store, questionnaire, &window),
        figures::set_apart(&state.store, &window),
        figures::response_rate(&state.store, &window, &units),
    )?;
    let response_rate = RateBody {
        first_month: month_label(rate.first_month),
        last_month: month_label(rate.last_month),
        responses: rate.responses,
        transactions: rate.transactions,
        value: rate.value(),
    };
    let scope = window.scope();
    Ok(Json(SummaryBody {
        misuse_excluded: apart.misuse,
        voided_excluded: apart.voided,
        response_rate,
        unit_id: id,
        period,
        from_ms: scope.from_ms,
        to_ms: scope.to_ms,
        unit_ids: units,
        sample_floor: state.settings.sample_floor,
        summary,
    }))
}

#[derive(Debug, Deserialize)]
pub struct RecentQuery {
    period: Option<String>,
    limit: Option<i64>,
}

#[derive(Debug, Serialize)]
pub struct ResponseBody {
    id: i64,
    /// When it happened (a tablet's tap, corrected by its clock's skew), ms since the epoch.
    submitted_at: i64,
    received_at: Option<i64>,
    /// A tablet's tap on its own clock.
    device_at: Option<i64>,
    channel: String,
    overall: u8,
    counter_id: Option<i64>,
    official_id: Option<i64>,
    procedure_id: Option<i64>,
    /// The rule that flagged it as misuse (kept out of every figure), if any.
    misuse: Option<String>,
    /// Why a manager voided it (kept out of every figure), if one did.
    void_reason: Option<String>,
}

/// `GET /api/v1/units/{id}/responses` — the newest responses of the unit's subtree in the period (default today,
/// at most `limit`, 50 by default): for checking what arrived, flagged and voided ones included. No comments or
/// contacts.
pub async fn responses(
    State(state): State<AppState>,
    Reader(principal): Reader,
    Id(id): Id,
    Query(query): Query<RecentQuery>,
) -> ApiResult<Vec<ResponseBody>> {
    let reach = reach(&state, &principal).await?;
    reach.check(id)?;
    let period = query.period.as_deref().map_or(Period::Today, |p| Period::parse(Some(p)));
    let scope = Window::of(id, period.range(Utc::now())).scope();
    let rows = state.store.recent_responses(&scope, (i64::MAX, i64::MAX), query.limit.unwrap_or(50)).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| ResponseBody {
                id: r.id,
                submitted_at: r.submitted_at,
                received_at: r.received_at,
                device_at: r.device_at,
                channel: r.channel,
                overall: r.overall,
                counter_id: r.counter_id,
                official_id: r.official_id,
                procedure_id: r.procedure_id,
                misuse: r.misuse_rule,
                void_reason: r.void_reason,
            })
            .collect(),
    ))
}

/// `GET /healthz` — 200 when the database answers, 503 otherwise. Public, for load balancers.
pub async fn health(State(state): State<AppState>) -> Response {
    let backend = format!("{:?}", state.store.backend()).to_lowercase();
    match state.store.ping().await {
        Ok(()) => Json(json!({ "status": "ok", "database": backend })).into_response(),
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            (StatusCode::SERVICE_UNAVAILABLE, Json(json!({ "status": "unavailable", "database": backend })))
                .into_response()
        }
    }
}
