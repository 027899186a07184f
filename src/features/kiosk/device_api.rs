//! The tablet's own calls, JSON under `/kiosk/api/`, authenticated by its device credential (a SameSite=Strict
//! cookie; the calls also pass the own-site check and need a JSON body, which no form elsewhere can send).
//!
//! A rating is sent from the tablet's queue, maybe long after the tap and maybe again after a lost answer: the
//! submission id makes a retry harmless, the device's clock (measured against ours on every call) puts the tap on the
//! right day, and the server's pace and the repeat-press rule are applied where the tablet's contacts and previous
//! ratings are known — in the store's transaction.

use crate::domain::time::Timestamp;
use std::collections::BTreeMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use chrono::Utc;
use serde::Deserialize;
use serde_json::json;

use super::{duty_body, serving_body, TabletCall};
use crate::domain::ids::{DutyId, OfficialId, ProcedureId};
use crate::domain::kiosk::{clock_skew_ms, corrected_time, duty_covers};
use crate::domain::submission::{parse_submission, RawSubmission, SubmissionError};
use crate::services::kiosk::{end_duty as end_device_duty, start_duty as start_device_duty, DutyRefused};
use crate::store::{Channel, Device, Heartbeat, InsertOutcome, KioskStamp, NewResponse, StoreError};
use crate::web::error::api_refusal;
use crate::web::{AppError, AppState};

type Answer = Result<Response, AppError>;

/// A tap this close outside a duty still counts for its official (a clock the skew did not quite correct).
const DUTY_GRACE_MS: i64 = 60_000;
const MAX_APP_VERSION: usize = 40;

#[derive(Debug, Deserialize)]
pub struct BeatBody {
    /// The device's clock when it sent this (milliseconds since the epoch).
    device_now: i64,
    #[serde(default)]
    app_version: String,
    #[serde(default)]
    queue_length: i64,
}

/// `POST /kiosk/api/heartbeat` — the tablet is alive: its clock, version and queue length are recorded; it learns
/// who is on duty and what ticket is being served.
pub async fn heartbeat(State(state): State<AppState>, TabletCall(device, beat): TabletCall<BeatBody>) -> Answer {
    let now = crate::clock::now();
    let skew = clock_skew_ms(beat.device_now, now.millis());
    let version: String = beat.app_version.chars().take(MAX_APP_VERSION).collect();
    let heartbeat = Heartbeat {
        at: now,
        app_version: Some(&version),
        queue_length: Some(beat.queue_length.clamp(0, 1_000_000)),
        clock_skew_ms: skew,
        missed_after_ms: state.settings.kiosk.pace().missed_after_ms(),
    };
    state.store.record_heartbeat(device.id, &heartbeat).await?;
    Ok(Json(situation(&state, &device, now.millis(), Some(skew)).await?).into_response())
}

/// Who is on duty and what is being served, with the clocks, as the tablet's screen needs them (`skew` when this
/// call measured it).
async fn situation(
    state: &AppState,
    device: &Device,
    now: i64,
    skew: Option<i64>,
) -> Result<serde_json::Value, AppError> {
    let duty = state.store.current_duty(device.id, Timestamp::from_millis(now)).await?;
    let officials = match &duty {
        Some(duty) => vec![state.store.official(duty.official_id).await?],
        None => vec![],
    };
    let serving = state.store.serving(device.counter_id, Timestamp::from_millis(now)).await?;
    Ok(json!({
        "server_now": now,
        "skew_ms": skew,
        "duty": duty_body(duty.as_ref(), &officials),
        "serving": serving.as_ref().map(serving_body),
    }))
}

/// A rating from the tablet's queue.
#[derive(Debug, Deserialize)]
pub struct RatingBody {
    submission_id: String,
    /// The tap, on the device's clock.
    tapped_at: i64,
    /// When this request left, on the device's clock.
    sent_at: i64,
    #[serde(default)]
    duty_id: Option<DutyId>,
    overall: u8,
    #[serde(default)]
    answers: BTreeMap<String, u8>,
    #[serde(default)]
    procedure_id: Option<ProcedureId>,
    #[serde(default)]
    reasons: Vec<String>,
    #[serde(default)]
    comment: String,
}

/// `POST /kiosk/api/ratings` — one rating: `{"status": "stored" | "flagged" | "duplicate"}`; 409 for a submission
/// id used before with other answers; 422 with the reasons for a form that can never be stored.
pub async fn rate(State(state): State<AppState>, TabletCall(device, rating): TabletCall<RatingBody>) -> Answer {
    let now = crate::clock::now();
    let skew = clock_skew_ms(rating.sent_at, now.millis());
    let pace = state.settings.kiosk.pace();
    let missed_after_ms = pace.missed_after_ms();
    let contact = Heartbeat { at: now, app_version: None, queue_length: None, clock_skew_ms: skew, missed_after_ms };
    state.store.record_heartbeat(device.id, &contact).await?;
    let unit = state.store.unit(device.unit_id).await?;
    let (questionnaire_id, questionnaire) = state.questionnaires.for_unit(&unit);
    // The procedure came from the queue software, not the citizen: one the unit no longer offers is dropped, never
    // a reason to lose the rating.
    let offered: Vec<ProcedureId> = match rating.procedure_id {
        Some(_) => state.store.unit_procedures(unit.id, &today()).await?.iter().map(|p| p.id).collect(),
        None => vec![],
    };
    let raw = raw_submission(&rating, &offered);
    let submission = match parse_submission(&raw, questionnaire, &offered) {
        Ok(submission) => submission,
        Err(errors) => return Ok(invalid(&errors)),
    };
    let submitted_at = corrected_time(rating.tapped_at, skew, now.millis(), device.paired_at.millis());
    let official_id = match rating.duty_id {
        Some(duty_id) => match state.store.duty_of_device(device.id, duty_id).await {
            Ok(duty) => duty_covers(duty.started_at.millis(), duty.end().millis(), submitted_at, DUTY_GRACE_MS)
                .then_some(duty.official_id),
            Err(StoreError::NotFound) => None,
            Err(e) => return Err(e.into()),
        },
        None => None,
    };
    let response = NewResponse {
        submission_id: submission.id.as_str().to_owned(),
        fingerprint: submission.fingerprint(&[
            device.id.get(),
            rating.tapped_at,
            rating.duty_id.map_or(0, DutyId::get),
        ]),
        unit_id: unit.id,
        counter_id: Some(device.counter_id),
        official_id,
        procedure_id: submission.procedure_id,
        qr_code_id: None,
        questionnaire_id: *questionnaire_id,
        channel: Channel::Kiosk,
        overall: submission.overall.score(),
        answers: submission.answers.iter().map(|(k, l)| (k.clone(), l.score())).collect(),
        reasons: submission.reasons.clone(),
        comment: submission.comment.as_ref().map(|c| c.as_str().to_owned()),
        contact_phone: None,
        client_hash: None,
        submitted_at: Timestamp::from_millis(submitted_at),
        received_at: now,
        kiosk: Some(KioskStamp {
            device_id: device.id,
            device_at: Timestamp::from_millis(rating.tapped_at),
            tapped_at: Timestamp::from_millis(rating.tapped_at.saturating_add(skew).max(device.paired_at.millis())),
            pace,
        }),
        citizen: None,
        on_time: None,
    };
    let overall = response.overall;
    let status = match state.ingest.insert(response).await? {
        InsertOutcome::Created(id) => {
            tracing::info!(response = %id, device = %device.id, overall, "kiosk rating stored");
            state.stored(Channel::Kiosk, 1);
            json!({ "status": "stored" })
        }
        InsertOutcome::Flagged(id, rule) => {
            tracing::info!(response = %id, device = %device.id, rule = %rule.key(), "kiosk rating flagged as misuse");
            state.stored(Channel::Kiosk, 1); // counted apart, announced to nobody
            json!({ "status": "flagged", "misuse": rule.key() })
        }
        InsertOutcome::Duplicate(_) => json!({ "status": "duplicate" }),
        InsertOutcome::Conflict => {
            return Ok(api_refusal(StatusCode::CONFLICT, "conflict", "submission id used before"))
        }
    };
    Ok(Json(status).into_response())
}

fn raw_submission(rating: &RatingBody, offered: &[ProcedureId]) -> RawSubmission {
    RawSubmission {
        submission_id: rating.submission_id.clone(),
        overall: Some(rating.overall.to_string()),
        answers: rating.answers.iter().map(|(key, level)| (key.clone(), level.to_string())).collect(),
        procedure: rating.procedure_id.filter(|id| offered.contains(id)).map(|id| id.to_string()),
        reasons: rating.reasons.clone(),
        comment: rating.comment.clone(),
        phone: String::new(),
        consent: false,
    }
}

/// 422 with every problem: our own script never sends such a form, so this is for whoever reads the logs; the tablet
/// keeps such a rating aside rather than retrying it forever.
fn invalid(errors: &[SubmissionError]) -> Response {
    tracing::warn!(?errors, "kiosk rating refused");
    api_refusal(StatusCode::UNPROCESSABLE_ENTITY, "invalid", &format!("{errors:?}"))
}

#[derive(Debug, Deserialize)]
pub struct DutyRequest {
    official_id: OfficialId,
    pin: String,
}

/// `POST /kiosk/api/duty` — an official goes on duty with their PIN: 403 `wrong_pin`; 423 `pin_locked` from the
/// wrong PIN that locks it (for this official at this tablet) until it is unlocked; 429 past the tablet's rate limit.
pub async fn start_duty(State(state): State<AppState>, TabletCall(device, request): TabletCall<DutyRequest>) -> Answer {
    if !state.limiter.allow_pin(device.id) {
        return Ok(api_refusal(StatusCode::TOO_MANY_REQUESTS, "rate_limited", "too many PIN attempts"));
    }
    let now = crate::clock::now();
    let ends = state.settings.kiosk.duty_ends;
    match start_device_duty(&state.store, &device, request.official_id, &request.pin, ends, now.millis()).await? {
        Ok(_) => Ok(Json(situation(&state, &device, now.millis(), None).await?).into_response()),
        Err(DutyRefused::WrongPin) => {
            tracing::warn!(device = %device.id, official = %request.official_id, "wrong kiosk PIN");
            Ok(api_refusal(StatusCode::FORBIDDEN, "wrong_pin", "wrong PIN"))
        }
        Err(DutyRefused::PinLocked) => {
            tracing::warn!(device = %device.id, official = %request.official_id, "kiosk PIN locked");
            Ok(api_refusal(
                StatusCode::LOCKED,
                "pin_locked",
                "PIN locked at this tablet: a manager or the official's sign-in unlocks it",
            ))
        }
        Err(DutyRefused::UnknownOfficial) => Ok(api_refusal(StatusCode::NOT_FOUND, "not_found", "no such official")),
    }
}

/// `POST /kiosk/api/duty/end` — the official on duty leaves; ratings go to the counter only.
pub async fn end_duty(State(state): State<AppState>, TabletCall(device, _): TabletCall<serde_json::Value>) -> Answer {
    let now = crate::clock::now();
    end_device_duty(&state.store, &device, now.millis()).await?;
    Ok(Json(situation(&state, &device, now.millis(), None).await?).into_response())
}

fn today() -> String {
    crate::domain::period::local_date(Utc::now()).to_string()
}
