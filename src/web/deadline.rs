//! Bounds on each request, whatever serves it: the longest pause between two chunks of a body, and a deadline
//! from the request's head to the answer's head (body reading included). A live stream answers its head at once
//! and its events flow after, so the deadline never cuts one.

use std::time::Duration;

use axum::extract::{Request, State};
use axum::middleware::Next;
use axum::response::{IntoResponse, Response};

use super::{AppError, AppState};
use crate::i18n::Locale;
use crate::pages::notice::Notice;

/// `HAILONG_BODY_TIMEOUT_SECONDS` and `HAILONG_REQUEST_TIMEOUT_SECONDS`.
#[derive(Clone, Copy, Debug)]
pub struct RequestLimits {
    pub body_gap: Duration,
    pub deadline: Duration,
}

/// Past the deadline the client gets 503 (ErrorBody under the API) and the work is dropped.
pub async fn request_deadline(State(state): State<AppState>, request: Request, next: Next) -> Response {
    match tokio::time::timeout(state.settings.requests.deadline, next.run(request)).await {
        Ok(response) => response,
        Err(_) => {
            tracing::warn!("a request ran past its deadline");
            AppError::notice(Notice::Unavailable, Locale::Vi).into_response()
        }
    }
}
