//! Transaction counts: `PUT /api/v1/transactions` for the one-stop software (an API key of scope `transactions`),
//! and a manager's CSV import (`import`).
//! Each line sets one unit's count for a month, for a procedure or (none named) for the whole unit; all lines are
//! taken or none, and a unit outside the key's subtree makes the whole request 404.

pub mod import;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::{Deserialize, Serialize};
use serde_json::json;

use crate::domain::access::ApiScope;
use crate::domain::import::MAX_LINES;
use crate::services::transaction_counts::Checker;
use crate::store::NewAuditEntry;
use crate::web::api_key::Machine;
use crate::web::error::{api_invalid, ErrorBody};
use crate::web::{AppError, AppState};

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct TransactionsRequest {
    /// 1 to 5,000 lines, taken all or none.
    counts: Vec<CountLine>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CountLine {
    unit_id: i64,
    /// `YYYY-MM`.
    #[schema(example = "2026-10")]
    month: String,
    /// The catalogue code, with or without a province's suffix; none for the unit's total.
    #[serde(default)]
    procedure_code: Option<String>,
    /// Dossiers received that month, 0 or more: replaces what was sent before for the same line.
    count: i64,
}

#[derive(Debug, Serialize, utoipa::ToSchema)]
pub struct StoredBody {
    /// Lines stored.
    stored: usize,
}

#[utoipa::path(
    put, path = "/api/v1/transactions", tag = "transactions",
    summary = "Set units' monthly transaction counts",
    description = "Each line sets one unit's count of dossiers for a month, for one procedure or (none named) for \
        the whole unit. They size the survey samples and give the response rate (responses ÷ transactions).",
    request_body = TransactionsRequest,
    security(("api_key" = ["transactions"])),
    responses(
        (status = 200, description = "Every line stored", body = StoredBody),
        (status = 401, description = "No key, or a revoked one", body = ErrorBody),
        (status = 403, description = "The key lacks the scope `transactions`", body = ErrorBody),
        (status = 404, description = "A unit is not in the key's subtree: nothing stored", body = ErrorBody),
        (status = 422, description = "Bad lines, each named in `lines`: nothing stored", body = ErrorBody),
        (status = 429, description = "The key's rate limit", body = ErrorBody),
    )
)]
pub async fn put(
    State(state): State<AppState>,
    machine: Machine,
    body: Result<Json<TransactionsRequest>, JsonRejection>,
) -> Result<Response, AppError> {
    let key = &machine.0;
    if !key.allows(ApiScope::Transactions) {
        return Err(AppError::forbidden());
    }
    let Ok(Json(request)) = body else {
        return Ok(invalid(vec!["the body is not {\"counts\": [...]} as JSON (see /api/v1/docs)".into()]));
    };
    if request.counts.is_empty() || request.counts.len() > MAX_LINES {
        return Ok(invalid(vec![format!("send 1 to {MAX_LINES} counts")]));
    }
    let reach = machine.reach(&state.store).await?;
    for line in &request.counts {
        reach.check(line.unit_id)?;
    }
    let units: Vec<i64> = request.counts.iter().map(|l| l.unit_id).collect();
    let checker = Checker::new(&state.store, &units).await?;
    let mut counts = Vec::with_capacity(request.counts.len());
    let mut errors = Vec::new();
    for (n, line) in request.counts.iter().enumerate() {
        match checker.check(line.unit_id, &line.month, line.procedure_code.as_deref(), line.count) {
            Ok(count) => counts.push(count),
            Err(e) => errors.push(format!("counts[{n}]: {}", e.message_en())),
        }
    }
    if !errors.is_empty() {
        return Ok(invalid(errors));
    }
    let now = Utc::now().timestamp_millis();
    let mut tx = state.store.begin().await?;
    tx.set_transaction_counts(&counts, now).await?;
    tx.touch_api_key(key.id, now).await?;
    let who = machine.principal().username;
    let months: Vec<&str> = request.counts.iter().map(|l| l.month.trim()).collect();
    let after =
        json!({ "lines": counts.len(), "total": counts.iter().map(|c| c.count).sum::<i64>(), "months": months });
    tx.audit(NewAuditEntry {
        at: now,
        user_id: None,
        username: &who,
        unit_id: Some(key.unit_id),
        action: "transactions.set",
        target: &format!("unit:{}", key.unit_id),
        before: None,
        after: Some(after),
    })
    .await?;
    tx.commit().await?;
    Ok(Json(StoredBody { stored: counts.len() }).into_response())
}

/// 422 naming every bad line; the message is the first of them.
fn invalid(errors: Vec<String>) -> Response {
    let message = errors.first().cloned().unwrap_or_default();
    api_invalid(&message, errors)
}
