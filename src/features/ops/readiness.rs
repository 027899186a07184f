//! `GET /readyz`: whether this instance is fit for traffic — its database answers, its schema is exactly this
//! program's, and the counting and the webhook queue keep up. Public; it says nothing a visitor could use.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Serialize;

use super::DATABASE_WAIT;
use crate::store::{Backlog, SchemaState, StoreError};
use crate::web::AppState;

#[derive(Debug, Serialize)]
pub struct Readiness {
    /// `ready` or `not_ready`.
    status: &'static str,
    /// `sqlite` or `postgres`.
    database: String,
    /// The newest migration the database applied; null when it does not answer.
    schema_version: Option<i64>,
    /// How long the oldest rating due for counting has waited; null when the database does not answer.
    counting_lag_seconds: Option<f64>,
    /// Webhook deliveries waiting; null when the database does not answer.
    webhook_queue: Option<i64>,
    /// The checks that failed: `database`, `schema`, `counting_lag`, `webhook_queue`.
    failing: Vec<&'static str>,
}

/// 200 when every check passes, 503 with the failing ones otherwise — never an error page.
pub async fn readyz(State(state): State<AppState>) -> Response {
    let database = format!("{:?}", state.store.backend()).to_lowercase();
    let now = crate::clock::now();
    let read = async { Ok::<_, StoreError>((state.store.schema_state().await?, state.store.backlog(now).await?)) };
    let mut body = match tokio::time::timeout(DATABASE_WAIT, read).await {
        Ok(Ok((schema, backlog))) => judged(database, &schema, backlog, &state),
        Ok(Err(e)) => {
            tracing::warn!(error = %e, "readiness: the database did not answer");
            unanswered(database)
        }
        Err(_) => {
            tracing::warn!("readiness: the database did not answer in time");
            unanswered(database)
        }
    };
    let status = if body.failing.is_empty() { StatusCode::OK } else { StatusCode::SERVICE_UNAVAILABLE };
    body.status = if body.failing.is_empty() { "ready" } else { "not_ready" };
    (status, Json(body)).into_response()
}

fn judged(database: String, schema: &SchemaState, backlog: Backlog, state: &AppState) -> Readiness {
    let limits = &state.settings.watch;
    let lag_ms = backlog.counting_lag_ms.unwrap_or(0);
    let checks = [
        ("schema", schema.pending == 0 && schema.unknown.is_empty()),
        ("counting_lag", lag_ms <= limits.ready_counting_lag_ms),
        ("webhook_queue", backlog.webhook_queue <= limits.ready_webhook_queue),
    ];
    Readiness {
        status: "",
        database,
        schema_version: schema.applied,
        counting_lag_seconds: Some(lag_ms as f64 / 1000.0),
        webhook_queue: Some(backlog.webhook_queue),
        failing: checks.iter().filter(|(_, ok)| !ok).map(|(name, _)| *name).collect(),
    }
}

fn unanswered(database: String) -> Readiness {
    Readiness {
        status: "",
        database,
        schema_version: None,
        counting_lag_seconds: None,
        webhook_queue: None,
        failing: vec!["database"],
    }
}
