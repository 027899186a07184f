//! The citizen's phone, as far as one-phone-one-voice needs (`domain::misuse`): a random first-party cookie that
//! the form sets, holding nothing personal, and read back when a rating is sent. What a rating keeps of it is its
//! hash under the day's salt (`web::client`), so nothing links a phone's ratings across days or back to the cookie.
//! A browser that refuses cookies is known by the day's client hash instead.

use axum::extract::FromRequestParts;
use axum::http::request::Parts;
use axum::http::{header, HeaderValue};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::client::ClientHash;
use super::AppState;

const COOKIE: &str = "hailong_phone";
/// A year: a citizen's phone is known again at their next visit's form, which then renews nothing.
const MAX_AGE_SECONDS: u32 = 365 * 86_400;

/// The phone a request came from, for today: `p…` from its cookie, or `n…` from the client's hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Phone {
    pub voice_hash: String,
    /// Whether the request carried the cookie (the form sets one when not).
    pub known: bool,
}

impl FromRequestParts<AppState> for Phone {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let cookie = parts
            .headers
            .get_all(header::COOKIE)
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(';'))
            .filter_map(|pair| pair.trim().strip_prefix(COOKIE)?.strip_prefix('='))
            .find(|value| value.len() == 32 && value.bytes().all(|b| b.is_ascii_hexdigit()));
        Ok(match cookie {
            Some(cookie) => {
                let salt = state.salt.for_day(crate::domain::period::local_date(chrono::Utc::now()));
                let mut mac = Hmac::<Sha256>::new_from_slice(&salt).expect("HMAC accepts keys of any length");
                mac.update(cookie.to_ascii_lowercase().as_bytes());
                Phone { voice_hash: format!("p{}", hex::encode(&mac.finalize().into_bytes()[..8])), known: true }
            }
            None => {
                let Ok(client) = ClientHash::from_request_parts(parts, state).await;
                Phone { voice_hash: format!("n{}", client.0), known: false }
            }
        })
    }
}

/// The `Set-Cookie` that makes a phone known: 128 random bits, first-party, not readable by scripts.
pub fn new_phone_cookie(secure: bool) -> HeaderValue {
    let secure = if secure { "; Secure" } else { "" };
    let value = format!(
        "{COOKIE}={}; Max-Age={MAX_AGE_SECONDS}; Path=/; HttpOnly; SameSite=Lax{secure}",
        hex::encode(rand::random::<[u8; 16]>())
    );
    HeaderValue::from_str(&value).expect("hex and plain ASCII")
}
