//! Survey campaigns (đợt khảo sát), for managers of the unit surveyed: `GET /surveys` lists them and plans a new
//! one (targets and quotas fixed then); `GET /surveys/{id}` shows one; its customer list is imported
//! (`/respondents`), a sample drawn (`/sample`), surveyors added (`/surveyors`) and the campaign closed with its
//! personal data erased (`/close`). Every change is one transaction with its audit entry; personal data never
//! goes into the audit log. Surveyors' badges and their public check are in `badge`.

pub mod badge;
pub mod paper;
pub mod phones;

use std::collections::HashMap;

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use chrono::{Datelike, NaiveDate};
use serde::Deserialize;
use serde_json::json;

use crate::domain::access::Capability;
use crate::domain::ids::{CampaignId, RespondentId, SurveyorId, UnitId};
use crate::domain::import::ImportProblems;
use crate::domain::rollup::local_day;
use crate::domain::sample::TargetRule;
use crate::domain::survey::{Method, QUESTIONNAIRES};
use crate::domain::unit_tree;
use crate::i18n::survey_checks::VI as C;
use crate::i18n::{Locale, Texts};
use crate::pages::surveys::{render_campaign, render_campaigns, CampaignView, CampaignsView, TargetRow};
use crate::services::audit::{commit, Change};
use crate::services::campaigns::{self, BadLine, FieldWork};
use crate::store::{Campaign, NewCampaign, Surveyor};
use crate::web::access::{require, Reach};
use crate::web::caller::Staff;
use crate::web::csrf::CsrfForm;
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

type Outcome = Result<Response, AppError>;

const MAX_TEXT: usize = 300;
/// The longest campaign: a year and a month.
const MAX_DAYS: i64 = 400;

async fn manager_reach(state: &AppState, staff: &Staff) -> Result<Reach, AppError> {
    require(&staff.principal, Capability::ManageCatalogue)?;
    Ok(Reach::of(&state.store, &staff.principal).await?)
}

pub async fn list(State(state): State<AppState>, staff: Staff) -> Result<Html<String>, AppError> {
    list_page(&state, &staff, vec![]).await
}

async fn list_page(state: &AppState, staff: &Staff, errors: Vec<String>) -> Result<Html<String>, AppError> {
    let reach = manager_reach(state, staff).await?;
    let ids: Vec<UnitId> = reach.units.iter().map(|u| u.id).collect();
    let campaigns = state.store.campaigns_of(&ids).await?;
    let names: HashMap<i64, String> = reach.units.iter().map(|u| (u.id.get(), u.name.clone())).collect();
    let units = unit_tree::depth_first(&reach.visible_nodes())
        .into_iter()
        .map(|(id, depth)| {
            (id.get(), format!("{}{}", "— ".repeat(depth), names.get(&id.get()).cloned().unwrap_or_default()))
        })
        .collect();
    Ok(Html(render_campaigns(CampaignsView { staff: staff.bar(), units, campaigns, names, errors })))
}

#[derive(Debug, Default, Deserialize)]
pub struct PlanForm {
    #[serde(default)]
    unit_id: String,
    #[serde(default)]
    name: String,
    #[serde(default)]
    first_day: String,
    #[serde(default)]
    last_day: String,
    #[serde(default)]
    method: String,
    #[serde(default)]
    questionnaire: String,
    #[serde(default)]
    rule: String,
    #[serde(default)]
    fixed: String,
    #[serde(default)]
    decision: String,
    #[serde(default)]
    payment: String,
}

/// `POST /surveys` — plans a campaign over a unit's subtree: each unit's target by the rule from its transactions
/// of the campaign's year, with quotas by field.
pub async fn plan(State(state): State<AppState>, staff: Staff, CsrfForm(form): CsrfForm<PlanForm>) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let checked = check_plan(&form);
    let unit_id = form.unit_id.trim().parse::<i64>().ok().filter(|id| reach.contains(UnitId::new(*id)));
    let (plan, unit_id) = match (checked, unit_id) {
        (Ok(plan), Some(unit_id)) => (plan, unit_id),
        (Err(errors), _) => return refused(&state, &staff, errors).await,
        (_, None) => return refused(&state, &staff, vec![C.unit_in_reach.into()]).await,
    };
    let targets = campaigns::targets(
        &state.store,
        &reach.nodes,
        &reach.units,
        UnitId::new(unit_id),
        plan.rule,
        plan.first.year(),
    )
    .await?;
    let (first_day, last_day) = (plan.first.to_string(), plan.last.to_string());
    let rule_key = plan.rule.key();
    let campaign = NewCampaign {
        unit_id: UnitId::new(unit_id),
        name: form.name.trim(),
        first_day: &first_day,
        last_day: &last_day,
        method: plan.method.key(),
        questionnaire: &plan.questionnaire,
        target_rule: &rule_key,
        decision: form.decision.trim(),
        payment_per_form: plan.payment,
    };
    let mut tx = state.store.begin().await?;
    let id = tx.create_campaign(campaign, crate::clock::now()).await?;
    tx.set_campaign_targets(id, &targets).await?;
    let total: i64 = targets.iter().filter(|t| t.field.is_empty()).map(|t| t.target).sum();
    let after = json!({ "name": form.name.trim(), "unit_id": unit_id, "first_day": first_day, "last_day": last_day,
        "method": plan.method.key(), "rule": rule_key, "target": total });
    commit(tx, &staff.principal, change(UnitId::new(unit_id), "campaign.plan", id, after)).await?;
    Ok(Redirect::to(&format!("/surveys/{id}")).into_response())
}

struct Plan {
    first: NaiveDate,
    last: NaiveDate,
    method: Method,
    questionnaire: String,
    rule: TargetRule,
    payment: i64,
}

/// Every problem of a plan.
fn check_plan(form: &PlanForm) -> Result<Plan, Vec<String>> {
    let mut errors: Vec<String> = vec![];
    let text_ok = |t: &str| !t.trim().is_empty() && t.trim().chars().count() <= MAX_TEXT;
    if !text_ok(&form.name) {
        errors.push(Texts::with_number(C.name, MAX_TEXT));
    }
    if !text_ok(&form.decision) {
        errors.push(Texts::with_number(C.decision, MAX_TEXT));
    }
    let day = |t: &str| NaiveDate::parse_from_str(t.trim(), "%Y-%m-%d").ok();
    let (first, last) = (day(&form.first_day), day(&form.last_day));
    let dates = first.zip(last).filter(|(f, l)| f <= l && (*l - *f).num_days() < MAX_DAYS);
    if dates.is_none() {
        errors.push(Texts::with_number(C.dates, MAX_DAYS));
    }
    let method = Method::parse(&form.method);
    if method.is_none() {
        errors.push(C.method.into());
    }
    if !QUESTIONNAIRES.contains(&form.questionnaire.as_str()) {
        errors.push(C.questionnaire.into());
    }
    let rule = TargetRule::chosen(&form.rule, &form.fixed);
    if rule.is_none() {
        errors.push(C.rule.into());
    }
    let payment = match form.payment.trim() {
        "" => Some(30_000),
        p => p.replace(['.', ','], "").parse::<i64>().ok().filter(|p| (0..=10_000_000).contains(p)),
    };
    if payment.is_none() {
        errors.push(C.payment.into());
    }
    match (dates, method, rule, payment) {
        (Some((first, last)), Some(method), Some(rule), Some(payment)) if errors.is_empty() => {
            Ok(Plan { first, last, method, questionnaire: form.questionnaire.clone(), rule, payment })
        }
        _ => Err(errors),
    }
}

/// A campaign of the manager's subtree (404 otherwise).
async fn campaign_in_reach(state: &AppState, staff: &Staff, id: CampaignId) -> Result<(Campaign, Reach), AppError> {
    let reach = manager_reach(state, staff).await?;
    Ok((campaign_within(state, &reach, id).await?, reach))
}

/// A campaign of `reach` (404 otherwise). Handlers that find the campaign through another record (a surveyor, a
/// respondent, a re-check) get `reach` first, so that a role which may not manage answers 403 before any row is
/// read and an id that exists answers like one that does not.
async fn campaign_within(state: &AppState, reach: &Reach, id: CampaignId) -> Result<Campaign, AppError> {
    let campaign = state.store.campaign(id).await?;
    reach.check(campaign.unit_id)?;
    Ok(campaign)
}

/// A surveyor of a campaign of the manager's subtree (404 otherwise).
async fn surveyor_in_reach(
    state: &AppState,
    staff: &Staff,
    id: SurveyorId,
) -> Result<(Surveyor, Campaign, Reach), AppError> {
    let reach = manager_reach(state, staff).await?;
    let surveyor = state.store.surveyor(id).await?;
    let campaign = campaign_within(state, &reach, surveyor.campaign_id).await?;
    Ok((surveyor, campaign, reach))
}

pub async fn page(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CampaignId>,
) -> Result<Html<String>, AppError> {
    campaign_page(&state, &staff, id, vec![], None).await
}

/// The campaign's page; `sign_in_code` is a surveyor's name, the code just made for their phone (shown once) and
/// the address to type it at.
async fn campaign_page(
    state: &AppState,
    staff: &Staff,
    id: CampaignId,
    errors: Vec<String>,
    sign_in_code: Option<(String, String, String)>,
) -> Result<Html<String>, AppError> {
    let (campaign, reach) = campaign_in_reach(state, staff, id).await?;
    let store = &state.store;
    let (targets, respondents, surveyors, forms) = tokio::try_join!(
        store.campaign_targets(id),
        store.respondents(id),
        store.surveyors(id),
        store.campaign_forms(id)
    )?;
    let today = local_day(crate::clock::now().millis());
    let work = FieldWork { nodes: &reach.nodes, forms: &forms, respondents: &respondents };
    let collected = campaigns::collected(store, &campaign, &targets, work, today).await?;
    let names: HashMap<UnitId, String> = reach.units.iter().map(|u| (u.id, u.name.clone())).collect();
    let rows = collected
        .into_iter()
        .map(|c| {
            let listed = || respondents.iter().filter(|r| r.unit_id == c.unit_id);
            TargetRow {
                unit: names.get(&c.unit_id).cloned().unwrap_or_default(),
                listed: listed().count(),
                drawn: listed().filter(|r| r.drawn).count(),
                collected: c,
            }
        })
        .collect();
    // The payment list: each surveyor's forms that stand, keyed from paper or entered on the phone (voided ones are
    // not paid).
    let payments = surveyors
        .iter()
        .map(|s| {
            let forms = forms.iter().filter(|f| f.surveyor_id == Some(s.id) && !f.voided).count() as i64;
            (s.full_name.clone(), forms, forms * campaign.payment_per_form)
        })
        .collect();
    Ok(Html(render_campaign(CampaignView {
        staff: staff.bar(),
        unit: names.get(&campaign.unit_id).cloned().unwrap_or_default(),
        campaign,
        targets: rows,
        respondents,
        surveyors,
        payments,
        names,
        errors,
        sign_in_code,
    })))
}

#[derive(Debug, Default, Deserialize)]
pub struct CsvForm {
    #[serde(default)]
    csv: String,
}

/// `POST /surveys/{id}/respondents` — the customer list, all lines or none (each bad line named).
pub async fn import_respondents(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CampaignId>,
    CsrfForm(form): CsrfForm<CsvForm>,
) -> Outcome {
    let (campaign, reach) = campaign_in_reach(&state, &staff, id).await?;
    if campaign.closed_at.is_some() {
        return campaign_refused(&state, &staff, id, vec![C.closed.into()]).await;
    }
    let subtree = unit_tree::subtree(&reach.nodes, campaign.unit_id);
    let mut keys: HashMap<String, UnitId> = HashMap::new();
    for unit in reach.units.iter().filter(|u| subtree.contains(&u.id)) {
        keys.insert(unit.id.to_string(), unit.id);
        if let Some(code) = &unit.code {
            keys.insert(code.clone(), unit.id);
        }
    }
    let respondents = match campaigns::read_respondents(&form.csv, &keys) {
        Ok(list) => list,
        Err(problems) => return campaign_refused(&state, &staff, id, line_errors(&problems)).await,
    };
    let mut tx = state.store.begin().await?;
    tx.add_respondents(id, &respondents).await?;
    let after = json!({ "imported": respondents.len() });
    commit(tx, &staff.principal, change(campaign.unit_id, "campaign.import_list", id, after)).await?;
    Ok(Redirect::to(&format!("/surveys/{id}")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct DrawForm {
    #[serde(default)]
    seed: String,
}

/// `POST /surveys/{id}/sample` — draws the respondents still to draw, from the seed given (or a new one), and
/// records seed and rule on the campaign.
pub async fn draw(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CampaignId>,
    CsrfForm(form): CsrfForm<DrawForm>,
) -> Outcome {
    let (campaign, _) = campaign_in_reach(&state, &staff, id).await?;
    if campaign.closed_at.is_some() {
        return campaign_refused(&state, &staff, id, vec![C.closed.into()]).await;
    }
    let Some(seed) = seed_of(&form.seed) else {
        return campaign_refused(&state, &staff, id, vec![C.seed.into()]).await;
    };
    let seed = i64::from(seed);
    let store = &state.store;
    let (targets, respondents, surveyors) =
        tokio::try_join!(store.campaign_targets(id), store.respondents(id), store.surveyors(id))?;
    let drawn = campaigns::draw_sample(&targets, &respondents, &surveyors, seed as u64);
    let mut tx = state.store.begin().await?;
    tx.record_draw(id, seed, C.draw_rule, &drawn).await?;
    let after = json!({ "seed": seed, "rule": C.draw_rule, "drawn": drawn.len() });
    commit(tx, &staff.principal, change(campaign.unit_id, "campaign.draw", id, after)).await?;
    Ok(Redirect::to(&format!("/surveys/{id}")).into_response())
}

/// `POST /surveys/{id}/close` — ends the campaign and erases its respondents' names and contacts.
pub async fn close(
    State(state): State<AppState>,
    staff: Staff,
    Id(id): Id<CampaignId>,
    CsrfForm(_): CsrfForm<CsvForm>,
) -> Outcome {
    let (campaign, _) = campaign_in_reach(&state, &staff, id).await?;
    if campaign.closed_at.is_some() {
        return Ok(Redirect::to(&format!("/surveys/{id}")).into_response());
    }
    let mut tx = state.store.begin().await?;
    let erased = tx.close_campaign(id, crate::clock::now()).await?;
    let after = json!({ "closed": true, "personal_data_erased": erased });
    commit(tx, &staff.principal, change(campaign.unit_id, "campaign.close", id, after)).await?;
    Ok(Redirect::to(&format!("/surveys/{id}")).into_response())
}

#[derive(Debug, Default, Deserialize)]
pub struct OutcomeForm {
    #[serde(default)]
    outcome: String,
}

/// `POST /respondents/{id}/outcome` — a drawn respondent interviewed, refused or not reached (the surveyors' respondent
/// lists).
pub async fn set_outcome(
    State(state): State<AppState>,
    staff: Staff,
    Id(respondent): Id<RespondentId>,
    CsrfForm(form): CsrfForm<OutcomeForm>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let campaign_id = state.store.respondent_campaign(respondent).await?;
    let campaign = campaign_within(&state, &reach, campaign_id).await?;
    let Some(outcome) = crate::domain::survey::Outcome::parse(&form.outcome).filter(|_| campaign.closed_at.is_none())
    else {
        return campaign_refused(&state, &staff, campaign_id, vec![C.outcome.into()]).await;
    };
    let mut tx = state.store.begin().await?;
    tx.set_respondent_outcome(respondent, outcome.key()).await?;
    let after = json!({ "respondent": respondent, "outcome": outcome.key() });
    commit(tx, &staff.principal, change(campaign.unit_id, "campaign.respondent_outcome", campaign_id, after)).await?;
    Ok(Redirect::to(&format!("/surveys/{campaign_id}")).into_response())
}

/// A draw's seed as typed: blank for a new random one.
fn seed_of(typed: &str) -> Option<u32> {
    match typed.trim() {
        "" => Some(rand::random()),
        typed => typed.parse().ok(),
    }
}

/// A refused file's problems as the page lists them: the first lines named, the others counted.
fn line_errors(problems: &ImportProblems<BadLine>) -> Vec<String> {
    let t = Locale::Vi.texts();
    problems.lines(|l| format!("{} {}: {}", t.line, l.line, l.message), t.import_more)
}

/// A change to a campaign of `unit_id`, described by what it made (campaign changes only add).
fn change(unit_id: UnitId, action: &'static str, campaign: CampaignId, after: serde_json::Value) -> Change<'static> {
    Change { unit_id: Some(unit_id), action, target: format!("campaign:{campaign}"), before: None, after: Some(after) }
}

async fn refused(state: &AppState, staff: &Staff, errors: Vec<String>) -> Outcome {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, list_page(state, staff, errors).await?).into_response())
}

async fn campaign_refused(state: &AppState, staff: &Staff, id: CampaignId, errors: Vec<String>) -> Outcome {
    Ok((StatusCode::UNPROCESSABLE_ENTITY, campaign_page(state, staff, id, errors, None).await?).into_response())
}
