//! CSRF protection for every state-changing staff form (synchroniser token): the session holds a random
//! token, each form carries it in a hidden `csrf` field, and [`CsrfForm`] refuses a post without the match.
//! Citizen forms carry no ambient authority (no login), so they need none.

use axum::body::Bytes;
use axum::extract::{FromRequest, FromRequestParts, Request};
use serde::de::DeserializeOwned;
use subtle::ConstantTimeEq;
use tower_sessions::Session;

use crate::i18n::Locale;
use crate::pages::notice::Notice;
use crate::web::{AppError, AppState};

const SESSION_CSRF: &str = "csrf";

pub async fn token(session: &Session) -> Option<String> {
    session.get::<String>(SESSION_CSRF).await.ok().flatten()
}

/// The session's token, creating the session and the token on first use.
pub async fn ensure_token(session: &Session) -> Result<String, AppError> {
    match token(session).await {
        Some(token) => Ok(token),
        None => renew_token(session).await,
    }
}

pub async fn renew_token(session: &Session) -> Result<String, AppError> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    session.insert(SESSION_CSRF, &token).await.map_err(AppError::session)?;
    Ok(token)
}

/// Constant-time comparison of the session's token with the form's; either missing is a mismatch.
fn token_matches(expected: Option<&str>, given: Option<&str>) -> bool {
    match (expected, given) {
        (Some(expected), Some(given)) => bool::from(expected.as_bytes().ct_eq(given.as_bytes())),
        _ => false,
    }
}

/// A urlencoded form whose `csrf` field matches the session's token; other fields deserialise into `T`.
pub struct CsrfForm<T>(pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for CsrfForm<T> {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let session = Session::from_request_parts(&mut parts, state).await.map_err(|_| AppError::bad_request())?;
        let expected = token(&session).await;
        let bytes =
            Bytes::from_request(Request::from_parts(parts, body), state).await.map_err(|_| AppError::bad_request())?;
        let pairs: Vec<(String, String)> = serde_urlencoded::from_bytes(&bytes).unwrap_or_default();
        let given = pairs.iter().find(|(name, _)| name == "csrf").map(|(_, value)| value.as_str());
        if !token_matches(expected.as_deref(), given) {
            tracing::warn!("form refused: missing or wrong CSRF token");
            return Err(expired_form());
        }
        serde_urlencoded::from_bytes(&bytes).map(CsrfForm).map_err(|_| AppError::bad_request())
    }
}

/// A form that carries nothing but its CSRF token (a button: sign out, revoke, issue a new code).
#[derive(Debug, serde::Deserialize)]
pub struct NoFields {}

/// A `multipart/form-data` staff form (one with a file): its text fields, its one file if any, and a
/// `csrf` field that matched the session's token.
pub struct CsrfMultipart {
    pub fields: Vec<(String, String)>,
    /// The bytes of the (last) non-empty file field.
    pub file: Option<Vec<u8>>,
}

impl CsrfMultipart {
    pub fn field(&self, name: &str) -> &str {
        self.fields.iter().find(|(n, _)| n == name).map_or("", |(_, v)| v.as_str())
    }
}

impl FromRequest<AppState> for CsrfMultipart {
    type Rejection = AppError;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Self::Rejection> {
        let (mut parts, body) = request.into_parts();
        let session = Session::from_request_parts(&mut parts, state).await.map_err(|_| AppError::bad_request())?;
        let expected = token(&session).await;
        let bad = AppError::bad_request;
        let mut multipart =
            axum::extract::Multipart::from_request(Request::from_parts(parts, body), state).await.map_err(|_| bad())?;
        let mut form = CsrfMultipart { fields: Vec::new(), file: None };
        while let Some(field) = multipart.next_field().await.map_err(|_| bad())? {
            let name = field.name().unwrap_or_default().to_owned();
            if field.file_name().is_some() {
                let bytes = field.bytes().await.map_err(|_| bad())?;
                if !bytes.is_empty() {
                    form.file = Some(bytes.to_vec());
                }
            } else {
                form.fields.push((name, field.text().await.map_err(|_| bad())?));
            }
        }
        let given = form.field("csrf");
        if !token_matches(expected.as_deref(), Some(given)) {
            tracing::warn!("upload refused: missing or wrong CSRF token");
            return Err(expired_form());
        }
        Ok(form)
    }
}

/// What a person sees when a form's token does not match: most often a page left open past the session.
fn expired_form() -> AppError {
    AppError::notice(Notice::FormExpired, Locale::Vi)
}
