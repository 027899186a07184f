//! Counter tablets: pairing them with a counter, putting officials on duty at them, and the locks wrong duty PINs
//! put on an official's PIN at a tablet. Each change is one transaction with its audit entry; a tablet's own actions
//! are logged under the tablet's name.

use crate::domain::time::Timestamp;
use rand::seq::SliceRandom;

use super::password;
use crate::domain::ids::{CounterId, OfficialId};
use crate::domain::kiosk::{duty_ends_at, normalise_pairing_code, pin_locks, PAIRING_ALPHABET, PAIRING_CODE_LEN};
use crate::domain::token::stored_hash;
use crate::store::{Device, Duty, NewAuditEntry, Store, StoreError, StoreResult, Tx, User};

/// How long a pairing code works.
pub const PAIRING_CODE_MS: i64 = 15 * 60 * 1000;

/// A fresh pairing code (8 letters of the unambiguous alphabet: 31⁸ ≈ 8.5·10¹¹ codes).
pub fn new_pairing_code() -> String {
    let mut rng = rand::thread_rng();
    (0..PAIRING_CODE_LEN).filter_map(|_| PAIRING_ALPHABET.choose(&mut rng).map(|b| char::from(*b))).collect()
}

/// Creates a pairing code for a counter — only its SHA-256 is stored: it lives 15 minutes and the database never
/// holds a usable one. The caller adds the audit entry of whoever asked and commits.
pub async fn create_pairing_code(tx: &mut Tx, counter_id: CounterId, now: Timestamp) -> StoreResult<String> {
    let code = new_pairing_code();
    tx.create_pairing_code(&stored_hash(&code), counter_id, now, now.plus_millis(PAIRING_CODE_MS)).await?;
    Ok(code)
}

/// Pairs a tablet with the counter of a typed code: `NotFound` for a code that is malformed, unknown, used or
/// expired (the tablet is told the same for all four).
pub async fn pair(
    store: &Store,
    typed_code: &str,
    name: &str,
    credential_hash: &str,
    now_ms: i64,
) -> StoreResult<Device> {
    let code = normalise_pairing_code(typed_code).ok_or(StoreError::NotFound)?;
    let mut tx = store.begin().await?;
    let device = tx.pair_device(&stored_hash(&code), name, credential_hash, Timestamp::from_millis(now_ms)).await?;
    let after = serde_json::json!({ "name": device.name, "counter_id": device.counter_id });
    let target = format!("device:{}", device.id);
    tx.audit(device_event(&device, &target, "device.pair", Some(after), now_ms)).await?;
    tx.commit().await?;
    Ok(device)
}

/// Why an official could not go on duty.
#[derive(Debug, PartialEq, Eq)]
pub enum DutyRefused {
    /// Not an official of the tablet's unit, or no PIN set: nobody can go on duty as them.
    UnknownOfficial,
    WrongPin,
    /// Too many wrong PINs in a row for this official at this tablet: refused, right PIN or not, until unlocked.
    PinLocked,
}

/// Puts an official of the tablet's unit on duty after checking their PIN (argon2, on the CPU pool). A wrong PIN
/// counts against the official the tablet named, at this tablet only; the right one forgets their wrong ones.
pub async fn start_duty(
    store: &Store,
    device: &Device,
    official_id: OfficialId,
    pin: &str,
    end_of_day: chrono::NaiveTime,
    now_ms: i64,
) -> StoreResult<Result<Duty, DutyRefused>> {
    let official = match store.official(official_id).await {
        Ok(official) if official.unit_id == device.unit_id => official,
        Ok(_) | Err(StoreError::NotFound) => return Ok(Err(DutyRefused::UnknownOfficial)),
        Err(e) => return Err(e),
    };
    let Some(pin_hash) = store.official_pin_hash(official.id).await? else {
        return Ok(Err(DutyRefused::UnknownOfficial));
    };
    if store.pin_locked(device.id, official.id).await? {
        return Ok(Err(DutyRefused::PinLocked));
    }
    if !password::verify(Some(&pin_hash), pin).await {
        return Ok(Err(wrong_pin(store, device, official.id, now_ms).await?));
    }
    let mut tx = store.begin().await?;
    tx.clear_pin_failures(official.id, Some(device.id)).await?;
    let ends_at = Timestamp::from_millis(duty_ends_at(now_ms, end_of_day));
    let duty = tx.start_duty(device.id, official.id, Timestamp::from_millis(now_ms), ends_at).await?;
    let after = serde_json::json!({ "official_id": official.id, "duty_id": duty.id });
    let target = format!("device:{}", device.id);
    tx.audit(device_event(device, &target, "duty.start", Some(after), now_ms)).await?;
    tx.commit().await?;
    Ok(Ok(duty))
}

/// Counts a wrong PIN for the official at the tablet, locking their PIN there on the failure that reaches the limit;
/// each failure, and the lock, is in the audit log (never the PIN typed).
async fn wrong_pin(store: &Store, device: &Device, official_id: OfficialId, now_ms: i64) -> StoreResult<DutyRefused> {
    let mut tx = store.begin().await?;
    let failures = tx.record_pin_failure(device.id, official_id, Timestamp::from_millis(now_ms)).await?;
    let after = serde_json::json!({ "official_id": official_id, "failures": failures });
    let target = format!("device:{}", device.id);
    tx.audit(device_event(device, &target, "duty.pin_wrong", Some(after.clone()), now_ms)).await?;
    let locks = pin_locks(failures);
    if locks && tx.lock_pin(device.id, official_id, Timestamp::from_millis(now_ms)).await? {
        tx.audit(device_event(device, &target, "duty.pin_lock", Some(after), now_ms)).await?;
    }
    tx.commit().await?;
    Ok(if locks { DutyRefused::PinLocked } else { DutyRefused::WrongPin })
}

/// Lifts the locks on an official's PIN at every tablet when they sign in on the staff side with an account linked
/// to them: having proved who they are, nobody's wrong PINs keep them from their duty. Written into the sign-in's
/// own transaction.
pub async fn unlock_pins_on_sign_in(tx: &mut Tx, user: &User, now_ms: i64) -> StoreResult<()> {
    let Some(official_id) = user.official_id else { return Ok(()) };
    let devices = tx.clear_pin_failures(official_id, None).await?;
    if devices.is_empty() {
        return Ok(());
    }
    let target = format!("official:{official_id}");
    tx.audit(NewAuditEntry {
        at: Timestamp::from_millis(now_ms),
        user_id: Some(user.id),
        username: &user.username,
        unit_id: user.unit_id,
        action: "official.pin_unlock",
        target: &target,
        before: None,
        after: Some(serde_json::json!({ "device_ids": devices, "by": "login" })),
    })
    .await
}

/// Ends the tablet's duty (the official tapped "kết thúc ca").
pub async fn end_duty(store: &Store, device: &Device, now_ms: i64) -> StoreResult<()> {
    let mut tx = store.begin().await?;
    tx.end_duty(device.id, Timestamp::from_millis(now_ms), "ended").await?;
    let target = format!("device:{}", device.id);
    tx.audit(device_event(device, &target, "duty.end", None, now_ms)).await?;
    tx.commit().await
}

/// An audit entry made by the tablet itself (`target` is `device:{id}`).
fn device_event<'a>(
    device: &'a Device,
    target: &'a str,
    action: &'a str,
    after: Option<serde_json::Value>,
    at: i64,
) -> NewAuditEntry<'a> {
    NewAuditEntry {
        at: Timestamp::from_millis(at),
        user_id: None,
        username: &device.name,
        unit_id: Some(device.unit_id),
        action,
        target,
        before: None,
        after,
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn new_codes_are_valid_and_differ() {
        let a = new_pairing_code();
        assert_eq!(normalise_pairing_code(&a).as_deref(), Some(a.as_str()));
        assert_ne!(a, new_pairing_code());
        assert_ne!(stored_hash(&a), a, "what is stored is not the code");
    }
}
