//! Paper forms and phúc tra of a campaign: the keyboard entry screen (serial, answers as digits, Enter), the forms
//! keyed twice, a batch from CSV (here); the re-check draw, each drawn form's outcome, and the discrepancy rate of
//! each surveyor or batch ([`recheck`]).

mod recheck;

use crate::domain::ids::{CampaignId, RespondentId, SurveyorId};
use std::collections::HashMap;

use leptos::prelude::*;

use super::{document, error_summary, CsrfField, Document, StaffBar, StaffHeader};
use crate::domain::questionnaire::Factor;
use crate::domain::survey::{keyed_twice, PaperScale};
use crate::i18n::surveys::VI as S;
use crate::i18n::Locale;
use crate::services::paper::Typed;
use crate::store::{Campaign, CampaignForm, Recheck, RecheckDraw, Surveyor};

pub struct PaperView {
    pub staff: StaffBar,
    pub campaign: Campaign,
    pub scale: PaperScale,
    pub units: Vec<(i64, String)>,
    pub surveyors: Vec<Surveyor>,
    pub forms: Vec<CampaignForm>,
    pub rechecks: Vec<Recheck>,
    /// The draws for phúc tra so far, each with its seed (anyone can redo it from the forms and the seed).
    pub draws: Vec<RecheckDraw>,
    /// How to reach the respondent of a surveyor's form, by respondent id (name, contact), for the re-check.
    pub respondents: HashMap<RespondentId, (String, String)>,
    /// What was typed (kept after a refusal; the unit and batch kept for the next form).
    pub typed: Typed,
    pub surveyor: Option<SurveyorId>,
    pub errors: Vec<String>,
    /// The serial just stored, and whether it is one of the forms keyed twice.
    pub saved: Option<(String, bool)>,
}

pub fn render_paper(v: PaperView) -> String {
    let id = v.campaign.id;
    let csrf = v.staff.csrf.clone();
    let open = v.campaign.closed_at.is_none();
    let body = view! {
        <p><a href=format!("/surveys/{id}")>{v.campaign.name.clone()}</a></p>
        <h1>{S.paper}</h1>
        {error_summary(v.errors.clone())}
        {open.then(|| view! {
            {entry_panel(&v, &csrf)}
            {again_panel(&v, &csrf)}
            {batch_panel(id, &csrf)}
        })}
        {recheck::recheck_panel(&v, &csrf)}
    };
    document(
        Document { title: S.paper, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! { <StaffHeader bar=v.staff/><main class="admin">{body}</main> },
    )
}

/// The pattern a typed answer must match: the digits the form's scale offers.
fn digits(scale: PaperScale) -> &'static str {
    match scale {
        PaperScale::TwoLevel => "[01]",
        PaperScale::FourLevel => "[1-4]",
    }
}

/// One digit field per factor, named `f1`…`f5`, holding what was typed if anything.
fn factor_digits(scale: PaperScale, typed: Option<&[String; 5]>) -> impl IntoView {
    Factor::ALL
        .into_iter()
        .enumerate()
        .map(|(i, factor)| {
            let value = typed.map(|typed| typed[i].clone());
            view! {
                <label class="field digit">{Locale::Vi.texts().factor(factor)}
                    <input name=format!("f{}", i + 1) value=value inputmode="numeric" maxlength="1" pattern=digits(scale)
                        autocomplete="off"/>
                </label>
            }
        })
        .collect_view()
}

/// The keyboard entry of one form: unit, batch, surveyor, serial, the answers as digits, the interview date.
fn entry_panel(v: &PaperView, csrf: &str) -> impl IntoView {
    let c = &v.campaign;
    let hint = match v.scale {
        PaperScale::TwoLevel => S.paper_hint_2,
        PaperScale::FourLevel => S.paper_hint_4,
    };
    let units = v
        .units
        .iter()
        .map(|(uid, name)| view! { <option value=uid.to_string() selected=v.typed.unit == uid.to_string()>{name.clone()}</option> })
        .collect_view();
    let surveyors = v
        .surveyors
        .iter()
        .map(|s| view! { <option value=s.id.to_string() selected=v.surveyor == Some(s.id)>{s.full_name.clone()}</option> })
        .collect_view();
    let saved = v.saved.as_ref().map(|(serial, twice)| {
        view! {
            <p class="success" role="status">
                {S.saved.replace("{serial}", serial)}{twice.then(|| format!(" {}", S.twice_saved))}
            </p>
        }
    });
    view! {
        <section class="panel">
            <h2>{S.paper}</h2>
            <p class="hint">{hint}</p>
            {saved}
            <form method="post" action=format!("/surveys/{}/paper", c.id) class="form-grid paper-entry">
                <CsrfField token=csrf.to_owned()/>
                <label class="field">{S.unit_short}<select name="unit">{units}</select></label>
                <label class="field">{S.batch}<input name="batch" required=true value=v.typed.batch.clone()/></label>
                <label class="field">{S.surveyor}
                    <select name="surveyor"><option value="">{S.no_surveyor}</option>{surveyors}</select>
                </label>
                <label class="field">{S.serial}
                    <input name="serial" required=true autofocus=true value=v.typed.serial.clone() autocomplete="off"/>
                </label>
                <label class="field digit">{S.overall}
                    <input name="overall" required=true value=v.typed.overall.clone() inputmode="numeric" maxlength="1"
                        pattern=digits(v.scale) autocomplete="off"/>
                </label>
                {factor_digits(v.scale, Some(&v.typed.factors))}
                <label class="field">{S.interview_date}
                    <input type="date" name="date" value=v.typed.date.clone() min=c.first_day.clone() max=c.last_day.clone()/>
                </label>
                <button type="submit" class="button primary">{S.save_form}</button>
            </form>
        </section>
    }
}

/// The forms to key a second time: those waiting, those that did not match, and the form to key one again.
fn again_panel(v: &PaperView, csrf: &str) -> impl IntoView {
    let id = v.campaign.id;
    let twice: Vec<&CampaignForm> =
        v.forms.iter().filter(|f| !f.voided && !f.survey && keyed_twice(id, &f.serial)).collect();
    let queue: Vec<String> = twice.iter().filter(|f| f.second_match.is_none()).map(|f| f.serial.clone()).collect();
    let mismatched: Vec<String> =
        twice.iter().filter(|f| f.second_match == Some(false)).map(|f| f.serial.clone()).collect();
    view! {
        <section class="panel" role="region" aria-label=S.again>
            <h2>{S.again}</h2>
            <p class="hint">{S.again_hint}</p>
            <p>{match queue.is_empty() {
                true => S.again_none.to_owned(),
                false => format!("{} {}", S.again_queue, queue.join(", ")),
            }}</p>
            {(!mismatched.is_empty()).then(|| view! {
                <p class="level-chua-tot-text">{format!("{} {}", S.mismatches, mismatched.join(", "))}</p>
            })}
            <form method="post" action=format!("/surveys/{id}/paper/again") class="form-grid paper-entry">
                <CsrfField token=csrf.to_owned()/>
                <label class="field">{S.serial}<input name="serial" required=true autocomplete="off"/></label>
                <label class="field digit">{S.overall}
                    <input name="overall" required=true inputmode="numeric" maxlength="1" pattern=digits(v.scale)
                        autocomplete="off"/>
                </label>
                {factor_digits(v.scale, None)}
                <button type="submit" class="button small">{S.again_button}</button>
            </form>
        </section>
    }
}

/// A whole batch pasted as CSV.
fn batch_panel(id: CampaignId, csrf: &str) -> impl IntoView {
    view! {
        <section class="panel">
            <h2>{S.batch_import}</h2>
            <p class="hint">{S.batch_hint}</p>
            <form method="post" action=format!("/surveys/{id}/paper/import")>
                <CsrfField token=csrf.to_owned()/>
                <label class="field">{S.batch_import}<textarea name="csv" rows="5" required=true></textarea></label>
                <button type="submit" class="button small">{S.import}</button>
            </form>
        </section>
    }
}
