//! A unit's counter tablets, for its managers: the device list (`GET /admin/units/{id}/devices`), a pairing code for
//! a counter (shown once), revoking a tablet, the officials' duty PINs (stored hashed, never logged) and the locks
//! wrong PINs put on them at a tablet, and the API keys of the queue software that tells the tablets which ticket is
//! served. Every change is one transaction with its audit entry.

use crate::domain::time::Timestamp;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::{change, manager_reach};
use crate::domain::access::ApiScope;
use crate::domain::ids::{ApiKeyId, CounterId, DeviceId, OfficialId, UnitId};
use crate::domain::kiosk::{display_pairing_code, is_online, valid_pin};
use crate::pages::devices::{render_devices, DeviceRow, DevicesView, Shown};
use crate::services::audit::commit;
use crate::services::{kiosk, password};
use crate::store::NewApiKey;
use crate::web::api_key;
use crate::web::caller::Staff;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

type Outcome = Result<Response, AppError>;

/// `GET /admin/units/{id}/devices`.
pub async fn page(State(state): State<AppState>, staff: Staff, Id(unit_id): Id<UnitId>) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    reach.check(unit_id)?;
    Ok(render_page(&state, &staff, unit_id, Shown::Nothing, vec![]).await?.into_response())
}

/// `POST /admin/counters/{id}/pairing-code` — a code for a tablet at this counter, shown once on the page answered.
pub async fn new_pairing_code(
    State(state): State<AppState>,
    staff: Staff,
    Id(counter_id): Id<CounterId>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let counter = state.store.counter(counter_id).await?;
    reach.check(counter.unit_id)?;
    let now = crate::clock::now();
    let mut tx = state.store.begin().await?;
    let code = kiosk::create_pairing_code(&mut tx, counter_id, now).await?;
    let expires_at = now.plus_millis(kiosk::PAIRING_CODE_MS);
    let change = change(
        counter.unit_id,
        "device.pairing_code",
        format!("counter:{counter_id}"),
        None,
        Some(json!({ "expires_at": expires_at })),
    );
    commit(tx, &staff.principal, change).await?;
    let shown = Shown::PairingCode(counter.name, display_pairing_code(&code), expires_at.millis());
    Ok(render_page(&state, &staff, counter.unit_id, shown, vec![]).await?.into_response())
}

/// `POST /admin/devices/{id}/revoke` — the tablet stops taking ratings at once and shows that it was revoked.
pub async fn revoke(
    State(state): State<AppState>,
    staff: Staff,
    Id(device_id): Id<DeviceId>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let device = state.store.device(device_id).await?;
    reach.check(device.unit_id)?;
    let mut tx = state.store.begin().await?;
    tx.revoke_device(device_id, crate::clock::now()).await?;
    let change = change(
        device.unit_id,
        "device.revoke",
        format!("device:{device_id}"),
        Some(json!({ "name": device.name, "counter_id": device.counter_id })),
        None,
    );
    commit(tx, &staff.principal, change).await?;
    tracing::info!(device = %device_id, "tablet revoked");
    Ok(Redirect::to(&format!("/admin/units/{}/devices", device.unit_id)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct PinForm {
    #[serde(default)]
    pin: String,
    #[serde(default)]
    clear: String,
}

/// `POST /admin/officials/{id}/pin` — sets (or clears) the PIN an official goes on duty with at a tablet.
pub async fn set_pin(
    State(state): State<AppState>,
    staff: Staff,
    Id(official_id): Id<OfficialId>,
    CsrfForm(form): CsrfForm<PinForm>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let official = state.store.official(official_id).await?;
    reach.check(official.unit_id)?;
    let clear = form.clear == "1";
    let pin = form.pin.trim();
    if !clear && !valid_pin(pin) {
        let page =
            render_page(&state, &staff, official.unit_id, Shown::Nothing, vec![kiosk_texts().err_pin_format]).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    // Hashed before the transaction: argon2 must not hold the database's writer.
    let hash = if clear { None } else { Some(password::hash(pin).await?) };
    let mut tx = state.store.begin().await?;
    tx.set_official_pin(official_id, hash.as_deref()).await?;
    let change = change(
        official.unit_id,
        if clear { "official.pin_clear" } else { "official.pin_set" },
        format!("official:{official_id}"),
        None,
        None,
    );
    commit(tx, &staff.principal, change).await?;
    Ok(Redirect::to(&format!("/admin/units/{}/devices", official.unit_id)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct UnlockForm {
    #[serde(default)]
    official: String,
}

/// `POST /admin/devices/{id}/pin-unlock` — `official` may go on duty with their PIN at this tablet again. An official
/// of another unit is as unknown as one that does not exist (404); clearing a PIN that is not locked changes nothing.
pub async fn unlock_pin(
    State(state): State<AppState>,
    staff: Staff,
    Id(device_id): Id<DeviceId>,
    CsrfForm(form): CsrfForm<UnlockForm>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let device = state.store.device(device_id).await?;
    reach.check(device.unit_id)?;
    let Ok(official_id) = form.official.trim().parse::<i64>() else {
        let errors = vec![kiosk_texts().err_unlock_official];
        let page = render_page(&state, &staff, device.unit_id, Shown::Nothing, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    if state.store.official(OfficialId::new(official_id)).await?.unit_id != device.unit_id {
        return Err(AppError::not_found());
    }
    let mut tx = state.store.begin().await?;
    if !tx.clear_pin_failures(OfficialId::new(official_id), Some(device_id)).await?.is_empty() {
        let after = json!({ "device_ids": [device_id], "by": "manager" });
        let change =
            change(device.unit_id, "official.pin_unlock", format!("official:{official_id}"), None, Some(after));
        commit(tx, &staff.principal, change).await?;
    }
    Ok(Redirect::to(&format!("/admin/units/{}/devices", device.unit_id)).into_response())
}

/// A key's name and its scopes, one checkbox each (named by `ApiScope::key`).
#[derive(Debug, Default, Deserialize)]
pub struct KeyForm {
    #[serde(default)]
    name: String,
    queue: Option<String>,
    dossiers: Option<String>,
    transactions: Option<String>,
    results: Option<String>,
}

impl KeyForm {
    fn scopes(&self) -> Vec<ApiScope> {
        let ticked = [&self.queue, &self.dossiers, &self.transactions, &self.results];
        ApiScope::ALL.into_iter().zip(ticked).filter(|(_, t)| t.is_some()).map(|(scope, _)| scope).collect()
    }
}

/// `POST /admin/units/{id}/api-keys` — a key for the unit's queue or one-stop software, with the scopes ticked,
/// shown once.
pub async fn new_api_key(
    State(state): State<AppState>,
    staff: Staff,
    Id(unit_id): Id<UnitId>,
    CsrfForm(form): CsrfForm<KeyForm>,
) -> Outcome {
    manager_reach(&state, &staff).await?.check(unit_id)?;
    let name = form.name.trim();
    let scopes = form.scopes();
    let mut errors = vec![];
    if name.is_empty() || name.chars().count() > 60 {
        errors.push(kiosk_texts().err_api_key_name);
    }
    if scopes.is_empty() {
        errors.push(kiosk_texts().err_api_key_scopes);
    }
    if !errors.is_empty() {
        let page = render_page(&state, &staff, unit_id, Shown::Nothing, errors).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    }
    let (key, prefix, key_hash) = api_key::new_api_key();
    let now = crate::clock::now();
    let mut tx = state.store.begin().await?;
    let created = tx
        .create_api_key(NewApiKey { unit_id, name, scopes: &scopes, prefix: &prefix, key_hash: &key_hash }, now)
        .await?;
    let change = change(
        unit_id,
        "api_key.create",
        format!("api_key:{}", created.id),
        None,
        Some(json!({ "name": name, "scopes": scopes, "prefix": prefix })),
    );
    commit(tx, &staff.principal, change).await?;
    Ok(render_page(&state, &staff, unit_id, Shown::ApiKey(key), vec![]).await?.into_response())
}

/// `POST /admin/api-keys/{id}/revoke` — the key stops working at once.
pub async fn revoke_api_key(
    State(state): State<AppState>,
    staff: Staff,
    Id(key_id): Id<ApiKeyId>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let key = state.store.api_key(key_id).await?;
    reach.check(key.unit_id)?;
    let mut tx = state.store.begin().await?;
    tx.revoke_api_key(key_id, crate::clock::now()).await?;
    let change =
        change(key.unit_id, "api_key.revoke", format!("api_key:{key_id}"), Some(json!({ "name": key.name })), None);
    commit(tx, &staff.principal, change).await?;
    Ok(Redirect::to(&format!("/admin/units/{}/devices", key.unit_id)).into_response())
}

fn kiosk_texts() -> &'static crate::i18n::kiosk::KioskTexts {
    crate::i18n::Locale::Vi.texts().kiosk
}

async fn render_page(
    state: &AppState,
    staff: &Staff,
    unit_id: UnitId,
    shown: Shown,
    errors: Vec<&'static str>,
) -> Result<Html<String>, AppError> {
    let unit = state.store.unit(unit_id).await?;
    let counters = state.store.counters_in(&[unit_id]).await?;
    let devices = state.store.devices_in(&[unit_id]).await?;
    let officials = state.store.officials_in(&[unit_id]).await?;
    let api_keys = state.store.api_keys_in(&[unit_id]).await?;
    let pin_locks = state.store.pin_locks_in(&[unit_id]).await?;
    let now = crate::clock::now();
    let offline_after = state.settings.kiosk.offline_after_ms;
    let devices = devices
        .into_iter()
        .map(|device| DeviceRow {
            counter_name: counters
                .iter()
                .find(|c| c.id == device.counter_id)
                .map(|c| c.name.clone())
                .unwrap_or_default(),
            online: is_online(device.last_seen_at.map(Timestamp::millis), now.millis(), offline_after),
            device,
        })
        .collect();
    Ok(Html(render_devices(DevicesView {
        staff: staff.bar(),
        unit_name: unit.name,
        counters,
        devices,
        officials,
        pin_locks,
        unit_id,
        api_keys,
        shown,
        errors,
    })))
}
