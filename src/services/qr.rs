//! QR codes on the server side: issuing signed codes and resolving a scanned token to where it points.

use crate::domain::ids::{QrCodeId, UnitId};
use crate::domain::token::{self, TokenPurpose};
use crate::store::{QrCode, QrLookup, QrTarget, Store, StoreResult, Tx};

/// What a valid, unrevoked token leads to.
pub type QrContext = QrLookup;

#[derive(Debug)]
pub enum Resolve {
    Found(Box<QrContext>),
    /// Bad signature, unknown id, or a token that is not the stored one.
    Unknown,
    Revoked,
}

/// Checks the signature first (no database work for forged tokens), then the stored code, in one query.
pub async fn resolve(store: &Store, secret: &[u8], token: &str) -> StoreResult<Resolve> {
    let Some(id) =
        token::verify(secret, TokenPurpose::Qr, token).ok().and_then(|id| i64::try_from(id).ok()).map(QrCodeId::new)
    else {
        return Ok(Resolve::Unknown);
    };
    Ok(match store.qr_lookup(id).await? {
        Some(found) if found.code.token != token => Resolve::Unknown,
        Some(found) if found.code.is_revoked() => Resolve::Revoked,
        Some(found) => Resolve::Found(Box::new(found)),
        None => Resolve::Unknown,
    })
}

/// Issues a new signed code for a target of `unit_id` within the change `tx`, revoking the one it had.
pub async fn issue(tx: &mut Tx, secret: &[u8], unit_id: UnitId, target: QrTarget) -> StoreResult<QrCode> {
    let (counter_id, official_id) = match target {
        QrTarget::Counter(id) => (Some(id), None),
        // An official's code follows the official, not the counter they sit at today.
        QrTarget::Official(id) => (None, Some(id)),
    };
    // A random positive id: the token's payload, so it must not be guessable nor reveal a count.
    let id = QrCodeId::new(i64::try_from(rand::random::<u64>() >> 1).unwrap_or(i64::MAX));
    let code = QrCode {
        id,
        unit_id,
        counter_id,
        official_id,
        token: token::sign(secret, TokenPurpose::Qr, id.get().unsigned_abs()),
        created_at: crate::clock::now(),
        revoked_at: None,
    };
    tx.issue_qr_code(&code).await?;
    Ok(code)
}
