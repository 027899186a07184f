//! Who is calling, as far as we need to know: a salted, daily-rotated hash of the client address (never
//! the address itself), and a per-client rate limit on submissions and logins.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::AppState;

/// The client's hash for today: HMAC(secret, day ‖ address), 16 hex digits. It identifies a client within
/// one local day only, which is all that rate limiting and misuse checks need.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClientHash(pub String);

impl FromRequestParts<AppState> for ClientHash {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ip = client_ip(parts, state.settings.trust_proxy);
        let day = crate::domain::period::local_date(chrono::Utc::now()).to_string();
        Ok(ClientHash::of(&state.settings.secret, &day, ip))
    }
}

impl ClientHash {
    pub fn of(secret: &[u8], day: &str, ip: Option<IpAddr>) -> ClientHash {
        let mut mac = Hmac::<Sha256>::new_from_slice(secret).expect("HMAC accepts keys of any length");
        mac.update(b"client\0");
        mac.update(day.as_bytes());
        mac.update(b"\0");
        mac.update(ip.map(|ip| ip.to_string()).unwrap_or_default().as_bytes());
        ClientHash(hex::encode(&mac.finalize().into_bytes()[..8]))
    }
}

/// The peer address, or behind a trusted reverse proxy the last hop it appended to X-Forwarded-For.
fn client_ip(parts: &Parts, trust_proxy: bool) -> Option<IpAddr> {
    if trust_proxy {
        let hops: Vec<&str> = parts
            .headers
            .get_all("x-forwarded-for")
            .iter()
            .filter_map(|v| v.to_str().ok())
            .flat_map(|v| v.split(','))
            .collect();
        let forwarded = hops.last().and_then(|hop| hop.trim().parse::<IpAddr>().ok());
        if forwarded.is_some() {
            return forwarded;
        }
    }
    parts.extensions.get::<ConnectInfo<SocketAddr>>().map(|c| c.0.ip())
}

/// Rate limits keyed by client hash: one for citizen submissions, a stricter one for login attempts.
pub struct SubmissionLimiter {
    submissions: DefaultKeyedRateLimiter<String>,
    logins: DefaultKeyedRateLimiter<String>,
}

impl SubmissionLimiter {
    pub fn new(submissions_per_minute: u32, logins_per_minute: u32) -> SubmissionLimiter {
        let per_minute = NonZeroU32::new(submissions_per_minute).unwrap_or(NonZeroU32::MIN);
        let logins = NonZeroU32::new(logins_per_minute).unwrap_or(NonZeroU32::MIN);
        SubmissionLimiter {
            submissions: RateLimiter::keyed(Quota::per_minute(per_minute)),
            logins: RateLimiter::keyed(Quota::per_minute(logins)),
        }
    }

    pub fn allow_submission(&self, client: &ClientHash) -> bool {
        self.submissions.check_key(&client.0).is_ok()
    }

    pub fn allow_login(&self, client: &ClientHash) -> bool {
        self.logins.check_key(&client.0).is_ok()
    }

    pub fn forget_quiet_clients(&self) {
        self.submissions.retain_recent();
        self.logins.retain_recent();
    }
}
