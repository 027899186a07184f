//! Who reads results through the JSON API: a signed-in person, or a machine client's key of scope `results`, which
//! reaches its unit's subtree as a leader of that unit would. A key's every read is audited (`api.read`, the path)
//! and marks the key as used, in one transaction.

use axum::extract::FromRequestParts;
use axum::http::header;
use axum::http::request::Parts;

use super::api_key::Machine;
use super::caller::Staff;
use super::{AppError, AppState};
use crate::domain::access::{ApiScope, Principal};
use crate::store::NewAuditEntry;

pub struct Reader(pub Principal);

impl FromRequestParts<AppState> for Reader {
    type Rejection = AppError;

    async fn from_request_parts(parts: &mut Parts, state: &AppState) -> Result<Self, Self::Rejection> {
        if !parts.headers.contains_key(header::AUTHORIZATION) {
            return Ok(Reader(Staff::from_request_parts(parts, state).await?.principal));
        }
        let machine = Machine::from_request_parts(parts, state).await?;
        let key = &machine.0;
        if !key.allows(ApiScope::Results) {
            return Err(AppError::forbidden());
        }
        let now = crate::clock::now();
        let principal = machine.principal();
        let mut tx = state.store.begin().await?;
        tx.touch_api_key(key.id, now).await?;
        tx.audit(NewAuditEntry {
            at: now,
            user_id: None,
            username: &principal.username,
            unit_id: Some(key.unit_id),
            action: "api.read",
            target: parts.uri.path(),
            before: None,
            after: None,
        })
        .await?;
        tx.commit().await?;
        Ok(Reader(principal))
    }
}
