//! The counter tablet (kiosk). `GET /kiosk` is the rating screen of a paired tablet, the pairing page of a new one,
//! or the "revoked" page; `POST /kiosk/pair` pairs it with a counter. The tablet's own calls (heartbeat, ratings,
//! duty) are in `device_api`; its script and service worker are site files (`public/kiosk/`, `public/offline-sw.js`).

pub mod device_api;

use axum::extract::{FromRequest, FromRequestParts, Request, State};
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Response};
use axum::{Form, Json};
use serde::de::DeserializeOwned;
use serde::Deserialize;

use crate::i18n::kiosk::VI;
use crate::i18n::Locale;
use crate::pages::kiosk::{
    render_kiosk, render_pairing, render_revoked, DutyBody, DutyOfficial, KioskState, KioskView, PairingView,
    ServingBody,
};
use crate::pages::notice::Notice;
use crate::services::kiosk::pair as pair_device;
use crate::store::{Device, Duty, Official, Serving, StoreError};
use crate::web::client::ClientHash;
use crate::web::device::{hand_credential, new_credential, Tablet, DEVICE_COOKIE};
use crate::web::error::api_refusal;
use crate::web::origin::FromOwnSite;
use crate::web::{site, AppError, AppState};

/// The files the kiosk needs offline besides its page; their digest versions the tablet's cache.
pub const KIOSK_ASSETS: [&str; 6] =
    ["kiosk/kiosk.js", "kiosk/ratings.js", "outbox.js", "queue.js", "pkg/hailong.css", "offline-sw.js"];
const MAX_DEVICE_NAME: usize = 60;

/// `GET /kiosk`.
pub async fn page(State(state): State<AppState>, tablet: Tablet) -> Result<Response, AppError> {
    let device = match tablet {
        Tablet::Unpaired => return Ok(Html(render_pairing(PairingView { error: None, name: "" })).into_response()),
        Tablet::Revoked(_) => return Ok((StatusCode::GONE, Html(render_revoked())).into_response()),
        Tablet::Paired(device) => device,
    };
    let now = crate::clock::now();
    let unit = state.store.unit(device.unit_id).await?;
    let counter = state.store.counter(device.counter_id).await?;
    let officials = state.store.officials_in(&[unit.id]).await?;
    let duty = state.store.current_duty(device.id, now).await?;
    let serving = state.store.serving(device.counter_id, now).await?;
    let (_, questionnaire) = state.questionnaires.for_unit(&unit);
    let view = KioskView {
        unit_name: unit.name.clone(),
        counter_name: counter.name,
        questionnaire: questionnaire.clone(),
        officials: officials.iter().filter(|o| o.has_pin).map(duty_official).collect(),
        state: KioskState {
            version: site::digest(&state, &KIOSK_ASSETS),
            duty: duty_body(duty.as_ref(), &officials),
            serving: serving.as_ref().map(serving_body),
            server_now: now.millis(),
            idle_ms: state.settings.kiosk.idle_ms,
            thanks_ms: state.settings.kiosk.thanks_ms,
            heartbeat_ms: state.settings.kiosk.heartbeat_ms,
        },
    };
    Ok(Html(render_kiosk(view)).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct PairForm {
    #[serde(default)]
    code: String,
    #[serde(default)]
    name: String,
}

/// `POST /kiosk/pair` — the code a manager made for a counter, and a name for the tablet. On success the tablet
/// receives its credential (a cookie) and goes to its rating screen.
pub async fn pair(
    State(state): State<AppState>,
    _: FromOwnSite,
    client: ClientHash,
    Form(form): Form<PairForm>,
) -> Result<Response, AppError> {
    // Guessing codes is held to the pace of guessing passwords.
    if !state.limiter.allow_login(&client) {
        return Err(AppError::notice(Notice::RateLimited, Locale::Vi));
    }
    let name = form.name.trim();
    if name.is_empty() || name.chars().count() > MAX_DEVICE_NAME {
        return Ok(pairing_refused(VI.err_device_name, name));
    }
    let (credential, credential_hash) = new_credential();
    let now = crate::clock::now();
    match pair_device(&state.store, &form.code, name, &credential_hash, now.millis()).await {
        Ok(device) => {
            tracing::info!(device = %device.id, counter = %device.counter_id, "tablet paired");
            Ok(hand_credential(DEVICE_COOKIE, "/kiosk", &credential, state.settings.cookie_secure))
        }
        Err(StoreError::NotFound) => Ok(pairing_refused(VI.err_pair_code, name)),
        Err(e) => Err(e.into()),
    }
}

fn pairing_refused(message: &'static str, name: &str) -> Response {
    (StatusCode::UNPROCESSABLE_ENTITY, Html(render_pairing(PairingView { error: Some(message), name }))).into_response()
}

fn duty_official(o: &Official) -> DutyOfficial {
    DutyOfficial {
        id: o.id,
        name: o.full_name.clone(),
        title: o.title.clone(),
        photo: o.has_photo.then(|| format!("/kiosk/photos/{}", o.id)),
    }
}

fn duty_body(duty: Option<&Duty>, officials: &[Official]) -> Option<DutyBody> {
    let duty = duty?;
    let official = officials.iter().find(|o| o.id == duty.official_id)?;
    Some(DutyBody { id: duty.id, official: duty_official(official), ends_at: duty.ends_at.millis() })
}

fn serving_body(s: &Serving) -> ServingBody {
    ServingBody { ticket: s.ticket.clone(), procedure_id: s.procedure_id, expires_at: s.expires_at.millis() }
}

/// A call of a paired tablet: from our own site, with the tablet's credential and a JSON body `T`. Otherwise the
/// refusal its script understands (401 `not_paired`, 410 `revoked`, 400 for a body that is not `T` as JSON).
pub struct TabletCall<T>(pub Device, pub T);

impl<T: DeserializeOwned> FromRequest<AppState> for TabletCall<T> {
    type Rejection = Response;

    async fn from_request(request: Request, state: &AppState) -> Result<Self, Response> {
        let (mut parts, body) = request.into_parts();
        FromOwnSite::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let tablet = Tablet::from_request_parts(&mut parts, state).await.map_err(IntoResponse::into_response)?;
        let device = match tablet {
            Tablet::Paired(device) => device,
            Tablet::Unpaired => {
                return Err(api_refusal(StatusCode::UNAUTHORIZED, "not_paired", "this device is not paired"))
            }
            Tablet::Revoked(_) => return Err(api_refusal(StatusCode::GONE, "revoked", "this device has been revoked")),
        };
        match Json::<T>::from_request(Request::from_parts(parts, body), state).await {
            Ok(Json(value)) => Ok(TabletCall(device, value)),
            Err(_) => Err(AppError::bad_request().into_response()),
        }
    }
}
