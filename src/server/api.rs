//! The JSON API, `/api/v1/…` (documented in the README), for the signed-in staff session.
//! Errors are JSON `{"error": code, "message": text}` with the matching status.

use axum::extract::{Query, State};
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::routing::get;
use axum::{Json, Router};
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;

use super::auth::ApiStaff;
use super::extract::ApiId;
use super::period::{local_today, Period};
use super::report::{scope_of, summary, UnitSummary};
use super::AppState;
use crate::store::{Counter, Official, Procedure, StoreError, Unit};

#[derive(Debug)]
pub enum ApiError {
    Unauthorized,
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
            ApiError::NotFound => (StatusCode::NOT_FOUND, "not_found", "no such resource"),
            ApiError::Unavailable => (StatusCode::SERVICE_UNAVAILABLE, "unavailable", "storage unavailable"),
        };
        (status, Json(json!({ "error": code, "message": message }))).into_response()
    }
}

type ApiResult<T> = Result<Json<T>, ApiError>;

pub fn router() -> Router<AppState> {
    Router::new()
        .route("/units", get(units))
        .route("/units/{id}", get(unit))
        .route("/units/{id}/counters", get(counters))
        .route("/units/{id}/officials", get(officials))
        .route("/units/{id}/procedures", get(procedures))
        .route("/units/{id}/summary", get(unit_summary))
        .fallback(|| async { ApiError::NotFound })
}

async fn units(State(state): State<AppState>, _: ApiStaff) -> ApiResult<Vec<Unit>> {
    Ok(Json(state.store.units().await?))
}

async fn unit(State(state): State<AppState>, _: ApiStaff, ApiId(id): ApiId) -> ApiResult<Unit> {
    Ok(Json(state.store.unit(id).await?))
}

async fn counters(State(state): State<AppState>, _: ApiStaff, ApiId(id): ApiId) -> ApiResult<Vec<Counter>> {
    state.store.unit(id).await?;
    Ok(Json(state.store.counters().await?.into_iter().filter(|c| c.unit_id == id).collect()))
}

async fn officials(State(state): State<AppState>, _: ApiStaff, ApiId(id): ApiId) -> ApiResult<Vec<Official>> {
    state.store.unit(id).await?;
    Ok(Json(state.store.officials().await?.into_iter().filter(|o| o.unit_id == id).collect()))
}

async fn procedures(State(state): State<AppState>, _: ApiStaff, ApiId(id): ApiId) -> ApiResult<Vec<Procedure>> {
    state.store.unit(id).await?;
    Ok(Json(state.store.unit_procedures(id, &local_today().to_string()).await?))
}

#[derive(Debug, Deserialize)]
struct SummaryQuery {
    period: Option<String>,
}

#[derive(Debug, Serialize)]
struct SummaryBody {
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

async fn unit_summary(
    State(state): State<AppState>,
    _: ApiStaff,
    ApiId(id): ApiId,
    Query(query): Query<SummaryQuery>,
) -> ApiResult<SummaryBody> {
    let unit = state.store.unit(id).await?;
    let units = state.store.units().await?;
    let period = Period::parse(query.period.as_deref());
    let scope = scope_of(&units, id, period.range(Utc::now()));
    let (_, questionnaire) = state.questionnaires.for_unit(&unit);
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
