//! Phúc tra on the paper page: the draw, the forms and re-checks of each stratum (a surveyor, or a batch) with its
//! discrepancy rate, and each drawn form with its outcome or the form to record it.

use std::collections::BTreeMap;

use leptos::prelude::*;

use super::PaperView;
use crate::domain::period::local_time_label;
use crate::domain::survey::{discrepancy_rate, RecheckOutcome};
use crate::i18n::surveys::VI as S;
use crate::pages::CsrfField;
use crate::services::paper::stratum;
use crate::store::{CampaignForm, Recheck, RecheckDraw, Surveyor};

pub(super) fn recheck_panel(v: &PaperView, csrf: &str) -> impl IntoView {
    let id = v.campaign.id;
    let rows = v.rechecks.iter().map(|r| recheck_row(r, v, csrf)).collect_view();
    view! {
        <section class="panel" tabindex="0" role="region" aria-label=S.recheck>
            <h2>{format!("{} — {} {}", S.recheck, v.forms.len(), S.keyed.to_lowercase())}</h2>
            <p class="hint">{S.recheck_hint}</p>
            {draws_list(&v.draws)}
            <form method="post" action=format!("/surveys/{id}/rechecks") class="inline-form">
                <CsrfField token=csrf.to_owned()/>
                <label>{S.percent}" "<input name="percent" value="10" inputmode="numeric"/></label>
                <label>{S.seed}" "<input name="seed" inputmode="numeric"/></label>
                <button type="submit" class="button small">{S.recheck_draw}</button>
            </form>
            {strata_table(v)}
            <table class="grid">
                <thead><tr><th scope="col">{S.serial}</th><th scope="col">{S.stratum}</th><th scope="col">{S.outcome}</th></tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// Each draw so far: when, the share, the seed and how many forms — what redoing it needs.
fn draws_list(draws: &[RecheckDraw]) -> Option<impl IntoView> {
    (!draws.is_empty()).then(|| {
        let items = draws
            .iter()
            .map(|d| {
                view! {
                    <li>
                        {format!("{} — {}% {}, {} ", local_time_label(d.drawn_at.millis()), d.percent, S.each_stratum, S.seed.to_lowercase())}
                        <strong class="seed">{d.seed}</strong>
                        {format!(": {} {}", d.drawn, S.forms_unit)}
                    </li>
                }
            })
            .collect_view();
        view! { <p>{S.recheck_draws}</p><ul class="draws">{items}</ul> }
    })
}

/// Who a form's stratum is: its surveyor's name, or its batch.
fn stratum_name(form: &CampaignForm, surveyors: &[Surveyor]) -> String {
    form.surveyor_id
        .and_then(|sid| surveyors.iter().find(|s| s.id == sid).map(|s| s.full_name.clone()))
        .unwrap_or_else(|| format!("{} {}", S.batch, form.batch))
}

/// A discrepancy rate as a percentage with a decimal comma, or a dash before any outcome.
fn rate(outcomes: &[RecheckOutcome]) -> String {
    discrepancy_rate(outcomes).map(|r| format!("{:.1}%", r * 100.0).replace('.', ",")).unwrap_or_else(|| "—".into())
}

/// Forms and re-check outcomes by stratum, with the campaign's total below.
fn strata_table(v: &PaperView) -> impl IntoView {
    let mut strata: BTreeMap<String, (String, usize, Vec<RecheckOutcome>)> = BTreeMap::new();
    for form in v.forms.iter().filter(|f| !f.voided) {
        strata.entry(stratum(form)).or_insert_with(|| (stratum_name(form, &v.surveyors), 0, vec![])).1 += 1;
    }
    for r in &v.rechecks {
        if let Some(outcome) = r.outcome.as_deref().and_then(RecheckOutcome::parse) {
            strata
                .entry(stratum(&r.form))
                .or_insert_with(|| (stratum_name(&r.form, &v.surveyors), 0, vec![]))
                .2
                .push(outcome);
        }
    }
    let total_outcomes: Vec<RecheckOutcome> = strata.values().flat_map(|(_, _, o)| o.clone()).collect();
    let rows = strata
        .values()
        .map(|(name, forms, outcomes)| {
            view! {
                <tr><th scope="row">{name.clone()}</th><td class="num">{*forms}</td><td class="num">{outcomes.len()}</td>
                <td class="num">{rate(outcomes)}</td></tr>
            }
        })
        .collect_view();
    view! {
        <table class="grid">
            <thead><tr>
                <th scope="col">{S.stratum}</th><th scope="col" class="num">{S.forms}</th>
                <th scope="col" class="num">{S.rechecked}</th><th scope="col" class="num">{S.discrepancy}</th>
            </tr></thead>
            <tbody>{rows}</tbody>
            <tfoot><tr><th scope="row">{S.campaign}</th><td class="num">{v.forms.iter().filter(|f| !f.voided).count()}</td>
                <td class="num">{total_outcomes.len()}</td><td class="num">{rate(&total_outcomes)}</td></tr></tfoot>
        </table>
    }
}

/// A drawn form: its serial (and whom to ask again, for a surveyor's form), its stratum, its outcome.
fn recheck_row(r: &Recheck, v: &PaperView, csrf: &str) -> impl IntoView {
    // A surveyor's form names whom to ask again (until the campaign closes).
    let whom = r.form.respondent_id.and_then(|id| v.respondents.get(&id)).map(|(name, contact)| {
        view! { <br/><span class="muted">{format!("{name} · {contact}")}</span> }
    });
    view! {
        <tr>
            <th scope="row">{r.form.serial.clone()}{whom}</th><td>{stratum_name(&r.form, &v.surveyors)}</td>
            <td>{recheck_state(r, csrf)}</td>
        </tr>
    }
}

/// A recorded outcome (and whether the form was voided), or the form that records one.
fn recheck_state(r: &Recheck, csrf: &str) -> AnyView {
    if let Some(key) = &r.outcome {
        let name = RecheckOutcome::parse(key)
            .and_then(|o| RecheckOutcome::ALL.iter().position(|x| *x == o))
            .map_or_else(|| key.to_owned(), |i| S.recheck_outcomes[i].to_owned());
        let voided = r.form.voided.then(|| view! { " · "<strong>{S.voided}</strong> });
        return view! { <span>{name}{voided}" "<span class="muted">{r.note.clone().unwrap_or_default()}</span></span> }
            .into_any();
    }
    let options = RecheckOutcome::ALL
        .iter()
        .zip(S.recheck_outcomes)
        .map(|(o, name)| view! { <option value=o.key()>{name}</option> })
        .collect_view();
    let field = format!("o{}", r.form.response_id);
    view! {
        <form method="post" action=format!("/rechecks/{}", r.form.response_id) class="inline-form">
            <CsrfField token=csrf.to_owned()/>
            <label class="sr-only" for=field.clone()>{S.outcome}</label>
            <select name="outcome" id=field>{options}</select>
            <input name="note" placeholder=S.note aria-label=S.note/>
            <label class="check"><input type="checkbox" name="void" value="1"/>{S.void_form}</label>
            <button type="submit" class="button small">{S.record}</button>
        </form>
    }
    .into_any()
}
