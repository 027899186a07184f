//! Errors as people see them. Page handlers return [`AppError`]: a whole-page notice in the reader's
//! language with the right status; the internal cause of a storage failure is logged once, here, and never
//! shown. The JSON API has its own shape (`api::ApiError`) built from the same classification.

use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};

use crate::i18n::{Locale, Texts};
use crate::pages::notice::render_notice;
use crate::store::StoreError;

/// Whole-page outcomes that are not the page asked for.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Notice {
    PageNotFound,
    CodeNotFound,
    CodeRevoked,
    RateLimited,
    Conflict,
    BadRequest,
    /// Signed in, but the role does not allow this.
    Forbidden,
    /// A staff form whose CSRF token does not match the session (often: left open past the session).
    FormExpired,
    Unavailable,
}

impl Notice {
    pub fn status(self) -> StatusCode {
        match self {
            Notice::PageNotFound | Notice::CodeNotFound => StatusCode::NOT_FOUND,
            Notice::CodeRevoked => StatusCode::GONE,
            Notice::RateLimited => StatusCode::TOO_MANY_REQUESTS,
            Notice::Conflict => StatusCode::CONFLICT,
            Notice::BadRequest => StatusCode::BAD_REQUEST,
            Notice::FormExpired | Notice::Forbidden => StatusCode::FORBIDDEN,
            Notice::Unavailable => StatusCode::SERVICE_UNAVAILABLE,
        }
    }

    pub fn texts(self, t: &Texts) -> (&'static str, &'static str) {
        match self {
            Notice::PageNotFound => (t.page_not_found_title, t.page_not_found_body),
            Notice::CodeNotFound => (t.not_found_title, t.not_found_body),
            Notice::CodeRevoked => (t.revoked_title, t.revoked_body),
            Notice::RateLimited => (t.rate_limited_title, t.rate_limited_body),
            Notice::Conflict => (t.conflict_title, t.conflict_body),
            Notice::BadRequest => (t.bad_request_title, t.bad_request_body),
            Notice::FormExpired => (t.form_expired_title, t.form_expired_body),
            Notice::Forbidden => (t.forbidden_title, t.forbidden_body),
            Notice::Unavailable => (t.unavailable_title, t.unavailable_body),
        }
    }
}

#[derive(Debug)]
pub enum AppError {
    Notice(Notice, Locale),
    Store(StoreError),
}

impl AppError {
    pub fn notice(notice: Notice, locale: Locale) -> AppError {
        AppError::Notice(notice, locale)
    }
}

impl From<StoreError> for AppError {
    fn from(e: StoreError) -> AppError {
        match e {
            StoreError::NotFound => AppError::Notice(Notice::PageNotFound, Locale::Vi),
            other => AppError::Store(other),
        }
    }
}

impl IntoResponse for AppError {
    fn into_response(self) -> Response {
        let (notice, locale) = match self {
            AppError::Notice(notice, locale) => (notice, locale),
            AppError::Store(cause) => {
                tracing::error!(error = %cause, "storage failure");
                (Notice::Unavailable, Locale::Vi)
            }
        };
        (notice.status(), Html(render_notice(notice, locale))).into_response()
    }
}

/// The fallback for unknown paths (after static files).
pub async fn page_not_found() -> AppError {
    AppError::notice(Notice::PageNotFound, Locale::Vi)
}
