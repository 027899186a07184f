//! Receipt links (decision 013): registering a dossier for the one-stop software, and resolving a scanned link to
//! what its form rates. The dossier code is keyed with the server's secret and dropped; the link is a signed token
//! of a random id, like a QR code's, but for one rating only.

use chrono::Utc;
use hmac::{Hmac, Mac};
use sha2::Sha256;

use crate::domain::dossier::DossierDates;
use crate::domain::ids::{CounterId, DossierId, OfficialId, ProcedureId, UnitId};
use crate::domain::token::{self, TokenPurpose};
use crate::store::{Counter, Dossier, NewDossier, Official, Procedure, Store, StoreResult, Tx, Unit};

/// What a valid link leads to.
#[derive(Debug)]
pub struct ReceiptContext {
    pub dossier: Dossier,
    pub unit: Unit,
    pub counter: Option<Counter>,
    pub official: Option<Official>,
    pub procedure: Option<Procedure>,
}

#[derive(Debug)]
pub enum Resolve {
    Found(Box<ReceiptContext>),
    /// Bad signature, unknown id, or not the stored token.
    Unknown,
    /// Its one rating is in.
    Used,
    Expired,
}

/// Checks the signature first (no database work for forged tokens), then the dossier and its life.
pub async fn resolve(store: &Store, secret: &[u8], token: &str) -> StoreResult<Resolve> {
    let Some(id) = token::verify(secret, TokenPurpose::Receipt, token)
        .ok()
        .and_then(|id| i64::try_from(id).ok())
        .map(DossierId::new)
    else {
        return Ok(Resolve::Unknown);
    };
    let dossier = match store.dossier(id).await? {
        Some(d) if d.token == token => d,
        _ => return Ok(Resolve::Unknown),
    };
    if dossier.used {
        return Ok(Resolve::Used);
    }
    if Utc::now().timestamp_millis() >= dossier.expires_at.millis() {
        return Ok(Resolve::Expired);
    }
    let counter = async {
        match dossier.counter_id {
            Some(id) => store.counter(id).await.map(Some),
            None => Ok(None),
        }
    };
    let official = async {
        match dossier.official_id {
            Some(id) => store.official(id).await.map(Some),
            None => Ok(None),
        }
    };
    let procedures: Vec<ProcedureId> = dossier.procedure_id.into_iter().collect();
    let (unit, counter, official, mut procedure) =
        tokio::try_join!(store.unit(dossier.unit_id), counter, official, store.procedures_by_id(&procedures))?;
    let procedure = procedure.pop();
    Ok(Resolve::Found(Box::new(ReceiptContext { dossier, unit, counter, official, procedure })))
}

/// A dossier to register, checked by the caller: its unit within the key's reach, its counter and official in it.
pub struct Registration<'a> {
    pub code: &'a str,
    pub unit_id: UnitId,
    pub counter_id: Option<CounterId>,
    pub official_id: Option<OfficialId>,
    pub procedure_id: Option<ProcedureId>,
    pub dates: DossierDates,
}

/// Registers the dossier within `tx`, or finds its link if registered before; `true` when new.
pub async fn register(
    tx: &mut Tx,
    secret: &[u8],
    link_days: u64,
    r: &Registration<'_>,
) -> StoreResult<(Dossier, bool)> {
    let id = DossierId::new(i64::try_from(rand::random::<u64>() >> 1).unwrap_or(i64::MAX));
    let token = token::sign(secret, TokenPurpose::Receipt, id.get().unsigned_abs());
    let code_key = code_key(secret, r.unit_id, r.code);
    let new = NewDossier {
        id,
        token: &token,
        code_key: &code_key,
        unit_id: r.unit_id,
        counter_id: r.counter_id,
        official_id: r.official_id,
        procedure_id: r.procedure_id,
        dates: r.dates,
        registered_at: crate::clock::now(),
    };
    tx.register_dossier(&new, link_days).await
}

/// The key a dossier is found again by: HMAC-SHA256 of the unit and the code under the server's secret, so the
/// database alone lists no dossier codes.
fn code_key(secret: &[u8], unit_id: UnitId, code: &str) -> String {
    let Ok(mut mac) = Hmac::<Sha256>::new_from_slice(secret) else { return String::new() };
    mac.update(b"hailong/dossier/v1:");
    mac.update(&unit_id.get().to_be_bytes());
    mac.update(code.as_bytes());
    token::to_hex(&mac.finalize().into_bytes())
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_code_keys_alike_in_its_unit_only() {
        let key = code_key(b"secret", UnitId::new(3), "000.00.20.H55-251123-0042");
        assert_eq!(key, code_key(b"secret", UnitId::new(3), "000.00.20.H55-251123-0042"));
        assert_ne!(key, code_key(b"secret", UnitId::new(4), "000.00.20.H55-251123-0042"));
        assert_ne!(key, code_key(b"other", UnitId::new(3), "000.00.20.H55-251123-0042"));
        assert!(!key.contains("251123"));
        assert_eq!(key.len(), 64);
    }
}
