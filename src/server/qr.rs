//! QR codes on the server side: issuing signed codes and resolving a scanned token to where it points.

use chrono::Utc;

use crate::domain::token::{self, TokenPurpose};
use crate::store::{Counter, Official, QrCode, QrTarget, Store, StoreError, StoreResult, Unit};

/// What a valid, unrevoked token leads to.
#[derive(Clone, Debug)]
pub struct QrContext {
    pub code: QrCode,
    pub unit: Unit,
    pub counter: Option<Counter>,
    pub official: Option<Official>,
}

#[derive(Debug)]
pub enum Resolve {
    Found(Box<QrContext>),
    /// Bad signature, unknown id, or a token that is not the stored one.
    Unknown,
    Revoked,
}

/// Checks the signature first (no database work for forged tokens), then the stored code.
pub async fn resolve(store: &Store, secret: &[u8], token: &str) -> StoreResult<Resolve> {
    let Ok(id) = token::verify(secret, TokenPurpose::Qr, token) else {
        return Ok(Resolve::Unknown);
    };
    let Ok(id) = i64::try_from(id) else {
        return Ok(Resolve::Unknown);
    };
    let code = match store.qr_code(id).await {
        Ok(code) if code.token == token => code,
        Ok(_) | Err(StoreError::NotFound) => return Ok(Resolve::Unknown),
        Err(e) => return Err(e),
    };
    if code.is_revoked() {
        return Ok(Resolve::Revoked);
    }
    let unit = store.unit(code.unit_id).await?;
    let official = match code.official_id {
        Some(id) => Some(store.official(id).await?),
        None => None,
    };
    let counter_id = code.counter_id.or(official.as_ref().and_then(|o| o.counter_id));
    let counter = match counter_id {
        Some(id) => Some(store.counter(id).await?),
        None => None,
    };
    Ok(Resolve::Found(Box::new(QrContext { code, unit, counter, official })))
}

/// Issues a new signed code for a target, revoking the one it had.
pub async fn issue(store: &Store, secret: &[u8], target: QrTarget) -> StoreResult<QrCode> {
    let (unit_id, counter_id, official_id) = match target {
        QrTarget::Counter(id) => (store.counter(id).await?.unit_id, Some(id), None),
        // An official's code follows the official, not the counter they sit at today.
        QrTarget::Official(id) => (store.official(id).await?.unit_id, None, Some(id)),
    };
    // A random positive id: the token's payload, so it must not be guessable nor reveal a count.
    let id = i64::try_from(rand::random::<u64>() >> 1).unwrap_or(i64::MAX);
    let code = QrCode {
        id,
        unit_id,
        counter_id,
        official_id,
        token: token::sign(secret, TokenPurpose::Qr, id.unsigned_abs()),
        created_at: Utc::now().timestamp_millis(),
        revoked_at: None,
    };
    store.issue_qr_code(&code).await?;
    Ok(code)
}
