//! Who reads results through the JSON API: a signed-in person, or a machine client's key of scope `results`, which
//! reaches its unit's subtree as a leader of that unit would. A key's every read is audited (`api.read`, the path)
//! and marks the key as used, in one transaction.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;
use chrono::Utc;

use super::api_key::Machine;
use super::caller::Staff;
use super::{AppError, AppState};
use crate::domain::access::{ApiScope, Principal, Role};
use crate::store::NewAuditEntry;

pub struct Reader(pub Principal);

impl FromRequestParts<AppState> for Reader {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if !parts.headers.contains_key(header::AUTHORIZATION) {
            return Ok(Reader(Staff::from_request_parts(parts, state).await?.principal));
        }
        let Machine(key) = Machine::from_request_parts(parts, state).await?;
        if !key.allows(ApiScope::Results) {
            return Err(AppError::forbidden());
        }
        let (now, username) = (Utc::now().timestamp_millis(), format!("api:{}", key.name));
        let mut tx = state.store.begin().await?;
        tx.touch_api_key(key.id, now).await?;
        tx.audit(NewAuditEntry {
            at: now,
            user_id: None,
            username: &username,
            unit_id: Some(key.unit_id),
            action: "api.read",
            target: parts.uri.path(),
            before: None,
            after: None,
        })
        .await?;
        tx.commit().await?;
        // No user behind a key: id 0 is nobody's (ids start at 1), and nothing a reader does writes as a user.
        Ok(Reader(Principal {
            user_id: 0,
            username,
            role: Role::Leader,
            unit_id: Some(key.unit_id),
            official_id: None,
        }))
    }
}
