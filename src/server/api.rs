//! The JSON API, `/api/v1/…` (documented in the README), for the signed-in staff session.
//! Errors are JSON `{"error": code, "message": text}` with the matching status.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::access::Reach;
use super::auth::ApiStaff;
use super::extract::ApiId;
use super::period::{local_today, Period};
use super::report::{scope_of, summary, UnitSummary};
use super::AppState;
use crate::domain::access::{Capability, Principal};
use crate::store::{Counter, Official, Procedure, StoreError, Unit};

#[derive(Debug)]
pub enum ApiError {
    Unauthorized,
    Forbidden,
    NotFound,
    Unavailable,
}

impl From<StoreError> for ApiError {
    fn from(e: StoreError) -> ApiError {
        match e {
            StoreError::NotFound => ApiError::NotFound,
            other => {
                tracing::error!(error = %other, "storage failure");
                ApiError::Unavailable
            }
        }
    }
}

impl IntoResponse for ApiError {
    fn into_response(self) -> Response {
        let (status, code, message) = match self {
            ApiError::Unauthorized => (StatusCode::UNAUTHORIZED, "unauthorized", "sign in first"),
            ApiError::Forbidden => (StatusCode::FORBIDDEN, "forbidden", "your role does not allow this"),
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "no such resource"),
            ApiError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable", "storage unavailable"),
        };
        (status, Json(json!({ "error": code, "message": message }))).into_response()
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

/// Unknown API paths answer in JSON too.
pub async fn not_found() -> ApiError {
    ApiError::NotFound
}

/// What this person may read through the API: their subtree, if their role reads unit results at all.
async fn reach(state: &AppState, principal: &Principal) -> Result<Reach, ApiError> {
    if !principal.role.allows(Capability::ViewUnitResults) {
        return Err(ApiError::Forbidden);
    }
    Ok(Reach::of(&state.store, principal).await?)
}

pub async fn units(State(state): State<AppState>, ApiStaff(who): ApiStaff) -> ApiResult<Vec<Unit>> {
    Ok(Json(reach(&state, &who).await?.units))
}

pub async fn unit(State(state): State<AppState>, ApiStaff(who): ApiStaff, ApiId(id): ApiId) -> ApiResult<Unit> {
    Ok(Json(reach(&state, &who).await?.unit(id)?.clone()))
}

pub async fn counters(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    ApiId(id): ApiId,
) -> ApiResult<Vec<Counter>> {
    reach(&state, &who).await?.check(id)?;
    Ok(Json(state.store.counters().await?.into_iter().filter(|c| c.unit_id == id).collect()))
}

pub async fn officials(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    ApiId(id): ApiId,
) -> ApiResult<Vec<Official>> {
    reach(&state, &who).await?.check(id)?;
    Ok(Json(state.store.officials().await?.into_iter().filter(|o| o.unit_id == id).collect()))
}

pub async fn procedures(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    ApiId(id): ApiId,
) -> ApiResult<Vec<Procedure>> {
    reach(&state, &who).await?.check(id)?;
    Ok(Json(state.store.unit_procedures(id, &local_today().to_string()).await?))
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
    #[serde(flatten)]
    summary: UnitSummary,
}

pub async fn unit_summary(
    State(state): State<AppState>,
    ApiStaff(who): ApiStaff,
    ApiId(id): ApiId,
    Query(query): Query<SummaryQuery>,
) -> ApiResult<SummaryBody> {
    let reach = reach(&state, &who).await?;
    let unit = reach.unit(id)?;
    let period = Period::parse(query.period.as_deref());
    let scope = scope_of(&reach.nodes, id, period.range(Utc::now()));
    let (_, questionnaire) = state.questionnaires.for_unit(unit);
    let summary = summary(&state.store, questionnaire, &scope).await?;
    Ok(Json(SummaryBody {
        unit_id: id,
        period,
        from_ms: scope.from_ms,
        to_ms: scope.to_ms,
        unit_ids: scope.unit_ids,
        sample_floor: state.settings.sample_floor,
        summary,
    }))
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
