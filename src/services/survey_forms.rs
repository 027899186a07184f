//! Surveyors' phones (docs/decisions/016): the one-time code a manager gives a surveyor to sign a phone in, and the
//! interviews the surveyor enters on it — each a response of channel survey, checked by the same rules as a paper
//! form of the campaign (its scale, its questionnaire, its days), stored with its respondent marked completed, and
//! audited under the surveyor's name. The phone's queue may send an interview late and more than once: the
//! submission id makes a resend harmless and the phone's clock, measured on every call, dates the interview.

use crate::domain::time::Timestamp;
use std::collections::HashMap;

use chrono::DateTime;

use super::audit::Change;
use super::kiosk::new_pairing_code;
use super::paper::{self, Typed};
use crate::domain::ids::{QuestionnaireId, SurveyorId, UnitId};
use crate::domain::kiosk::{clock_skew_ms, corrected_time, normalise_pairing_code};
use crate::domain::period::local_date;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::survey::{Outcome, PaperScale};
use crate::domain::token::stored_hash;
use crate::i18n::surveyor::VI as P;
use crate::store::{
    Campaign, Channel, FormOrigin, InsertOutcome, NewResponse, Respondent, Store, StoreError, StoreResult, Surveyor, Tx,
};

/// How long a sign-in code works: from the briefing to the first morning in the field.
pub const SIGN_IN_CODE_MS: i64 = 24 * 60 * 60 * 1000;

/// A fresh sign-in code for a surveyor whose badge stands (8 letters, as a tablet's pairing code); only its
/// SHA-256 is stored. The caller adds the manager's audit entry and commits.
pub async fn create_sign_in_code(tx: &mut Tx, surveyor_id: SurveyorId, now_ms: i64) -> StoreResult<String> {
    let code = new_pairing_code();
    tx.set_sign_in_code(surveyor_id, &stored_hash(&code), Timestamp::from_millis(now_ms + SIGN_IN_CODE_MS)).await?;
    Ok(code)
}

/// Signs a phone in with a typed code: `NotFound` for a code that is malformed, unknown, used, expired or whose
/// surveyor was revoked (the phone is told the same for all).
pub async fn sign_in(store: &Store, typed_code: &str, credential_hash: &str, now_ms: i64) -> StoreResult<Surveyor> {
    let code = normalise_pairing_code(typed_code).ok_or(StoreError::NotFound)?;
    let mut tx = store.begin().await?;
    let surveyor = tx.sign_in_surveyor(&stored_hash(&code), credential_hash, Timestamp::from_millis(now_ms)).await?;
    let unit_id = tx.campaign_unit(surveyor.campaign_id).await?;
    let change = surveyor_change(&surveyor, unit_id, "survey.sign_in", serde_json::json!({ "surveyor": surveyor.id }));
    audit(&mut tx, &surveyor, &change, now_ms).await?;
    tx.commit().await?;
    Ok(surveyor)
}

/// An interview as the phone sends it: answers as the campaign's digits (`4`–`1`, or `1`/`0` on the 2-level
/// form; a factor left blank was not asked), times on the phone's clock.
#[derive(Clone, Debug)]
pub struct Interview {
    pub submission_id: String,
    pub interviewed_at: i64,
    pub sent_at: i64,
    pub overall: String,
    pub factors: [String; 5],
}

/// What became of an interview sent.
#[derive(Debug, PartialEq, Eq)]
pub enum Recorded {
    Stored {
        serial: String,
    },
    /// Sent before and stored then: nothing was written.
    Duplicate,
    /// The submission id was used for other answers, or a form of this respondent stands already.
    Conflict,
    /// A form that can never be stored, with every reason in Vietnamese.
    Invalid(Vec<String>),
}

/// Records the interview of `respondent` (the caller checked it is drawn for `surveyor` in `campaign`), answered
/// on `questionnaire` (the respondent's unit's), in one transaction with its audit entry.
pub async fn record_interview(
    store: &Store,
    (surveyor, campaign, respondent): (&Surveyor, &Campaign, &Respondent),
    (questionnaire_id, questionnaire): (QuestionnaireId, &Questionnaire),
    interview: &Interview,
    now_ms: i64,
) -> StoreResult<Recorded> {
    let Some(serial) = serial_of(&interview.submission_id) else {
        return Ok(Recorded::Invalid(vec![P.bad_serial.into()]));
    };
    let skew = clock_skew_ms(interview.sent_at, now_ms);
    let at = corrected_time(
        interview.interviewed_at,
        skew,
        now_ms,
        (surveyor.signed_in_at.unwrap_or(Timestamp::from_millis(now_ms))).millis(),
    );
    let day = DateTime::from_timestamp_millis(at).map(local_date).unwrap_or_default();
    let typed = Typed {
        unit: respondent.unit_id.to_string(),
        serial: serial.clone(),
        batch: format!("ĐTV {}", surveyor.id),
        overall: interview.overall.clone(),
        factors: interview.factors.clone(),
        date: day.to_string(),
    };
    let units = HashMap::from([(typed.unit.clone(), respondent.unit_id)]);
    let scale = PaperScale::of(&campaign.questionnaire);
    let today = DateTime::from_timestamp_millis(now_ms).map(local_date).unwrap_or_default();
    let keyed = match paper::check(&typed, &units, scale, questionnaire, paper::campaign_days(campaign, today)) {
        Ok(keyed) => keyed,
        Err(errors) => return Ok(Recorded::Invalid(errors)),
    };
    let paper_form = paper::response(campaign.id, questionnaire_id, &keyed, now_ms);
    let response = NewResponse {
        submission_id: format!("survey-{}", interview.submission_id),
        fingerprint: format!("{}:{}:{:?}", respondent.id, paper_form.overall, paper_form.answers),
        channel: Channel::Survey,
        submitted_at: Timestamp::from_millis(at),
        ..paper_form
    };
    let origin = FormOrigin {
        campaign_id: campaign.id,
        serial: &serial,
        batch: &keyed.batch,
        surveyor_id: Some(surveyor.id),
        entered_by: None,
        respondent_id: Some(respondent.id),
    };
    let mut tx = store.begin().await?;
    match tx.append_survey_form(&response, origin).await {
        Ok(InsertOutcome::Created(_) | InsertOutcome::Flagged(..)) => {}
        Ok(InsertOutcome::Duplicate(_)) => return Ok(Recorded::Duplicate),
        Ok(InsertOutcome::Conflict) | Err(StoreError::Conflict(_)) => return Ok(Recorded::Conflict),
        Err(e) => return Err(e),
    }
    let after = serde_json::json!({ "serial": serial, "respondent": respondent.id, "surveyor": surveyor.id });
    audit(&mut tx, surveyor, &surveyor_change(surveyor, campaign.unit_id, "survey.interview", after), now_ms).await?;
    tx.commit().await?;
    Ok(Recorded::Stored { serial })
}

/// A surveyor's word on their respondent: refused, not reached, or pending again. `false` when a form of the
/// interview stands (it said completed) — the caller checked the respondent is theirs.
pub async fn mark_respondent(
    store: &Store,
    (surveyor, campaign, respondent): (&Surveyor, &Campaign, &Respondent),
    outcome: Outcome,
    now_ms: i64,
) -> StoreResult<bool> {
    let mut tx = store.begin().await?;
    if !tx.set_outcome_by_surveyor(respondent.id, surveyor.id, outcome.key()).await? {
        return Ok(false);
    }
    let after = serde_json::json!({ "respondent": respondent.id, "outcome": outcome.key() });
    let change = surveyor_change(surveyor, campaign.unit_id, "survey.respondent_outcome", after);
    audit(&mut tx, surveyor, &change, now_ms).await?;
    tx.commit().await?;
    Ok(true)
}

/// The serial a surveyor's form is listed under: `ĐT-` and the first eight letters or digits of its submission id
/// (a UUID the phone made), or `None` for an id that cannot be one.
pub fn serial_of(submission_id: &str) -> Option<String> {
    let valid = (16..=64).contains(&submission_id.len())
        && submission_id.bytes().all(|b| b.is_ascii_alphanumeric() || b == b'-');
    let head: String = submission_id.chars().filter(char::is_ascii_alphanumeric).take(8).collect();
    valid.then(|| format!("ĐT-{}", head.to_uppercase()))
}

fn surveyor_change(
    surveyor: &Surveyor,
    unit_id: UnitId,
    action: &'static str,
    after: serde_json::Value,
) -> Change<'static> {
    Change {
        unit_id: Some(unit_id),
        action,
        target: format!("campaign:{}", surveyor.campaign_id),
        before: None,
        after: Some(after),
    }
}

/// The change's entry, logged under the surveyor's name (a surveyor has no account).
async fn audit(tx: &mut Tx, surveyor: &Surveyor, change: &Change<'_>, at: i64) -> StoreResult<()> {
    let name = P.audited_as.replace("{name}", &surveyor.full_name);
    tx.audit(change.entry_as(None, &name, at)).await
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn a_surveyors_form_is_listed_by_the_head_of_its_id() {
        assert_eq!(serial_of("3f2a9c1e-77b0-4c1d-9e2f-0a1b2c3d4e5f").as_deref(), Some("ĐT-3F2A9C1E"));
        assert_eq!(serial_of("short"), None);
        assert_eq!(serial_of("3f2a9c1e-77b0-4c1d-9e2f-0a1b2c3d4e5f'; --"), None);
    }
}
