//! A counter tablet, by its device credential: a random secret the tablet received when it was paired, kept in an
//! HttpOnly cookie of the kiosk's path (SameSite=Strict, so no other site's page can send it). Only its SHA-256 is
//! stored. A revoked tablet is still recognised, so it can be told so.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use axum::response::{IntoResponse, Redirect, Response};
use base64::Engine;

use super::extract::cookie;
use super::{AppError, AppState};
use crate::domain::token::stored_hash;
use crate::store::Device;

pub const DEVICE_COOKIE: &str = "hailong_kiosk";

/// Who the tablet is.
pub enum Tablet {
    /// No credential, or one we do not know.
    Unpaired,
    Revoked(Device),
    Paired(Device),
}

impl FromRequestParts<AppState> for Tablet {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Some(credential) = cookie(&parts.headers, DEVICE_COOKIE) else { return Ok(Tablet::Unpaired) };
        Ok(match state.store.device_by_credential(&stored_hash(&credential)).await? {
            None => Tablet::Unpaired,
            Some(device) if device.is_revoked() => Tablet::Revoked(device),
            Some(device) => Tablet::Paired(device),
        })
    }
}

/// A new credential (256 random bits, URL-safe) and the hash to store.
pub fn new_credential() -> (String, String) {
    let credential = base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>());
    let hash = stored_hash(&credential);
    (credential, hash)
}

/// Hands a credential to a device (a tablet under `/kiosk`, a surveyor's phone under `/dieu-tra`) and sends it to
/// `path`: a cookie of ten years, of that path only, never readable by scripts nor sent by another site.
pub fn hand_credential(cookie_name: &str, path: &str, credential: &str, secure: bool) -> Response {
    let secure = if secure { "; Secure" } else { "" };
    let cookie =
        format!("{cookie_name}={credential}; Path={path}; HttpOnly; SameSite=Strict; Max-Age=315360000{secure}");
    let mut response = Redirect::to(path).into_response();
    if let Ok(cookie) = HeaderValue::from_str(&cookie) {
        response.headers_mut().insert(header::SET_COOKIE, cookie);
    }
    response
}
