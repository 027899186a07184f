//! Paper forms and phúc tra of a campaign: the keyboard entry screen (serial, answers as digits, Enter), a batch
//! from CSV, the forms keyed; the re-check draw, each drawn form's outcome, and the discrepancy rate of each
//! surveyor or batch.

use std::collections::{BTreeMap, HashMap};

use leptos::prelude::*;

use super::{document, CsrfField, Document, StaffBar, StaffHeader};
use crate::domain::questionnaire::Factor;
use crate::domain::survey::{discrepancy_rate, keyed_twice, PaperScale, RecheckOutcome};
use crate::i18n::surveys::VI as S;
use crate::i18n::Locale;
use crate::services::paper::{stratum, Typed};
use crate::store::{Campaign, CampaignForm, Recheck, Surveyor};

pub struct PaperView {
    pub staff: StaffBar,
    pub campaign: Campaign,
    pub scale: PaperScale,
    pub units: Vec<(i64, String)>,
    pub surveyors: Vec<Surveyor>,
    pub forms: Vec<CampaignForm>,
    pub rechecks: Vec<Recheck>,
    /// How to reach the respondent of a surveyor's form, by respondent id (name, contact), for the re-check.
    pub respondents: HashMap<i64, (String, String)>,
    /// What was typed (kept after a refusal; the unit and batch kept for the next form).
    pub typed: Typed,
    pub surveyor: Option<i64>,
    pub errors: Vec<String>,
    /// The serial just stored, and whether it is one of the forms keyed twice.
    pub saved: Option<(String, bool)>,
}

pub fn render_paper(v: PaperView) -> String {
    let c = &v.campaign;
    let id = c.id;
    let csrf = v.staff.csrf.clone();
    let hint = match v.scale {
        PaperScale::TwoLevel => S.paper_hint_2,
        PaperScale::FourLevel => S.paper_hint_4,
    };
    let digits = match v.scale {
        PaperScale::TwoLevel => "[01]",
        PaperScale::FourLevel => "[1-4]",
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
    let factors = Factor::ALL
        .into_iter()
        .zip(v.typed.factors.clone())
        .enumerate()
        .map(|(i, (factor, value))| {
            view! {
                <label class="field digit">{factor.name_vi()}
                    <input name=format!("f{}", i + 1) value=value inputmode="numeric" maxlength="1" pattern=digits autocomplete="off"/>
                </label>
            }
        })
        .collect_view();
    let errors = (!v.errors.is_empty()).then(|| {
        let items = v.errors.iter().map(|e| view! { <li>{e.clone()}</li> }).collect_view();
        view! { <div class="error-summary" role="alert"><ul>{items}</ul></div> }
    });
    let saved = v.saved.as_ref().map(|(serial, twice)| {
        view! {
            <p class="success" role="status">
                {S.saved.replace("{serial}", serial)}{twice.then(|| format!(" {}", S.twice_saved))}
            </p>
        }
    });
    let twice: Vec<&CampaignForm> =
        v.forms.iter().filter(|f| !f.voided && !f.survey && keyed_twice(id, &f.serial)).collect();
    let queue: Vec<String> = twice.iter().filter(|f| f.second_match.is_none()).map(|f| f.serial.clone()).collect();
    let mismatched: Vec<String> =
        twice.iter().filter(|f| f.second_match == Some(false)).map(|f| f.serial.clone()).collect();
    let again_factors = Factor::ALL
        .into_iter()
        .enumerate()
        .map(|(i, factor)| {
            view! {
                <label class="field digit">{factor.name_vi()}
                    <input name=format!("f{}", i + 1) inputmode="numeric" maxlength="1" pattern=digits autocomplete="off"/>
                </label>
            }
        })
        .collect_view();
    let open = c.closed_at.is_none();

    // Forms and re-checks by stratum (surveyor, or batch).
    let surveyor_name = |form: &CampaignForm| {
        form.surveyor_id
            .and_then(|sid| v.surveyors.iter().find(|s| s.id == sid).map(|s| s.full_name.clone()))
            .unwrap_or_else(|| format!("{} {}", S.batch, form.batch))
    };
    let mut strata: BTreeMap<String, (String, usize, Vec<RecheckOutcome>)> = BTreeMap::new();
    for form in v.forms.iter().filter(|f| !f.voided) {
        strata.entry(stratum(form)).or_insert_with(|| (surveyor_name(form), 0, vec![])).1 += 1;
    }
    for r in &v.rechecks {
        if let Some(outcome) = r.outcome.as_deref().and_then(RecheckOutcome::parse) {
            strata.entry(stratum(&r.form)).or_insert_with(|| (surveyor_name(&r.form), 0, vec![])).2.push(outcome);
        }
    }
    let total_outcomes: Vec<RecheckOutcome> = strata.values().flat_map(|(_, _, o)| o.clone()).collect();
    let rate = |outcomes: &[RecheckOutcome]| {
        discrepancy_rate(outcomes).map(|r| format!("{:.1}%", r * 100.0).replace('.', ",")).unwrap_or_else(|| "—".into())
    };
    let strata_rows = strata
        .values()
        .map(|(name, forms, outcomes)| {
            view! {
                <tr><th scope="row">{name.clone()}</th><td class="num">{*forms}</td><td class="num">{outcomes.len()}</td>
                <td class="num">{rate(outcomes)}</td></tr>
            }
        })
        .collect_view();
    let outcome_name = |key: &str| {
        RecheckOutcome::parse(key)
            .and_then(|o| RecheckOutcome::ALL.iter().position(|x| *x == o))
            .map_or_else(|| key.to_owned(), |i| S.recheck_outcomes[i].to_owned())
    };
    let recheck_rows = v
        .rechecks
        .iter()
        .map(|r| {
            let state = match &r.outcome {
                Some(key) => {
                    let voided = r.form.voided.then(|| view! { " · "<strong>{S.voided}</strong> });
                    view! { <span>{outcome_name(key)}{voided}" "<span class="muted">{r.note.clone().unwrap_or_default()}</span></span> }
                        .into_any()
                }
                None => {
                    let options = RecheckOutcome::ALL
                        .iter()
                        .zip(S.recheck_outcomes)
                        .map(|(o, name)| view! { <option value=o.key()>{name}</option> })
                        .collect_view();
                    view! {
                        <form method="post" action=format!("/rechecks/{}", r.form.response_id) class="inline-form">
                            <CsrfField token=csrf.clone()/>
                            <label class="sr-only" for=format!("o{}", r.form.response_id)>{S.outcome}</label>
                            <select name="outcome" id=format!("o{}", r.form.response_id)>{options}</select>
                            <input name="note" placeholder=S.note aria-label=S.note/>
                            <label class="check"><input type="checkbox" name="void" value="1"/>{S.void_form}</label>
                            <button type="submit" class="button small">{S.record}</button>
                        </form>
                    }
                    .into_any()
                }
            };
            // A surveyor's form names whom to ask again (until the campaign closes).
            let whom = r.form.respondent_id.and_then(|id| v.respondents.get(&id)).map(|(name, contact)| {
                view! { <br/><span class="muted">{format!("{name} · {contact}")}</span> }
            });
            view! {
                <tr><th scope="row">{r.form.serial.clone()}{whom}</th><td>{surveyor_name(&r.form)}</td><td>{state}</td></tr>
            }
        })
        .collect_view();
    let entry = open.then(|| {
        view! {
            <section class="panel">
                <h2>{S.paper}</h2>
                <p class="hint">{hint}</p>
                {saved}
                <form method="post" action=format!("/surveys/{id}/paper") class="form-grid paper-entry">
                    <CsrfField token=csrf.clone()/>
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
                            pattern=digits autocomplete="off"/>
                    </label>
                    {factors}
                    <label class="field">{S.interview_date}
                        <input type="date" name="date" value=v.typed.date.clone() min=c.first_day.clone() max=c.last_day.clone()/>
                    </label>
                    <button type="submit" class="button primary">{S.save_form}</button>
                </form>
            </section>
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
                    <CsrfField token=csrf.clone()/>
                    <label class="field">{S.serial}<input name="serial" required=true autocomplete="off"/></label>
                    <label class="field digit">{S.overall}
                        <input name="overall" required=true inputmode="numeric" maxlength="1" pattern=digits autocomplete="off"/>
                    </label>
                    {again_factors}
                    <button type="submit" class="button small">{S.again_button}</button>
                </form>
            </section>
            <section class="panel">
                <h2>{S.batch_import}</h2>
                <p class="hint">{S.batch_hint}</p>
                <form method="post" action=format!("/surveys/{id}/paper/import")>
                    <CsrfField token=csrf.clone()/>
                    <label class="field">{S.batch_import}<textarea name="csv" rows="5" required=true></textarea></label>
                    <button type="submit" class="button small">{S.import}</button>
                </form>
            </section>
        }
    });
    let body = view! {
        <p><a href=format!("/surveys/{id}")>{c.name.clone()}</a></p>
        <h1>{S.paper}</h1>
        {errors}
        {entry}
        <section class="panel" tabindex="0" role="region" aria-label=S.recheck>
            <h2>{format!("{} — {} {}", S.recheck, v.forms.len(), S.keyed.to_lowercase())}</h2>
            <p class="hint">{S.recheck_hint}</p>
            <form method="post" action=format!("/surveys/{id}/rechecks") class="inline-form">
                <CsrfField token=csrf.clone()/>
                <label>{S.percent}" "<input name="percent" value="10" inputmode="numeric"/></label>
                <label>{S.seed}" "<input name="seed" inputmode="numeric"/></label>
                <button type="submit" class="button small">{S.recheck_draw}</button>
            </form>
            <table class="grid">
                <thead><tr>
                    <th scope="col">{S.stratum}</th><th scope="col" class="num">{S.forms}</th>
                    <th scope="col" class="num">{S.rechecked}</th><th scope="col" class="num">{S.discrepancy}</th>
                </tr></thead>
                <tbody>{strata_rows}</tbody>
                <tfoot><tr><th scope="row">{S.campaign}</th><td class="num">{v.forms.iter().filter(|f| !f.voided).count()}</td>
                    <td class="num">{total_outcomes.len()}</td><td class="num">{rate(&total_outcomes)}</td></tr></tfoot>
            </table>
            <table class="grid">
                <thead><tr><th scope="col">{S.serial}</th><th scope="col">{S.stratum}</th><th scope="col">{S.outcome}</th></tr></thead>
                <tbody>{recheck_rows}</tbody>
            </table>
        </section>
    };
    document(
        Document { title: S.paper, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! { <StaffHeader bar=v.staff/><main class="admin">{body}</main> },
    )
}
