//! A machine client — the one-stop or queue-ticket software — by its API key, sent as `Authorization: Bearer hl_…`.
//! Only the key's SHA-256 is stored; a key reaches its unit's subtree and its scopes, nothing else. Every key is
//! rate-limited on its own.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use base64::Engine;

use super::access::Reach;
use super::{AppError, AppState};
use crate::domain::access::{Principal, Role};
use crate::domain::token::stored_hash;
use crate::i18n::Locale;
use crate::pages::notice::Notice;
use crate::store::{ApiKey, Store, StoreResult};

const PREFIX: &str = "hl_";

/// A caller with a valid, unrevoked key. Without one: 401 (answered as JSON under `/api/`).
pub struct Machine(pub ApiKey);

impl Machine {
    /// The key as a person the access rules know: its unit's leader, with no account behind it.
    pub fn principal(&self) -> Principal {
        let key = &self.0;
        Principal {
            user_id: None,
            username: format!("api:{}", key.name),
            role: Role::Leader,
            unit_id: Some(key.unit_id),
            official_id: None,
        }
    }

    /// The key's subtree, read once — a unit outside it is answered as one that does not exist.
    pub async fn reach(&self, store: &Store) -> StoreResult<Reach> {
        Reach::of(store, &self.principal()).await
    }
}

impl FromRequestParts<AppState> for Machine {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        let unauthorised = || AppError::SignIn { next: parts.uri.path().to_owned() };
        let bearer = parts
            .headers
            .get(header::AUTHORIZATION)
            .and_then(|v| v.to_str().ok())
            .and_then(|v| v.strip_prefix("Bearer "))
            .map(str::trim)
            .filter(|key| key.starts_with(PREFIX));
        let Some(key) = bearer else { return Err(unauthorised()) };
        let Some(found) = state.store.api_key_by_hash(&stored_hash(key)).await? else { return Err(unauthorised()) };
        if found.revoked_at.is_some() {
            return Err(unauthorised());
        }
        if !state.limiter.allow_api_key(found.id) {
            return Err(AppError::notice(Notice::RateLimited, Locale::Vi));
        }
        Ok(Machine(found))
    }
}

/// A new key: (the key to show once, its prefix for the list, the hash to store).
pub fn new_api_key() -> (String, String, String) {
    let key =
        format!("{PREFIX}{}", base64::engine::general_purpose::URL_SAFE_NO_PAD.encode(rand::random::<[u8; 32]>()));
    let prefix = key.chars().take(PREFIX.len() + 6).collect();
    let hash = stored_hash(&key);
    (key, prefix, hash)
}
