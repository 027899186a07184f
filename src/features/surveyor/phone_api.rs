//! The surveyor's phone's own calls, JSON under `/dieu-tra/api/`, authenticated by its credential (a
//! SameSite=Strict cookie; the calls also pass the own-site check and need a JSON body, which no form elsewhere can
//! send). Each names a respondent drawn for this surveyor; any other answers 404, decided before anything of it is
//! shown. The phone's queue sends each entry until it is acknowledged: a resend is harmless.

use crate::domain::ids::RespondentId;
use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{IntoResponse, Response};
use axum::Json;
use serde::Deserialize;
use serde_json::json;

use crate::domain::survey::Outcome;
use crate::i18n::surveyor::VI as P;
use crate::services::survey_forms::{self, Interview, Recorded};
use crate::store::{Campaign, Channel, Respondent, StoreError, Surveyor};
use crate::web::error::{api_invalid, api_refusal};
use crate::web::surveyor::SurveyorCall;
use crate::web::{AppError, AppState};

type Answer = Result<Response, AppError>;

/// An interview from the phone's queue.
#[derive(Debug, Deserialize)]
pub struct InterviewBody {
    submission_id: String,
    respondent_id: RespondentId,
    /// When the form was saved, on the phone's clock.
    interviewed_at: i64,
    /// When this request left, on the phone's clock.
    sent_at: i64,
    overall: String,
    #[serde(default)]
    factors: [String; 5],
}

/// `POST /dieu-tra/api/interviews` — `{"status": "stored", "serial": …}` or `{"status": "duplicate"}`; 409 when
/// the id was used for other answers or the respondent's form stands already; 422 with the reasons for a form that
/// can never be stored.
pub async fn interview(
    State(state): State<AppState>,
    SurveyorCall(surveyor, campaign, body): SurveyorCall<InterviewBody>,
) -> Answer {
    let now = crate::clock::now();
    state.store.surveyor_seen(surveyor.id, now).await?;
    let respondent = drawn_for(&state, &surveyor, &campaign, body.respondent_id).await?;
    let unit = state.store.unit(respondent.unit_id).await?;
    let (questionnaire_id, questionnaire) = state.questionnaires.for_unit(&unit);
    let interview = Interview {
        submission_id: body.submission_id,
        interviewed_at: body.interviewed_at,
        sent_at: body.sent_at,
        overall: body.overall,
        factors: body.factors,
    };
    let who = (&surveyor, &campaign, &respondent);
    let recorded =
        survey_forms::record_interview(&state.store, who, (*questionnaire_id, questionnaire), &interview, now.millis())
            .await?;
    Ok(match recorded {
        Recorded::Stored { serial } => {
            state.stored(Channel::Survey, 1);
            Json(json!({ "status": "stored", "serial": serial })).into_response()
        }
        Recorded::Duplicate => Json(json!({ "status": "duplicate" })).into_response(),
        Recorded::Conflict => conflict(),
        Recorded::Invalid(errors) => api_invalid(&errors.join("; "), errors),
    })
}

#[derive(Debug, Deserialize)]
pub struct OutcomeBody {
    respondent_id: RespondentId,
    outcome: String,
}

/// `POST /dieu-tra/api/outcomes` — a respondent refused, not reached, or pending again: `{"status": "recorded"}`;
/// 409 when a form of their interview stands; 422 for an outcome the phone may not set (completed comes with a form).
pub async fn outcome(
    State(state): State<AppState>,
    SurveyorCall(surveyor, campaign, body): SurveyorCall<OutcomeBody>,
) -> Answer {
    let now = crate::clock::now();
    state.store.surveyor_seen(surveyor.id, now).await?;
    let respondent = drawn_for(&state, &surveyor, &campaign, body.respondent_id).await?;
    let Some(outcome) = Outcome::parse(&body.outcome).filter(|o| *o != Outcome::Completed) else {
        return Ok(api_invalid(P.bad_outcome, vec![P.bad_outcome.to_owned()]));
    };
    let who = (&surveyor, &campaign, &respondent);
    Ok(match survey_forms::mark_respondent(&state.store, who, outcome, now.millis()).await? {
        true => Json(json!({ "status": "recorded" })).into_response(),
        false => conflict(),
    })
}

/// A respondent drawn for this surveyor in this campaign; 404 for anyone else's.
async fn drawn_for(
    state: &AppState,
    surveyor: &Surveyor,
    campaign: &Campaign,
    id: RespondentId,
) -> Result<Respondent, AppError> {
    match state.store.respondent(id).await {
        Ok((campaign_id, r)) if campaign_id == campaign.id && r.drawn && r.surveyor_id == Some(surveyor.id) => Ok(r),
        Ok(_) | Err(StoreError::NotFound) => Err(AppError::not_found()),
        Err(e) => Err(e.into()),
    }
}

fn conflict() -> Response {
    (api_refusal(StatusCode::CONFLICT, "conflict", P.already_saved)).into_response()
}
