//! `/admin/transactions` — a manager's CSV of transaction counts for the units of their subtree: a preview with a
//! verdict per line, then the good lines imported in one change with its audit entry.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use serde::Deserialize;
use serde_json::json;

use crate::domain::access::Capability;
use crate::pages::transactions::{render_transactions, CountsOutcome, TransactionsView};
use crate::services::audit::{self, Change};
use crate::services::transaction_counts::{read_csv, CsvCounts};
use crate::web::access::{require, Reach};
use crate::web::caller::Staff;
use crate::web::csrf::{CsrfForm, CsrfMultipart};
use crate::web::{AppError, AppState};

pub async fn page(State(_): State<AppState>, staff: Staff) -> Result<Html<String>, AppError> {
    require(&staff.principal, Capability::ManageCatalogue)?;
    Ok(Html(render_transactions(TransactionsView { staff: staff.bar(), outcome: None })))
}

/// `POST /admin/transactions/preview` (multipart, the `counts` file).
pub async fn preview(State(state): State<AppState>, staff: Staff, form: CsrfMultipart) -> Result<Response, AppError> {
    let bytes = form.file.unwrap_or_default();
    let read = match read(&state, &staff, &bytes).await? {
        Ok(read) => read,
        Err(refused) => return Ok(refused),
    };
    let outcome = CountsOutcome::Preview { text: String::from_utf8_lossy(&bytes).into_owned(), read };
    Ok(Html(render_transactions(TransactionsView { staff: staff.bar(), outcome: Some(outcome) })).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct ImportForm {
    #[serde(default)]
    csv: String,
}

/// `POST /admin/transactions/import` — the previewed file, checked again, its good lines stored.
pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    CsrfForm(form): CsrfForm<ImportForm>,
) -> Result<Response, AppError> {
    let CsvCounts { counts, problems } = match read(&state, &staff, form.csv.as_bytes()).await? {
        Ok(read) => read,
        Err(refused) => return Ok(refused),
    };
    let skipped = problems.count();
    let mut tx = state.store.begin().await?;
    tx.set_transaction_counts(&counts, crate::clock::now()).await?;
    let total: i64 = counts.iter().map(|c| c.count).sum();
    let change = Change {
        unit_id: staff.principal.unit_id,
        action: "transactions.import",
        target: "transactions".into(),
        before: None,
        after: Some(json!({ "stored": counts.len(), "skipped": skipped, "total": total })),
    };
    audit::commit(tx, &staff.principal, change).await?;
    let outcome = CountsOutcome::Imported { stored: counts.len(), skipped };
    Ok(Html(render_transactions(TransactionsView { staff: staff.bar(), outcome: Some(outcome) })).into_response())
}

/// The file's lines checked against the manager's subtree, or the page saying why the file cannot be read (422).
async fn read(state: &AppState, staff: &Staff, bytes: &[u8]) -> Result<Result<CsvCounts, Response>, AppError> {
    require(&staff.principal, Capability::ManageCatalogue)?;
    let reach = Reach::of(&state.store, &staff.principal).await?;
    Ok(match read_csv(&state.store, bytes, &reach.units).await? {
        Ok(read) => Ok(read),
        Err(e) => {
            let view = TransactionsView { staff: staff.bar(), outcome: Some(CountsOutcome::Refused(e)) };
            Err((StatusCode::UNPROCESSABLE_ENTITY, Html(render_transactions(view))).into_response())
        }
    })
}
