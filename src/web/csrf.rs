//! CSRF protection for every state-changing staff form (synchroniser token): the session holds a random
//! token, each form carries it in a hidden `csrf` field, and [`CsrfForm`] refuses a post without the match.
//! The token is masked afresh in every page (a random pad and the token XOR the pad), so a compressed page never
//! repeats the secret beside reflected input (BREACH). The login form, shown before any session exists, carries a
//! stateless token instead: signed, short-lived and bound to a cookie of the browser ([`login_token`]).
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

/// The token a page's forms carry: the session's, masked afresh (`None` without a session token).
pub async fn page_token(session: &Session) -> Option<String> {
    token(session).await.map(|t| masked(&t))
}

pub async fn renew_token(session: &Session) -> Result<String, AppError> {
    let token = hex::encode(rand::random::<[u8; 32]>());
    session.insert(SESSION_CSRF, &token).await.map_err(AppError::session)?;
    Ok(token)
}

/// The session's token as a page carries it: `hex(pad) ‖ hex(pad XOR token)`, different in every response.
pub fn masked(token: &str) -> String {
    let token = hex::decode(token).unwrap_or_default();
    let pad: Vec<u8> = (0..token.len()).map(|_| rand::random::<u8>()).collect();
    let xored: Vec<u8> = pad.iter().zip(&token).map(|(p, t)| p ^ t).collect();
    format!("{}{}", hex::encode(pad), hex::encode(xored))
}

fn unmasked(given: &str) -> Option<String> {
    let bytes = hex::decode(given).ok()?;
    let (pad, xored) = bytes.split_at(bytes.len() / 2);
    (pad.len() == xored.len() && !pad.is_empty())
        .then(|| hex::encode(pad.iter().zip(xored).map(|(p, x)| p ^ x).collect::<Vec<u8>>()))
}

/// Constant-time comparison of the session's token with the form's (unmasked); either missing is a mismatch.
fn token_matches(expected: Option<&str>, given: Option<&str>) -> bool {
    match (expected, given.and_then(unmasked)) {
        (Some(expected), Some(given)) => bool::from(expected.as_bytes().ct_eq(given.as_bytes())),
        _ => false,
    }
}

/// Refuses a post whose `csrf` field does not match the session's token (for handlers that read the form
/// themselves).
pub async fn check(session: &Session, given: Option<&str>) -> Result<(), AppError> {
    if token_matches(token(session).await.as_deref(), given) {
        Ok(())
    } else {
        tracing::warn!("form refused: missing or wrong CSRF token");
        Err(expired_form())
    }
}

/// The cookie that binds a login form to the browser that opened it.
pub const LOGIN_COOKIE: &str = "hailong_login";
/// How long a login form stays usable.
const LOGIN_TOKEN_MS: i64 = 2 * 3600 * 1000;

/// The login form's token: `issued_ms.mac`, the MAC over the browser's cookie nonce and the time. Nothing is stored.
pub fn login_token(secret: &[u8], nonce: &str, now_ms: i64) -> String {
    format!("{now_ms}.{}", login_mac(secret, nonce, now_ms))
}

/// Whether `given` was issued to this browser (its `nonce` cookie) less than two hours ago.
pub fn login_token_valid(secret: &[u8], nonce: Option<&str>, given: &str, now_ms: i64) -> bool {
    let Some((issued, mac)) = given.split_once('.') else { return false };
    let (Some(nonce), Ok(issued)) = (nonce, issued.parse::<i64>()) else { return false };
    let fresh = (0..LOGIN_TOKEN_MS).contains(&(now_ms - issued));
    fresh && bool::from(login_mac(secret, nonce, issued).as_bytes().ct_eq(mac.as_bytes()))
}

fn login_mac(secret: &[u8], nonce: &str, issued_ms: i64) -> String {
    use hmac::{Hmac, Mac};
    let mut mac = Hmac::<sha2::Sha256>::new_from_slice(secret).expect("HMAC accepts keys of any length");
    mac.update(b"login-form\0");
    mac.update(nonce.as_bytes());
    mac.update(&issued_ms.to_be_bytes());
    hex::encode(mac.finalize().into_bytes())
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
pub fn expired_form() -> AppError {
    AppError::notice(Notice::FormExpired, Locale::Vi)
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_masked_token_matches_its_session_token_and_differs_every_time() {
        let token = hex::encode([7u8; 32]);
        let (a, b) = (masked(&token), masked(&token));
        assert_ne!(a, b, "two pages never carry the same bytes");
        assert!(token_matches(Some(&token), Some(&a)) && token_matches(Some(&token), Some(&b)));
        assert!(!token_matches(Some(&token), Some(&token)), "the bare token is not a masked one");
        assert!(!token_matches(Some(&hex::encode([8u8; 32])), Some(&a)));
        assert!(!token_matches(None, Some(&a)) && !token_matches(Some(&token), Some("zz")));
    }

    #[test]
    fn a_login_token_is_bound_to_its_cookie_and_runs_out_after_two_hours() {
        let secret = b"a secret of the server";
        let token = login_token(secret, "nonce-a", 1_000);
        assert!(login_token_valid(secret, Some("nonce-a"), &token, 1_000 + 60_000));
        assert!(!login_token_valid(secret, Some("nonce-b"), &token, 1_000), "another browser's cookie");
        assert!(!login_token_valid(secret, None, &token, 1_000), "no cookie");
        assert!(!login_token_valid(secret, Some("nonce-a"), &token, 1_000 + LOGIN_TOKEN_MS), "too old");
        assert!(!login_token_valid(b"another secret", Some("nonce-a"), &token, 1_000));
        assert!(!login_token_valid(secret, Some("nonce-a"), "garbage", 1_000));
    }
}
