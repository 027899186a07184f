//! Paper forms and their re-verification, for managers of the campaign's unit: `GET /surveys/{id}/paper` the
//! keyboard entry screen (one form, Enter, the next), `POST /surveys/{id}/paper` one form and
//! `/surveys/{id}/paper/import` a batch as CSV (channel paper); `POST /surveys/{id}/rechecks` draws forms to
//! re-check (phúc tra) and `POST /rechecks/{id}` records what a re-check found, voiding the form when it proves
//! false. Each change is one transaction with its audit entry.

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect};
use chrono::{NaiveDate, Utc};
use serde::Deserialize;
use serde_json::json;

use super::{campaign_in_reach, campaign_within, change, manager_reach, Outcome};
use crate::domain::ids::{CampaignId, RespondentId, ResponseId, SurveyorId, UnitId};
use crate::domain::period::local_date;
use crate::domain::survey::{keyed_twice, PaperScale, RecheckOutcome};
use crate::domain::unit_tree;
use crate::i18n::survey_checks::VI as C;
use crate::i18n::Texts;
use crate::pages::paper::{render_paper, PaperView};
use crate::services::audit::commit;
use crate::services::paper::{self, Keyed, Typed};
use crate::store::{Campaign, Channel, FormOrigin, RecheckDraw, StoreError};
use crate::web::access::Reach;
use crate::web::caller::Staff;
use crate::web::csrf::CsrfForm;
use crate::web::extract::{Id, Query};
use crate::web::{AppError, AppState};

/// The share of forms re-checked at least (phúc tra of at least 10 %, as Nha Trang's 2023 plan asks; docs/design.md).
const MIN_RECHECK_PERCENT: u32 = 10;

#[derive(Debug, Default, Deserialize)]
pub struct PaperQuery {
    /// The serial just stored, to say so (and `twice` when it is one of the forms keyed twice); the unit, batch and
    /// surveyor to key the next form with.
    saved: Option<String>,
    #[serde(default)]
    twice: String,
    #[serde(default)]
    unit: String,
    #[serde(default)]
    batch: String,
    #[serde(default)]
    surveyor: String,
    #[serde(default)]
    date: String,
}

pub async fn page(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CampaignId>,
    Query(query): Query<PaperQuery>,
) -> Result<Html<String>, AppError> {
    let typed = Typed { unit: query.unit, batch: query.batch, date: query.date, ..Typed::default() };
    let saved = query.saved.map(|serial| (serial, query.twice == "1"));
    paper_page(&state, &staff, id, typed, query.surveyor.parse().ok(), vec![], saved).await
}

async fn paper_page(
    state: &AppState,
    staff: &Staff,
    id: CampaignId,
    typed: Typed,
    surveyor: Option<SurveyorId>,
    errors: Vec<String>,
    saved: Option<(String, bool)>,
) -> Result<Html<String>, AppError> {
    let (campaign, reach) = campaign_in_reach(state, staff, id).await?;
    let store = &state.store;
    let (forms, rechecks, draws, surveyors, respondents) = tokio::try_join!(
        store.campaign_forms(id),
        store.rechecks(id),
        store.recheck_draws(id),
        store.surveyors(id),
        store.respondents(id)
    )?;
    let respondents: HashMap<RespondentId, _> =
        respondents.into_iter().filter_map(|r| Some((r.id, (r.name?, r.contact.unwrap_or_default())))).collect();
    let units = subtree_units(&reach, &campaign);
    let typed = Typed { unit: if typed.unit.is_empty() { campaign.unit_id.to_string() } else { typed.unit }, ..typed };
    Ok(Html(render_paper(PaperView {
        staff: staff.bar(),
        scale: PaperScale::of(&campaign.questionnaire),
        campaign,
        units,
        surveyors,
        forms,
        rechecks,
        draws,
        respondents,
        typed,
        surveyor,
        errors,
        saved,
    })))
}

/// The entry screen again, answered 422: what was typed (kept) and why it was refused.
async fn refused(
    state: &AppState,
    staff: &Staff,
    id: CampaignId,
    typed: Typed,
    surveyor: Option<SurveyorId>,
    errors: Vec<String>,
) -> Outcome {
    let page = paper_page(state, staff, id, typed, surveyor, errors, None).await?;
    Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response())
}

/// The units of the campaign's subtree, `(id, name)` in tree order.
fn subtree_units(reach: &Reach, campaign: &Campaign) -> Vec<(i64, String)> {
    let subtree = unit_tree::subtree(&reach.nodes, campaign.unit_id);
    let names: HashMap<UnitId, &str> = reach.units.iter().map(|u| (u.id, u.name.as_str())).collect();
    unit_tree::depth_first(&reach.visible_nodes())
        .into_iter()
        .filter(|(id, _)| subtree.contains(id))
        .map(|(id, depth)| (id.get(), format!("{}{}", "— ".repeat(depth), names.get(&id).copied().unwrap_or_default())))
        .collect()
}

/// The days a form of the campaign may have been filled in, judged today.
fn days(campaign: &Campaign) -> (NaiveDate, NaiveDate) {
    paper::campaign_days(campaign, local_date(Utc::now()))
}

/// A unit of the campaign's subtree by id or code.
fn unit_keys(reach: &Reach, campaign: &Campaign) -> HashMap<String, UnitId> {
    let subtree = unit_tree::subtree(&reach.nodes, campaign.unit_id);
    let mut keys = HashMap::new();
    for unit in reach.units.iter().filter(|u| subtree.contains(&u.id)) {
        keys.insert(unit.id.to_string(), unit.id);
        if let Some(code) = &unit.code {
            keys.insert(code.clone(), unit.id);
        }
    }
    keys
}

#[derive(Debug, Default, Deserialize)]
pub struct PaperForm {
    #[serde(default)]
    unit: String,
    #[serde(default)]
    serial: String,
    #[serde(default)]
    batch: String,
    #[serde(default)]
    surveyor: String,
    #[serde(default)]
    overall: String,
    #[serde(default)]
    f1: String,
    #[serde(default)]
    f2: String,
    #[serde(default)]
    f3: String,
    #[serde(default)]
    f4: String,
    #[serde(default)]
    f5: String,
    /// The day the form was filled in (`YYYY-MM-DD`), blank for today.
    #[serde(default)]
    date: String,
}

/// `POST /surveys/{id}/paper` — one keyed form; back to an empty screen (batch and surveyor kept) on success.
pub async fn key(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CampaignId>,
    CsrfForm(form): CsrfForm<PaperForm>,
) -> Outcome {
    let (campaign, reach) = campaign_in_reach(&state, &staff, id).await?;
    let typed = Typed {
        unit: form.unit,
        serial: form.serial,
        batch: form.batch,
        overall: form.overall,
        factors: [form.f1, form.f2, form.f3, form.f4, form.f5],
        date: form.date,
    };
    let typed_surveyor = form.surveyor.trim().parse::<SurveyorId>().ok();
    let refuse = |typed: Typed, errors: Vec<String>| refused(&state, &staff, id, typed, typed_surveyor, errors);
    if campaign.closed_at.is_some() {
        return refuse(typed, vec![C.closed.into()]).await;
    }
    let surveyors = state.store.surveyors(id).await?;
    let surveyor = typed_surveyor.filter(|s| surveyors.iter().any(|x| x.id == *s));
    let (_, questionnaire) = state.questionnaires.for_unit(reach.unit(campaign.unit_id)?);
    let keyed = match paper::check(
        &typed,
        &unit_keys(&reach, &campaign),
        PaperScale::of(&campaign.questionnaire),
        questionnaire,
        days(&campaign),
    ) {
        Ok(keyed) => keyed,
        Err(errors) => return refuse(typed, errors).await,
    };
    match store_forms(&state, &staff, &campaign, &reach, &[keyed], surveyor, "campaign.key_paper").await {
        Ok(()) => {}
        Err(AppError::Store(StoreError::Conflict(_))) => {
            return refuse(typed, vec![C.paper_keyed.into()]).await;
        }
        Err(e) => return Err(e),
    }
    let next = format!(
        "/surveys/{id}/paper?{}",
        serde_urlencoded::to_string([
            ("saved", typed.serial.trim()),
            ("twice", if keyed_twice(id, &typed.serial) { "1" } else { "" }),
            ("unit", typed.unit.trim()),
            ("batch", typed.batch.trim()),
            ("date", typed.date.trim()),
            ("surveyor", &surveyor.map(|s| s.to_string()).unwrap_or_default()),
        ])
        .unwrap_or_default()
    );
    Ok(Redirect::to(&next).into_response())
}

/// `POST /surveys/{id}/paper/import` — a batch as CSV, all forms or none.
pub async fn import(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CampaignId>,
    CsrfForm(form): CsrfForm<super::CsvForm>,
) -> Outcome {
    let (campaign, reach) = campaign_in_reach(&state, &staff, id).await?;
    let refuse = |errors: Vec<String>| refused(&state, &staff, id, Typed::default(), None, errors);
    if campaign.closed_at.is_some() {
        return refuse(vec![C.closed.into()]).await;
    }
    let (_, questionnaire) = state.questionnaires.for_unit(reach.unit(campaign.unit_id)?);
    let scale = PaperScale::of(&campaign.questionnaire);
    let forms = match paper::read_batch(&form.csv, &unit_keys(&reach, &campaign), scale, questionnaire, days(&campaign))
    {
        Ok(forms) => forms,
        Err(problems) => return refuse(super::line_errors(&problems)).await,
    };
    match store_forms(&state, &staff, &campaign, &reach, &forms, None, "campaign.import_paper").await {
        Ok(()) => Ok(Redirect::to(&format!("/surveys/{id}/paper")).into_response()),
        Err(AppError::Store(StoreError::Conflict(_))) => refuse(vec![C.batch_keyed.into()]).await,
        Err(e) => Err(e),
    }
}

/// `POST /surveys/{id}/paper/again` — the second keying of a form of the share keyed twice: compared with the form
/// as stored, the result recorded; a mismatch names the answers that differ (the form is then checked against the
/// paper and, if it was keyed wrong, voided and keyed anew).
pub async fn again(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CampaignId>,
    CsrfForm(form): CsrfForm<PaperForm>,
) -> Outcome {
    let (campaign, reach) = campaign_in_reach(&state, &staff, id).await?;
    let serial = form.serial.trim().to_owned();
    let refuse = |errors: Vec<String>| refused(&state, &staff, id, Typed::default(), None, errors);
    let about = |template: &str| vec![template.replace("{serial}", &serial)];
    if !keyed_twice(id, &serial) {
        return refuse(about(C.again_not_share)).await;
    }
    let (stored, answers) = match state.store.campaign_form(id, &serial).await {
        Ok(found) => found,
        Err(StoreError::NotFound) => return refuse(about(C.again_missing)).await,
        Err(e) => return Err(e.into()),
    };
    if stored.survey {
        return refuse(about(C.again_phone)).await;
    }
    if stored.second_match.is_some() {
        return refuse(about(C.again_done)).await;
    }
    let typed = Typed {
        unit: stored.unit_id.to_string(),
        serial: serial.clone(),
        batch: stored.batch.clone(),
        overall: form.overall,
        factors: [form.f1, form.f2, form.f3, form.f4, form.f5],
        date: String::new(),
    };
    let (_, questionnaire) = state.questionnaires.for_unit(reach.unit(campaign.unit_id)?);
    let units = HashMap::from([(stored.unit_id.to_string(), stored.unit_id)]);
    let keyed =
        match paper::check(&typed, &units, PaperScale::of(&campaign.questionnaire), questionnaire, days(&campaign)) {
            Ok(keyed) => keyed,
            Err(errors) => return refuse(errors).await,
        };
    let differ = paper::differences((stored.overall, &answers), &keyed, questionnaire);
    let mut tx = state.store.begin().await?;
    tx.record_second_keying(stored.response_id, differ.is_empty(), staff.user_id).await?;
    let after = json!({ "serial": serial, "matched": differ.is_empty(), "differ": differ });
    commit(tx, &staff.principal, change(campaign.unit_id, "campaign.key_again", id, after)).await?;
    let query = serde_urlencoded::to_string([("checked", serial.as_str())]).unwrap_or_default();
    Ok(Redirect::to(&format!("/surveys/{id}/paper?{query}")).into_response())
}

/// Stores keyed forms and the audit entry in one transaction, then has them counted.
async fn store_forms(
    state: &AppState,
    staff: &Staff,
    campaign: &Campaign,
    reach: &Reach,
    forms: &[Keyed],
    surveyor_id: Option<SurveyorId>,
    action: &'static str,
) -> Result<(), AppError> {
    let at = crate::clock::now();
    let mut tx = state.store.begin().await?;
    for form in forms {
        let (questionnaire_id, _) = state.questionnaires.for_unit(reach.unit(form.unit_id)?);
        let response = paper::response(campaign.id, *questionnaire_id, form, at.millis());
        let origin = FormOrigin {
            campaign_id: campaign.id,
            serial: &form.serial,
            batch: &form.batch,
            surveyor_id,
            entered_by: Some(staff.user_id.get()),
            respondent_id: None,
        };
        tx.append_paper_form(&response, origin).await?;
    }
    let serials: Vec<&str> = forms.iter().map(|f| f.serial.as_str()).collect();
    let after = json!({ "forms": forms.len(), "serials": serials });
    commit(tx, &staff.principal, change(campaign.unit_id, action, campaign.id, after)).await?;
    state.stored(Channel::Paper, forms.len());
    Ok(())
}

#[derive(Debug, Default, Deserialize)]
pub struct RecheckDrawForm {
    #[serde(default)]
    percent: String,
    #[serde(default)]
    seed: String,
}

/// `POST /surveys/{id}/rechecks` — draws at least `percent` (≥ 10) of each surveyor's or batch's forms.
pub async fn draw(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CampaignId>,
    CsrfForm(form): CsrfForm<RecheckDrawForm>,
) -> Outcome {
    let (campaign, _) = campaign_in_reach(&state, &staff, id).await?;
    let percent = match form.percent.trim() {
        "" => Some(MIN_RECHECK_PERCENT),
        p => p.parse::<u32>().ok().filter(|p| (MIN_RECHECK_PERCENT..=100).contains(p)),
    };
    let seed = super::seed_of(&form.seed);
    let (Some(percent), Some(seed)) = (percent, seed) else {
        let message = Texts::with_number(C.recheck_draw, MIN_RECHECK_PERCENT);
        return refused(&state, &staff, id, Typed::default(), None, vec![message]).await;
    };
    let (forms, rechecks) = tokio::try_join!(state.store.campaign_forms(id), state.store.rechecks(id))?;
    let before: Vec<ResponseId> = rechecks.iter().map(|r| r.form.response_id).collect();
    let drawn = paper::draw_rechecks(&forms, &before, percent, u64::from(seed));
    let mut tx = state.store.begin().await?;
    let draw = RecheckDraw {
        drawn_at: crate::clock::now(),
        percent: i64::from(percent),
        seed: i64::from(seed),
        drawn: drawn.len() as i64,
    };
    tx.draw_rechecks(id, &drawn, &draw).await?;
    let after = json!({ "percent": percent, "seed": seed, "drawn": drawn.len() });
    commit(tx, &staff.principal, change(campaign.unit_id, "campaign.draw_rechecks", id, after)).await?;
    Ok(Redirect::to(&format!("/surveys/{id}/paper")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct RecheckForm {
    #[serde(default)]
    outcome: String,
    #[serde(default)]
    note: String,
    /// `1`: the form is proven false and is voided.
    #[serde(default)]
    void: String,
}

/// `POST /rechecks/{id}` — what the re-check of a form found; a form proven false (answers differ, respondent not
/// found) may be voided in the same change.
pub async fn record(
    State(state): State<AppState>,
    staff: Staff,
    Id(response): Id<ResponseId>,
    CsrfForm(form): CsrfForm<RecheckForm>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let campaign_id = state.store.recheck_campaign(response).await?;
    let campaign = campaign_within(&state, &reach, campaign_id).await?;
    let note = form.note.trim();
    let Some(outcome) = RecheckOutcome::parse(&form.outcome).filter(|_| note.chars().count() <= 500) else {
        return refused(&state, &staff, campaign_id, Typed::default(), None, vec![C.recheck_outcome.into()]).await;
    };
    let void = form.void == "1" && outcome.is_discrepancy();
    let at = crate::clock::now();
    let mut tx = state.store.begin().await?;
    if tx.record_recheck(response, outcome.key(), note, at).await? {
        if void {
            let reason = C.recheck_void.replace("{outcome}", outcome.key());
            let reason = if note.is_empty() { reason } else { format!("{reason} — {note}") };
            tx.void_response(response, staff.user_id, &reason, at).await?;
        }
        let after = json!({ "response": response, "outcome": outcome.key(), "voided": void });
        commit(tx, &staff.principal, change(campaign.unit_id, "campaign.recheck", campaign.id, after)).await?;
    }
    Ok(Redirect::to(&format!("/surveys/{campaign_id}/paper")).into_response())
}
