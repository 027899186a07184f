//! The one error type of the web layer. Handlers and extractors return [`AppError`]; it becomes a whole-page
//! notice in the reader's language with the right status, or — under `/api` — the same refusal as JSON, an
//! [`ErrorBody`] (see [`json_errors_under_api`]): the one error shape of every JSON answer, documented in the OpenAPI
//! description. The internal cause of a storage failure is logged once, here, and never shown.

use axum::extract::Request;
use axum::http::StatusCode;
use axum::middleware::Next;
use axum::response::{Html, IntoResponse, Redirect, Response};
use axum::Json;
use serde::Serialize;

use crate::i18n::Locale;
use crate::pages::notice::{render_notice, Notice};
use crate::store::StoreError;

#[derive(Debug)]
pub enum AppError {
    Notice(Notice, Locale),
    /// Nobody is signed in: a page sends the person to sign in (and back to `next`); the API answers 401.
    SignIn {
        next: String,
    },
    /// Signed in with a temporary password: pages send the person to replace it; the API answers 403.
    PasswordChangeRequired,
    Store(StoreError),
}

impl AppError {
    pub fn notice(notice: Notice, locale: Locale) -> AppError {
        AppError::Notice(notice, locale)
    }

    /// The answer for anything outside the caller's reach, or that does not exist: the two look the same.
    pub fn not_found() -> AppError {
        AppError::Notice(Notice::PageNotFound, Locale::Vi)
    }

    pub fn forbidden() -> AppError {
        AppError::Notice(Notice::Forbidden, Locale::Vi)
    }

    pub fn bad_request() -> AppError {
        AppError::Notice(Notice::BadRequest, Locale::Vi)
    }

    /// Work that could not be done now (the CPU pool lost the job, a file writer failed): logged, answered 503.
    pub fn unavailable(what: &str, error: impl std::fmt::Display) -> AppError {
        tracing::error!(%error, "{what} failed");
        AppError::Notice(Notice::Unavailable, Locale::Vi)
    }

    /// The session store failed (the database, in our case).
    pub fn session(e: tower_sessions::session::Error) -> AppError {
        tracing::error!(error = %e, "session store failure");
        AppError::Notice(Notice::Unavailable, Locale::Vi)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound => AppError::not_found(),
            other => AppError::Store(other),
        }
    }
}

/// A rating not stored: the store's refusal, or the server stopping (answered 503, to be sent again).
impl From<crate::services::ingest::IngestError> for AppError {
    fn from(e: crate::services::ingest::IngestError) -> AppError {
        match e {
            crate::services::ingest::IngestError::Store(e) => e.into(),
            stopped => AppError::unavailable("storing a rating", stopped),
        }
    }
}

/// Hashing a password failed (the CPU pool lost the job): the system is not able to answer now.
impl From<crate::services::password::HashFailed> for AppError {
    fn from(e: crate::services::password::HashFailed) -> AppError {
        tracing::error!(error = %e, "password hashing failed");
        AppError::Notice(Notice::Unavailable, Locale::Vi)
    }
}

/// What a refused request was, kept on the response so that [`json_errors`] can answer the API in JSON.
#[derive(Clone, Copy, Debug)]
struct Refusal {
    code: &'static str,
    message: &'static str,
}

fn status(notice: Notice) -> StatusCode {
    match notice {
        Notice::PageNotFound | Notice::CodeNotFound => StatusCode::NOT_FOUND,
        Notice::CodeRevoked | Notice::ReceiptUsed | Notice::ReceiptExpired => StatusCode::GONE,
        Notice::RateLimited | Notice::TooManyRequests => StatusCode::TOO_MANY_REQUESTS,
        Notice::Conflict => StatusCode::CONFLICT,
        Notice::BadRequest => StatusCode::BAD_REQUEST,
        Notice::FormExpired | Notice::Forbidden | Notice::CrossSite => StatusCode::FORBIDDEN,
        Notice::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
    }
}

fn refusal(notice: Notice) -> Refusal {
    let (code, message) = match notice {
        Notice::PageNotFound | Notice::CodeNotFound => ("not_found", "no such resource"),
        Notice::CodeRevoked => ("gone", "this code was revoked"),
        Notice::ReceiptUsed => ("gone", "this receipt link has been used"),
        Notice::ReceiptExpired => ("gone", "this receipt link has expired"),
        Notice::RateLimited | Notice::TooManyRequests => ("rate_limited", "too many requests"),
        Notice::Conflict => ("conflict", "conflicting request"),
        Notice::BadRequest => ("bad_request", "malformed request"),
        Notice::Forbidden | Notice::FormExpired => ("forbidden", "your role does not allow this"),
        Notice::CrossSite => ("cross_site", "sent from another site"),
        Notice::Unavailable => ("unavailable", "storage unavailable"),
    };
    Refusal { code, message }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (notice, locale) = match self {
            AppError::Notice(notice, locale) => (notice, locale),
            AppError::SignIn { next } => {
                let mut response = Redirect::to(&format!("/login?next={}", urlencode(&next))).into_response();
                response.extensions_mut().insert(Refusal { code: "unauthorized", message: "sign in first" });
                return response;
            }
            AppError::PasswordChangeRequired => {
                let mut response = Redirect::to("/account/password").into_response();
                let refusal = Refusal { code: "password_change_required", message: "change the temporary password" };
                response.extensions_mut().insert(refusal);
                return response;
            }
            AppError::Store(cause) => {
                tracing::error!(error = %cause, "storage failure");
                (Notice::Unavailable, Locale::Vi)
            }
        };
        let mut response = (status(notice), Html(render_notice(notice, locale))).into_response();
        response.extensions_mut().insert(refusal(notice));
        response
    }
}

/// Middleware: under `/api/` and `/kiosk/api/` (the tablets' calls), a refusal becomes `{"error": code, "message":
/// text}` with its status (a sign-in
/// redirect becomes 401). Other responses pass untouched.
pub async fn json_errors_under_api(request: Request, next: Next) -> Response {
    let api = request.uri().path().starts_with("/api/") || request.uri().path().starts_with("/kiosk/api/");
    let response = next.run(request).await;
    if api {
        json_errors(response)
    } else {
        response
    }
}

fn json_errors(response: Response) -> Response {
    let Some(refusal) = response.extensions().get::<Refusal>().copied() else {
        return response;
    };
    let status = match refusal.code {
        "unauthorized" => StatusCode::UNAUTHORIZED,
        "password_change_required" => StatusCode::FORBIDDEN,
        _ => response.status(),
    };
    api_refusal(status, refusal.code, refusal.message)
}

/// Every refusal of the JSON API and the tablets' calls.
#[derive(Debug, Serialize, utoipa::ToSchema)]
#[schema(examples(json!({"error": "invalid", "message": "received_on is not a date as YYYY-MM-DD"})))]
pub struct ErrorBody {
    /// What went wrong, for programs: `unauthorized` (no or a revoked key, no session: 401), `forbidden` (the key's
    /// scopes or the role do not allow it: 403), `password_change_required` (403), `not_found` (no such thing, or
    /// outside the caller's subtree, or a path id that is not a number: 404), `invalid` (the body is JSON of another
    /// shape, or it or the query string was read but a value is wrong: 422), `bad_request` (the body is not JSON or
    /// the query string does not read: 400), `too_large` (413), `unsupported_media_type` (415), `conflict` (409),
    /// `gone` (410), `rate_limited` (429), `cross_site` (403), `unavailable` (503).
    pub error: &'static str,
    /// What went wrong, for people (English).
    pub message: String,
    /// Every wrong line of a request of many lines, each named by its place (`counts[3]: …`); absent otherwise.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    pub lines: Vec<String>,
}

/// A JSON refusal in the one shape.
pub fn api_refusal(status: StatusCode, code: &'static str, message: &str) -> Response {
    (status, Json(ErrorBody { error: code, message: message.to_owned(), lines: Vec::new() })).into_response()
}

/// 422 `invalid`: the request was read, but what it says cannot be taken. `lines` names each wrong line, if many.
pub fn api_invalid(message: &str, lines: Vec<String>) -> Response {
    let body = ErrorBody { error: "invalid", message: message.to_owned(), lines };
    (StatusCode::UNPROCESSABLE_ENTITY, Json(body)).into_response()
}

/// The fallback for unknown paths (after static files).
pub async fn page_not_found() -> AppError {
    AppError::not_found()
}

/// Percent-encodes everything but unreserved characters and `/`, for a path carried in a query.
fn urlencode(s: &str) -> String {
    s.bytes()
        .map(|b| match b {
            b'A'..=b'Z' | b'a'..=b'z' | b'0'..=b'9' | b'-' | b'_' | b'.' | b'~' | b'/' => (b as char).to_string(),
            _ => format!("%{b:02X}"),
        })
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn next_survives_the_round_trip_through_the_query() {
        assert_eq!(urlencode("/dashboard?unit=2&period=7d"), "/dashboard%3Funit%3D2%26period%3D7d");
    }
}
