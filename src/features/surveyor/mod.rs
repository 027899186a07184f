//! The surveyor's phone (điều tra viên; docs/operator.md). `GET /dieu-tra` is the list of respondents drawn for the
//! surveyor with the interview form, the sign-in page of a phone not signed in, or the "ended" page once the badge
//! was revoked or the campaign closed; `POST /dieu-tra/dang-nhap` signs a phone in with a manager's code. The
//! phone's own calls are in `phone_api`; its script is a site file (`public/dieu-tra/`), its service worker the
//! kiosk's (`public/offline-sw.js`).

pub mod phone_api;

use axum::extract::State;
use axum::http::{header, StatusCode};
use axum::response::{Html, IntoResponse, Response};
use axum::Form;
use serde::Deserialize;

use crate::domain::survey::{Outcome, PaperScale};
use crate::domain::token::{self, TokenPurpose};
use crate::i18n::surveyor::VI;
use crate::i18n::Locale;
use crate::pages::notice::Notice;
use crate::pages::surveyor::{render_ended, render_phone, render_sign_in, PhoneState, PhoneView, SignInView};
use crate::services::survey_forms;
use crate::store::StoreError;
use crate::web::client::ClientHash;
use crate::web::device::{hand_credential, new_credential};
use crate::web::origin::FromOwnSite;
use crate::web::surveyor::{SurveyorPhone, SURVEYOR_COOKIE, SURVEYOR_PATH};
use crate::web::{site, AppError, AppState};

/// The files the phone needs offline besides its page; their digest versions the phone's cache.
pub const PHONE_ASSETS: [&str; 5] =
    ["dieu-tra/dieu-tra.js", "outbox.js", "queue.js", "pkg/hailong.css", "offline-sw.js"];

/// `GET /dieu-tra`.
pub async fn page(State(state): State<AppState>, phone: SurveyorPhone) -> Result<Response, AppError> {
    let (surveyor, campaign) = match phone {
        SurveyorPhone::SignedOut => return Ok(Html(render_sign_in(SignInView { error: None })).into_response()),
        SurveyorPhone::Ended(..) => return Ok((StatusCode::GONE, Html(render_ended())).into_response()),
        SurveyorPhone::Active(surveyor, campaign) => (surveyor, campaign),
    };
    let now = crate::clock::now();
    state.store.surveyor_seen(surveyor.id, now).await?;
    let respondents = state.store.respondents_of_surveyor(surveyor.id).await?;
    let campaign_unit = state.store.unit(campaign.unit_id).await?;
    let (_, questionnaire) = state.questionnaires.for_unit(&campaign_unit);
    let view = PhoneView {
        surveyor: surveyor.full_name.clone(),
        organisation: surveyor.organisation.clone(),
        campaign: campaign.name.clone(),
        respondents,
        scale: PaperScale::of(&campaign.questionnaire),
        questionnaire: questionnaire.clone(),
        badge_token: token::sign(&state.settings.secret, TokenPurpose::Badge, surveyor.id.get().unsigned_abs()),
        state: PhoneState {
            version: site::digest(&state, &PHONE_ASSETS),
            outcomes: Outcome::ALL.iter().map(|o| o.key()).zip(VI.outcomes).collect(),
            texts: VI.script,
        },
    };
    // The phone's copy is its own: never kept by a proxy or shared.
    Ok(([(header::CACHE_CONTROL, "private, no-store")], Html(render_phone(view))).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct SignInForm {
    #[serde(default)]
    code: String,
}

/// `POST /dieu-tra/dang-nhap` — the code a manager made for a surveyor. On success the phone receives its
/// credential (a cookie) and goes to the surveyor's list; an earlier phone of the same surveyor is signed out.
pub async fn sign_in(
    State(state): State<AppState>,
    _: FromOwnSite,
    client: ClientHash,
    Form(form): Form<SignInForm>,
) -> Result<Response, AppError> {
    // Guessing codes is held to the pace of guessing passwords.
    if !state.limiter.allow_login(&client) {
        return Err(AppError::notice(Notice::RateLimited, Locale::Vi));
    }
    let (credential, credential_hash) = new_credential();
    let now = crate::clock::now();
    match survey_forms::sign_in(&state.store, &form.code, &credential_hash, now.millis()).await {
        Ok(surveyor) => {
            tracing::info!(surveyor = %surveyor.id, campaign = %surveyor.campaign_id, "surveyor's phone signed in");
            Ok(hand_credential(SURVEYOR_COOKIE, SURVEYOR_PATH, &credential, state.settings.cookie_secure))
        }
        Err(StoreError::NotFound) => {
            let page = render_sign_in(SignInView { error: Some(VI.err_code) });
            Ok((StatusCode::UNPROCESSABLE_ENTITY, Html(page)).into_response())
        }
        Err(e) => Err(e.into()),
    }
}
