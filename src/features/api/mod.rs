//! The JSON API, `/api/v1/…`, for the signed-in staff session or an API key of scope `results` (`web::reader`).
//! Its bodies are the contract below, mapped from the store's records, so that the store can change without clients
//! noticing; `openapi` describes it from these very types (`/api/v1/openapi.json`, `/api/v1/docs`).
//! Refusals are the web layer's one error type, answered as an `ErrorBody`.

pub mod openapi;
pub mod serving;

use crate::domain::time::Timestamp;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};

use openapi::{QueryRefusals, ReadRefusals, UnitNotFound};

use crate::domain::access::{Capability, Principal};
use crate::domain::disclosure::{disclose, rest, Withheld};
use crate::domain::ids::{CounterId, OfficialId, ProcedureId, UnitId};
use crate::domain::index::{IndexMethod, Indexes, LevelCounts};
use crate::domain::period::{local_date, month_label, Period};
use crate::domain::release;
use crate::domain::rollup::Dimension;
use crate::domain::token::shown_response_id;
use crate::domain::unit_tree;
use crate::services::disclosure;
use crate::services::figures::{self, Window};
use crate::store::{Counter, ListPlace, Official, Procedure, Unit};
use crate::web::access::{require, Reach};
use crate::web::api_input::ApiQuery;
use crate::web::error::{api_invalid, ErrorBody};
use crate::web::extract::Id;
use crate::web::reader::Reader;
use crate::web::{AppError, AppState};

type ApiResult<T> = Result<Json<T>, AppError>;

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct UnitBody {
    id: i64,
    parent_id: Option<UnitId>,
    kind: String,
    name: String,
    code: Option<String>,
    questionnaire_code: String,
}

impl From<&Unit> for UnitBody {
    fn from(u: &Unit) -> UnitBody {
        UnitBody {
            id: u.id.get(),
            parent_id: u.parent_id,
            kind: u.kind.clone(),
            name: u.name.clone(),
            code: u.code.clone(),
            questionnaire_code: u.questionnaire_code.clone(),
        }
    }
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct CounterBody {
    id: i64,
    unit_id: UnitId,
    name: String,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct OfficialBody {
    id: i64,
    unit_id: UnitId,
    counter_id: Option<CounterId>,
    full_name: String,
    title: String,
    staff_code: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
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

#[utoipa::path(
    get, path = "/api/v1/units", tag = "units",
    summary = "The units the caller reaches",
    security(("session" = []), ("api_key" = ["results"])),
    responses(
        (status = 200, description = "The units the caller reaches", body = Vec<UnitBody>),
        ReadRefusals,
    )
)]
pub async fn units(State(state): State<AppState>, Reader(principal): Reader) -> ApiResult<Vec<UnitBody>> {
    Ok(Json(reach(&state, &principal).await?.units.iter().map(UnitBody::from).collect()))
}

#[utoipa::path(
    get, path = "/api/v1/units/{id}", tag = "units",
    summary = "One unit",
    params(("id" = i64, Path, description = "The unit: the caller's or one beneath it", example = 2)),
    security(("session" = []), ("api_key" = ["results"])),
    responses(
        (status = 200, description = "One unit", body = UnitBody),
        ReadRefusals,
        UnitNotFound,
    )
)]
pub async fn unit(State(state): State<AppState>, Reader(principal): Reader, Id(id): Id<UnitId>) -> ApiResult<UnitBody> {
    Ok(Json(UnitBody::from(reach(&state, &principal).await?.unit(id)?)))
}

#[utoipa::path(
    get, path = "/api/v1/units/{id}/counters", tag = "units",
    summary = "The unit's counters",
    params(("id" = i64, Path, description = "The unit: the caller's or one beneath it", example = 2)),
    security(("session" = []), ("api_key" = ["results"])),
    responses(
        (status = 200, description = "The unit's counters", body = Vec<CounterBody>),
        ReadRefusals,
        UnitNotFound,
    )
)]
pub async fn counters(
    State(state): State<AppState>,
    Reader(principal): Reader,
    Id(id): Id<UnitId>,
) -> ApiResult<Vec<CounterBody>> {
    reach(&state, &principal).await?.check(id)?;
    let counters = state.store.counters_in(&[id]).await?;
    Ok(Json(
        counters.into_iter().map(|Counter { id, unit_id, name }| CounterBody { id: id.get(), unit_id, name }).collect(),
    ))
}

#[utoipa::path(
    get, path = "/api/v1/units/{id}/officials", tag = "units",
    summary = "The unit's officials",
    params(("id" = i64, Path, description = "The unit: the caller's or one beneath it", example = 2)),
    security(("session" = []), ("api_key" = ["results"])),
    responses(
        (status = 200, description = "The unit's officials", body = Vec<OfficialBody>),
        ReadRefusals,
        UnitNotFound,
    )
)]
pub async fn officials(
    State(state): State<AppState>,
    Reader(principal): Reader,
    Id(id): Id<UnitId>,
) -> ApiResult<Vec<OfficialBody>> {
    reach(&state, &principal).await?.check(id)?;
    let officials = state.store.officials_in(&[id]).await?;
    Ok(Json(
        officials
            .into_iter()
            .map(|o: Official| OfficialBody {
                id: o.id.get(),
                unit_id: o.unit_id,
                counter_id: o.counter_id,
                full_name: o.full_name,
                title: o.title,
                staff_code: o.staff_code,
            })
            .collect(),
    ))
}

#[utoipa::path(
    get, path = "/api/v1/units/{id}/procedures", tag = "units",
    summary = "The procedures the unit offers today",
    params(("id" = i64, Path, description = "The unit: the caller's or one beneath it", example = 2)),
    security(("session" = []), ("api_key" = ["results"])),
    responses(
        (status = 200, description = "The procedures the unit offers today", body = Vec<ProcedureBody>),
        ReadRefusals,
        UnitNotFound,
    )
)]
pub async fn procedures(
    State(state): State<AppState>,
    Reader(principal): Reader,
    Id(id): Id<UnitId>,
) -> ApiResult<Vec<ProcedureBody>> {
    reach(&state, &principal).await?.check(id)?;
    let procedures = state.store.unit_procedures(id, &local_date(Utc::now()).to_string()).await?;
    Ok(Json(
        procedures
            .into_iter()
            .map(|Procedure { id, code, name, field, valid_from, valid_to }| ProcedureBody {
                id: id.get(),
                code,
                name,
                field,
                valid_from,
                valid_to,
            })
            .collect(),
    ))
}

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct SummaryQuery {
    /// `today`, `7d`, `30d` (the default), `month`, `quarter` or `year`; anything else reads as `30d`.
    period: Option<String>,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct SummaryBody {
    unit_id: UnitId,
    period: Period,
    from_ms: i64,
    to_ms: i64,
    /// Units covered: this one and every unit beneath it.
    unit_ids: Vec<UnitId>,
    sample_floor: u64,
    /// Responses of the period flagged as misuse (kiosk repeat presses): in no figure above.
    misuse_excluded: u64,
    /// Responses of the period a manager voided: in no figure above.
    voided_excluded: u64,
    /// Null when the unit's figures may be read; otherwise why `overall`, `indexes`, `timeliness` and the
    /// response rate's `responses` and `value` are null: `below_floor` (fewer answers than `sample_floor`) or
    /// `protects_sibling` (enough answers, withheld because read with its parent's figures it would give away a
    /// sibling's below the floor). The verdicts are the public pages' (docs/decisions/020).
    withheld: Option<Withheld>,
    response_rate: RateBody,
    timeliness: Option<TimelinessBody>,
    method: IndexMethod,
    overall: Option<LevelCounts>,
    /// A figure's `value` is null below `sample_floor` answers.
    indexes: Option<Indexes>,
}

/// Ratings through receipt links by their dossier's result (a coarse flag: the dates are never kept), each by
/// overall level; null where it is below the floor or would give away the other. Other ratings are in neither.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct TimelinessBody {
    on_time: Option<LevelCounts>,
    late: Option<LevelCounts>,
}

/// Responses ÷ transactions over the calendar months the period touches (`YYYY-MM`); `value` null while no
/// transactions are known, and with `responses` while the unit's figures are withheld.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct RateBody {
    first_month: String,
    last_month: String,
    responses: Option<u64>,
    transactions: i64,
    value: Option<f64>,
}

#[utoipa::path(
    get, path = "/api/v1/units/{id}/summary", tag = "results",
    summary = "The figures of the unit and everything beneath it over a period",
    params(("id" = i64, Path, description = "The unit: the caller's or one beneath it", example = 2), SummaryQuery),
    security(("session" = []), ("api_key" = ["results"])),
    responses(
        (status = 200, description = "The figures of the unit and everything beneath it over a period", body = SummaryBody),
        QueryRefusals,
        ReadRefusals,
        UnitNotFound,
    )
)]
pub async fn unit_summary(
    State(state): State<AppState>,
    Reader(principal): Reader,
    Id(id): Id<UnitId>,
    ApiQuery(query): ApiQuery<SummaryQuery>,
) -> ApiResult<SummaryBody> {
    let reach = reach(&state, &principal).await?;
    let unit = reach.unit(id)?;
    let period = Period::parse(query.period.as_deref());
    let window = Window::of(id, period.range(Utc::now()));
    let (_, questionnaire) = state.questionnaires.for_unit(unit);
    let units = unit_tree::subtree(&reach.nodes, id);
    let floor = state.settings.sample_floor;
    let (summary, apart, rate, timeliness, standing) = tokio::try_join!(
        figures::summary(&state.store, questionnaire, &window),
        figures::set_apart(&state.store, &window),
        figures::response_rate(&state.store, &window, &units),
        figures::breakdown(&state.store, &window, Dimension::Timeliness),
        disclosure::standing(&state.store, id, window.from_day, window.to_day, floor),
    )?;
    let shown = standing.own.is_none();
    let counts_of = |member| timeliness.iter().find(|t| t.member == member).map(|t| t.counts).unwrap_or_default();
    let (on_time, late) = (counts_of(1), counts_of(0));
    let answers = [on_time.total(), late.total()];
    let verdicts = disclose(standing.own, &answers, rest(summary.overall.total(), &answers), floor).rows;
    let timeliness = shown.then(|| TimelinessBody {
        on_time: Some(on_time).filter(|_| verdicts[0].is_none()),
        late: Some(late).filter(|_| verdicts[1].is_none()),
    });
    let response_rate = RateBody {
        first_month: month_label(rate.first_month),
        last_month: month_label(rate.last_month),
        responses: shown.then_some(rate.responses),
        transactions: rate.transactions,
        value: rate.value().filter(|_| shown),
    };
    let scope = window.scope();
    Ok(Json(SummaryBody {
        misuse_excluded: apart.misuse,
        voided_excluded: apart.voided,
        withheld: standing.own,
        response_rate,
        timeliness,
        unit_id: id,
        period,
        from_ms: scope.from_ms,
        to_ms: scope.to_ms,
        unit_ids: units,
        sample_floor: floor,
        method: summary.method,
        overall: shown.then_some(summary.overall),
        indexes: shown.then(|| summary.indexes.above_floor(floor)),
    }))
}

/// The most responses one call answers (the store reads no more in one go either).
pub const MAX_RECENT: i64 = 500;

#[derive(Debug, Deserialize, utoipa::IntoParams)]
#[into_params(parameter_in = Query)]
pub struct RecentQuery {
    /// As for the summary, but `today` by default.
    period: Option<String>,
    /// At most this many, newest first: 1 to 500, 50 by default.
    #[param(minimum = 1, maximum = 500)]
    limit: Option<i64>,
}

/// One response. A rating through a receipt link (`channel` `receipt`) is listed only once its local day has
/// closed, carries no `id`, and is dated to that day alone: its `submitted_at` is the start of the day and its
/// `received_at` and `device_at` are null, so that the software holding the links cannot pair it with a dossier by
/// its time or its place among the others.
#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct ResponseBody {
    /// Tells responses apart, and nothing more: the stored id under a keyed permutation, so that its order and gaps
    /// say nothing of when a rating not listed yet arrived (decision 013). Null for a receipt rating.
    id: Option<i64>,
    /// When it happened (a tablet's tap, corrected by its clock's skew), ms since the epoch; for a receipt rating
    /// the start of its local day (00:00, UTC+7).
    submitted_at: i64,
    /// When the server stored it; null for a receipt rating.
    received_at: Option<i64>,
    /// A tablet's tap on its own clock.
    device_at: Option<i64>,
    channel: String,
    overall: u8,
    counter_id: Option<CounterId>,
    official_id: Option<OfficialId>,
    procedure_id: Option<ProcedureId>,
    /// The rule that flagged it as misuse (kept out of every figure unless a manager restored it), if any.
    misuse: Option<String>,
    /// A manager's decision on a flagged response: `confirmed` (stays out) or `restored` (counts).
    misuse_decision: Option<&'static str>,
    /// Why a manager voided it (kept out of every figure), if one did.
    void_reason: Option<String>,
}

/// `GET /api/v1/units/{id}/responses` — the newest responses of the unit's subtree in the period (default today,
/// at most `limit`, 50 by default): for checking what arrived, flagged and voided ones included. No comments or
/// contacts. Receipt ratings come once their day has closed, dated to the day (`ResponseBody`).
#[utoipa::path(
    get, path = "/api/v1/units/{id}/responses", tag = "results",
    summary = "The newest responses of the unit's subtree",
    params(("id" = i64, Path, description = "The unit: the caller's or one beneath it", example = 2), RecentQuery),
    security(("session" = []), ("api_key" = ["results"])),
    responses(
        (status = 200, description = "The newest responses of the unit's subtree", body = Vec<ResponseBody>),
        QueryRefusals,
        ReadRefusals,
        UnitNotFound,
        (status = 422, description = "`limit` is not from 1 to 500", body = ErrorBody),
    )
)]
pub async fn responses(
    State(state): State<AppState>,
    Reader(principal): Reader,
    Id(id): Id<UnitId>,
    ApiQuery(query): ApiQuery<RecentQuery>,
) -> Result<Response, AppError> {
    let reach = reach(&state, &principal).await?;
    reach.check(id)?;
    let limit = query.limit.unwrap_or(50);
    if !(1..=MAX_RECENT).contains(&limit) {
        return Ok(api_invalid(&format!("limit must be from 1 to {MAX_RECENT}"), Vec::new()));
    }
    let period = query.period.as_deref().map_or(Period::Today, |p| Period::parse(Some(p)));
    let scope = Window::of(id, period.range(Utc::now())).scope();
    let rows = state.store.recent_responses(&scope, ListPlace::FIRST, limit, false).await?;
    Ok(Json(
        rows.into_iter()
            .map(|r| {
                let exact = !release::daily(&r.channel);
                ResponseBody {
                    id: exact.then(|| shown_response_id(&state.settings.secret, r.id.get())),
                    submitted_at: release::shown_at(&r.channel, r.submitted_at.millis()),
                    received_at: (r.received_at.filter(|_| exact)).map(Timestamp::millis),
                    device_at: (r.device_at.filter(|_| exact)).map(Timestamp::millis),
                    channel: r.channel,
                    overall: r.overall,
                    counter_id: r.counter_id,
                    official_id: r.official_id,
                    procedure_id: r.procedure_id,
                    misuse: r.misuse_rule,
                    misuse_decision: r.review.map(|review| if review.restored { "restored" } else { "confirmed" }),
                    void_reason: r.void_reason,
                }
            })
            .collect::<Vec<_>>(),
    )
    .into_response())
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct HealthBody {
    /// `ok` or `unavailable`.
    status: &'static str,
    /// `sqlite` or `postgres`.
    database: String,
    /// The program's version.
    version: &'static str,
    /// The newest migration the database has applied; null when it does not answer.
    schema_version: Option<i64>,
}

/// `GET /healthz` — 200 when the database answers, 503 otherwise, with the program's version and the database's
/// schema version. Public, for load balancers.
#[utoipa::path(
    get, path = "/healthz", tag = "health",
    summary = "Whether the server and its database answer",
    responses(
        (status = 200, description = "The database answers", body = HealthBody),
        (status = 503, description = "The database does not answer", body = HealthBody),
    )
)]
pub async fn health(State(state): State<AppState>) -> Response {
    let database = format!("{:?}", state.store.backend()).to_lowercase();
    let version = env!("CARGO_PKG_VERSION");
    match state.store.schema_version().await {
        Ok(schema) => {
            Json(HealthBody { status: "ok", database, version, schema_version: Some(schema) }).into_response()
        }
        Err(e) => {
            tracing::error!(error = %e, "health check failed");
            let body = HealthBody { status: "unavailable", database, version, schema_version: None };
            (StatusCode::SERVICE_UNAVAILABLE, Json(body)).into_response()
        }
    }
}
