//! Who is calling, as far as we need to know: a hash of the client address under a random salt that is made
//! each local day and kept only in memory (never the address itself), and per-client rate limits on submissions
//! and logins. Once the day is over its salt is gone, so a stored hash cannot be turned back into an address —
//! not even by someone holding the database and the secret key.

use std::net::{IpAddr, SocketAddr};
use std::num::NonZeroU32;
use std::sync::Mutex;

use chrono::NaiveDate;

use axum::extract::{ConnectInfo, FromRequestParts};
use axum::http::request::Parts;
use governor::{DefaultKeyedRateLimiter, Quota, RateLimiter};
use hmac::{Hmac, Mac};
use sha2::Sha256;

use super::{AppError, AppState};
use crate::domain::ids::{ApiKeyId, DeviceId, UnitId};
use crate::i18n::Locale;
use crate::pages::notice::Notice;

/// The client's hash for today: HMAC(today's salt, address), 16 hex digits. It identifies a client within one
/// local day only, which is all that rate limiting and misuse checks need.
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub struct ClientHash(pub String);

impl FromRequestParts<AppState> for ClientHash {
    type Rejection = std::convert::Infallible;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let ip = client_ip(parts, state.settings.trust_proxy);
        let salt = state.salt.for_day(crate::domain::period::local_date(chrono::Utc::now()));
        Ok(ClientHash::of(&salt, ip))
    }
}

impl ClientHash {
    pub fn of(salt: &[u8; 32], ip: Option<IpAddr>) -> ClientHash {
        let mut mac = Hmac::<Sha256>::new_from_slice(salt).expect("HMAC accepts keys of any length");
        mac.update(ip.map(|ip| ip.to_string()).unwrap_or_default().as_bytes());
        ClientHash(hex::encode(&mac.finalize().into_bytes()[..8]))
    }
}

/// An anonymous request for work that is the same for everyone (public figures, QR images), within its
/// client's limit ([`PUBLIC_PER_MINUTE`]); past it, 429 with a page that says to wait.
pub struct PublicWork;

impl FromRequestParts<AppState> for PublicWork {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let Ok(client) = ClientHash::from_request_parts(parts, state).await;
        if state.limiter.allow_public(&client) {
            Ok(PublicWork)
        } else {
            Err(AppError::notice(Notice::TooManyRequests, Locale::Vi))
        }
    }
}

/// Today's salt: random, made when the local day changes, held in memory only. A restart makes a new one (the
/// day's rate limits start afresh, a small price for hashes nobody can reverse).
#[derive(Default)]
pub struct DailySalt(Mutex<Option<(NaiveDate, [u8; 32])>>);

impl DailySalt {
    pub fn for_day(&self, day: NaiveDate) -> [u8; 32] {
        let mut current = self.0.lock().unwrap_or_else(std::sync::PoisonError::into_inner);
        match *current {
            Some((salt_day, salt)) if salt_day == day => salt,
            _ => {
                let salt = rand::random::<[u8; 32]>();
                *current = Some((day, salt));
                salt
            }
        }
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

/// Rate limits keyed by client hash: one for citizen submissions, a stricter one for login (and tablet pairing)
/// attempts; PIN attempts per tablet; calls per API key.
pub struct SubmissionLimiter {
    submissions: DefaultKeyedRateLimiter<String>,
    logins: DefaultKeyedRateLimiter<String>,
    pins: DefaultKeyedRateLimiter<DeviceId>,
    api_keys: DefaultKeyedRateLimiter<ApiKeyId>,
    pings: DefaultKeyedRateLimiter<UnitId>,
    public: DefaultKeyedRateLimiter<String>,
}

const PING_BURST: NonZeroU32 = NonZeroU32::new(3).expect("3 is not zero");
/// Anonymous pages and images that cost work, per client: a person reads a few a minute, a poster print a
/// handful; a crawler walking every unit and period is slowed to this pace.
pub const PUBLIC_PER_MINUTE: NonZeroU32 = NonZeroU32::new(60).expect("60 is not zero");
const PIN_BURST: NonZeroU32 = NonZeroU32::new(10).expect("10 is not zero");
/// A queue system announces a ticket per citizen: 600 a minute is far beyond any counter's pace.
const API_KEY_PER_MINUTE: NonZeroU32 = NonZeroU32::new(600).expect("600 is not zero");

impl SubmissionLimiter {
    pub fn new(submissions_per_minute: u32, logins_per_minute: u32) -> SubmissionLimiter {
        let per_minute = NonZeroU32::new(submissions_per_minute).unwrap_or(NonZeroU32::MIN);
        let logins = NonZeroU32::new(logins_per_minute).unwrap_or(NonZeroU32::MIN);
        SubmissionLimiter {
            submissions: RateLimiter::keyed(Quota::per_minute(per_minute)),
            logins: RateLimiter::keyed(Quota::per_minute(logins)),
            // Ten tries at once, then one a minute. Each official's PIN locks after five wrong ones at a tablet
            // anyway (domain::kiosk::pin_locks): this keeps a tablet from walking through every official's five and
            // from spending the server's CPU on hashes, while two officials' fat fingers still fit in the burst.
            pins: RateLimiter::keyed(Quota::per_minute(NonZeroU32::MIN).allow_burst(PIN_BURST)),
            api_keys: RateLimiter::keyed(Quota::per_minute(API_KEY_PER_MINUTE)),
            // A manager checking a receiver sends one or two; a loop sending them is a way to make us call out.
            pings: RateLimiter::keyed(Quota::per_minute(NonZeroU32::MIN).allow_burst(PING_BURST)),
            public: RateLimiter::keyed(Quota::per_minute(PUBLIC_PER_MINUTE)),
        }
    }

    pub fn allow_submission(&self, client: &ClientHash) -> bool {
        self.submissions.check_key(&client.0).is_ok()
    }

    pub fn allow_login(&self, client: &ClientHash) -> bool {
        self.logins.check_key(&client.0).is_ok()
    }

    /// A PIN attempt at this tablet.
    pub fn allow_pin(&self, device_id: DeviceId) -> bool {
        self.pins.check_key(&device_id).is_ok()
    }

    /// A call with this API key.
    pub fn allow_api_key(&self, key_id: ApiKeyId) -> bool {
        self.api_keys.check_key(&key_id).is_ok()
    }

    /// A test delivery to this unit's webhook.
    pub fn allow_ping(&self, unit_id: UnitId) -> bool {
        self.pings.check_key(&unit_id).is_ok()
    }

    /// An anonymous page or image that costs work (see [`PublicWork`]).
    pub fn allow_public(&self, client: &ClientHash) -> bool {
        self.public.check_key(&client.0).is_ok()
    }

    pub fn forget_quiet_clients(&self) {
        self.submissions.retain_recent();
        self.logins.retain_recent();
        self.pins.retain_recent();
        self.api_keys.retain_recent();
        self.pings.retain_recent();
        self.public.retain_recent();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_salt_is_the_same_all_day_and_new_the_next_day() {
        let salt = DailySalt::default();
        let (monday, tuesday) =
            (NaiveDate::from_ymd_opt(2026, 11, 23).unwrap(), NaiveDate::from_ymd_opt(2026, 11, 24).unwrap());
        let first = salt.for_day(monday);
        assert_eq!(salt.for_day(monday), first);
        assert_ne!(salt.for_day(tuesday), first);
        assert_ne!(
            DailySalt::default().for_day(monday),
            first,
            "another start, another salt: nothing on disk rebuilds it"
        );
        let ip = Some(IpAddr::from([203, 0, 113, 7]));
        assert_eq!(ClientHash::of(&first, ip), ClientHash::of(&first, ip));
        assert_ne!(ClientHash::of(&first, ip), ClientHash::of(&first, Some(IpAddr::from([203, 0, 113, 8]))));
    }
}
