//! Transaction counts: `PUT /api/v1/transactions` for the one-stop software (an API key of scope `transactions`),
//! and a manager's CSV import (`import`).
//! Each line sets one unit's count for a month, for a procedure or (none named) for the whole unit; all lines are
//! taken or none, and a unit outside the key's subtree makes the whole request 404.

pub mod import;

use axum::extract::rejection::JsonRejection;
use axum::extract::State;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::{Deserialize, Serialize};
use serde_json::json;

use utoipa::openapi::Schema;

use crate::domain::access::ApiScope;
use crate::domain::ids::UnitId;
use crate::domain::import::MAX_LINES;
use crate::domain::period::{parse_month_label, MONTH_PATTERN};
use crate::features::api::openapi::{text_schema, BodyRefusals, KeyRefusals};
use crate::i18n::Locale;
use crate::services::transaction_counts::{Checker, LineError};
use crate::store::NewAuditEntry;
use crate::web::api_input::json_body;
use crate::web::api_key::Machine;
use crate::web::error::{api_invalid, ErrorBody};
use crate::web::{AppError, AppState};

/// The body a request of [`MAX_LINES`] lines takes: 5,000 lines of about 100 bytes, and room (the API's other calls take 64 KiB).
pub const MAX_BODY_BYTES: usize = 1024 * 1024;

#[derive(Debug, Deserialize, utoipa::ToSchema)]
#[schema(example = json!({ "counts": [
    { "unit_id": 2, "month": "2026-11", "count": 812 },
    { "unit_id": 2, "month": "2026-11", "procedure_code": "1.001193", "count": 120 },
] }))]
pub struct TransactionsRequest {
    /// 1 to 5,000 lines, taken all or none.
    #[schema(min_items = 1, max_items = 5000)]
    counts: Vec<CountLine>,
}

#[derive(Debug, Deserialize, utoipa::ToSchema)]
pub struct CountLine {
    unit_id: UnitId,
    #[schema(schema_with = month_schema)]
    month: String,
    /// The catalogue code, with or without a province's suffix; none for the unit's total.
    #[serde(default)]
    procedure_code: Option<String>,
    /// Dossiers received that month, 0 to 10,000,000: replaces what was sent before for the same line.
    #[schema(minimum = 0, maximum = 10_000_000)]
    count: i64,
}

fn month_schema() -> Schema {
    text_schema("`YYYY-MM`, e.g. `2026-10`: this month or one before.", 7, Some(7), MONTH_PATTERN)
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
        KeyRefusals,
        (status = 404, description = "A unit is not in the key's subtree: nothing stored", body = ErrorBody),
        BodyRefusals,
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
    let request = match json_body(body) {
        Ok(request) => request,
        Err(unreadable) => return Ok(unreadable.into_response()),
    };
    if request.counts.is_empty() || request.counts.len() > MAX_LINES {
        return Ok(invalid(vec![format!("send 1 to {MAX_LINES} counts")]));
    }
    let reach = machine.reach(&state.store).await?;
    for line in &request.counts {
        reach.check(line.unit_id)?;
    }
    let units: Vec<UnitId> = request.counts.iter().map(|l| l.unit_id).collect();
    let checker = Checker::new(&state.store, &units).await?;
    let mut counts = Vec::with_capacity(request.counts.len());
    let mut errors = Vec::new();
    for (n, line) in request.counts.iter().enumerate() {
        // The API takes a month only as it is described (`YYYY-MM`); the checker also reads a file's `2026-1`.
        let checked = match parse_month_label(&line.month) {
            Some(_) => checker.check(line.unit_id, &line.month, line.procedure_code.as_deref(), line.count),
            None => Err(LineError::BadMonth),
        };
        match checked {
            Ok(count) => counts.push(count),
            Err(e) => errors.push(format!("counts[{n}]: {}", e.message(Locale::En.texts().transactions))),
        }
    }
    if !errors.is_empty() {
        return Ok(invalid(errors));
    }
    let now = crate::clock::now();
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
