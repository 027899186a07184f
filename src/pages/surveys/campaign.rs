//! One campaign's page: its facts, the targets and quotas, the drawn sample (personal data, managers only, erased at
//! the close), the surveyors and what they are owed, and — while it is open — the forms that change it.

use crate::domain::ids::{CampaignId, SurveyorId, UnitId};
use std::collections::HashMap;

use leptos::prelude::*;

use super::{dates, staff_page};
use crate::domain::period::local_time_label;
use crate::domain::report::Cell;
use crate::domain::survey::{Method, Outcome};
use crate::i18n::surveyor::VI as P;
use crate::i18n::surveys::VI as S;
use crate::i18n::{Locale, Texts};
use crate::pages::{error_summary, Confirmed, CsrfField, StaffBar};
use crate::services::campaigns::Collected;
use crate::store::{Campaign, Respondent, Surveyor};

pub struct TargetRow {
    pub unit: String,
    pub collected: Collected,
    pub listed: usize,
    pub drawn: usize,
}

pub struct CampaignView {
    pub staff: StaffBar,
    pub unit: String,
    pub campaign: Campaign,
    pub targets: Vec<TargetRow>,
    pub respondents: Vec<Respondent>,
    pub surveyors: Vec<Surveyor>,
    /// Each surveyor's name, forms that stand and amount due (VND).
    pub payments: Vec<(String, i64, i64)>,
    pub names: HashMap<UnitId, String>,
    pub errors: Vec<String>,
    /// A surveyor's name, the sign-in code just made for their phone (shown once) and the address to type it at.
    pub sign_in_code: Option<(String, String, String)>,
}

pub fn render_campaign(v: CampaignView) -> String {
    let c = &v.campaign;
    let id = c.id;
    let csrf = v.staff.csrf.clone();
    let open = c.closed_at.is_none();
    let body = view! {
        <p><a href="/surveys">{S.title}</a></p>
        <h1>{c.name.clone()}</h1>
        {error_summary(v.errors)}
        {v.sign_in_code.map(sign_in_code_panel)}
        <p><a class="button small" href=format!("/surveys/{id}/paper")>{S.paper_link}</a></p>
        {campaign_facts(c, v.unit)}
        {targets_panel(v.targets, c)}
        {sample_panel(&v.respondents, &v.surveyors, &v.names, open.then_some(&csrf))}
        {surveyors_panel(&v.surveyors, &csrf, open)}
        {payments_panel(&v.payments)}
        {open.then(|| open_campaign_forms(id, v.respondents.len(), &csrf))}
    };
    staff_page(S.title, v.staff, body)
}

/// The code a surveyor's phone signs in with, shown once after it is made.
fn sign_in_code_panel((name, code, url): (String, String, String)) -> impl IntoView {
    view! {
        <div class="panel pairing-code" role="status">
            <p>{P.code_made}" "{name}": "</p>
            <p class="code-big" data-testid="sign-in-code">{code}</p>
            <p>{P.code_where}" "<strong>{url}</strong></p>
            <p class="hint">{P.code_hint}</p>
        </div>
    }
}

fn campaign_facts(c: &Campaign, unit: String) -> impl IntoView {
    let method = if c.method == "field" { S.field } else { S.on_site };
    view! {
        <dl class="facts">
            <dt>{S.unit}</dt><dd>{unit}</dd>
            <dt>{S.period}</dt><dd>{dates(c)}</dd>
            <dt>{S.method}</dt><dd>{method}</dd>
            <dt>{S.decision}</dt><dd>{c.decision.clone()}</dd>
            <dt>{S.payment}</dt><dd>{Cell::Count(c.payment_per_form.unsigned_abs()).text("")}</dd>
            <dt>{S.status}</dt><dd>{if c.closed_at.is_none() { S.open } else { S.closed }}</dd>
        </dl>
    }
}

/// Each unit's target, what is collected and by which channel, the pace, the quotas by field, and the list drawn.
fn targets_panel(targets: Vec<TargetRow>, c: &Campaign) -> impl IntoView {
    let seed = c.sample_seed.map(|seed| {
        view! { <p>{S.drawn_with}" "<strong class="seed">{seed}</strong>": "{c.sample_rule.clone().unwrap_or_default()}</p> }
    });
    view! {
        <section class="panel" tabindex="0" role="region" aria-label=S.targets>
            <h2>{S.targets}</h2>
            <table class="grid">
                <thead><tr>
                    <th scope="col">{S.unit_short}</th><th scope="col" class="num">{S.target}</th>
                    <th scope="col" class="num">{S.collected}</th><th scope="col">{S.by_channel}</th>
                    <th scope="col" class="num">{S.reached}</th><th scope="col">{S.pace}</th><th scope="col">{S.quotas}</th>
                    <th scope="col" class="num">{S.listed}</th><th scope="col" class="num">{S.drawn}</th>
                </tr></thead>
                <tbody>{targets.into_iter().map(target_row).collect_view()}</tbody>
            </table>
            <p class="muted">{counted_channels(c)}</p>
            {seed}
        </section>
    }
}

/// Which ratings count toward the targets: the method's channels, named as the register names them.
fn counted_channels(c: &Campaign) -> String {
    let register = Locale::Vi.texts().register;
    let method = Method::parse(&c.method).unwrap_or(Method::OnSite);
    let names: Vec<String> = method.channels().iter().map(|key| register.channel_name(key)).collect();
    let own = if method == Method::Field { format!(" ({})", S.own_forms_only) } else { String::new() };
    format!("{}: {}{own}.", S.counts_toward, names.join(", "))
}

fn target_row(t: TargetRow) -> impl IntoView {
    let c = &t.collected;
    let quotas =
        c.fields.iter().map(|(f, p)| format!("{f}: {}/{}", p.collected, p.target)).collect::<Vec<_>>().join(" · ");
    let channels = c.by_channel.iter().map(|(name, n)| format!("{name} {n}")).collect::<Vec<_>>().join(" · ");
    let p = c.progress;
    let verdict = if p.collected >= p.target {
        S.met
    } else if p.needs_more {
        S.short_pace
    } else {
        S.on_pace
    };
    view! {
        <tr>
            <th scope="row">{t.unit}</th><td class="num">{p.target}</td><td class="num">{p.collected}</td>
            <td>{channels}</td><td class="num">{format!("{:.0}%", p.reached * 100.0)}</td>
            <td class=if p.needs_more { "level-chua-tot-text" } else { "" }>{verdict}</td><td>{quotas}</td>
            <td class="num">{t.listed}</td><td class="num">{t.drawn}</td>
        </tr>
    }
}

/// The drawn respondents; while the campaign is open (`csrf` given) each outcome can be recorded.
fn sample_panel(
    respondents: &[Respondent],
    surveyors: &[Surveyor],
    names: &HashMap<UnitId, String>,
    csrf: Option<&String>,
) -> impl IntoView {
    let surveyor_name: HashMap<SurveyorId, &str> = surveyors.iter().map(|s| (s.id, s.full_name.as_str())).collect();
    let drawn: Vec<&Respondent> = respondents.iter().filter(|r| r.drawn).collect();
    let rows = drawn
        .iter()
        .map(|r| {
            view! {
                <tr>
                    <td>{r.name.clone().unwrap_or_else(|| S.erased.to_owned())}</td>
                    <td>{r.contact.clone().unwrap_or_else(|| S.erased.to_owned())}</td>
                    <td>{names.get(&r.unit_id).cloned().unwrap_or_default()}</td>
                    <td>{r.procedure.clone()}</td><td>{r.field.clone()}</td><td>{r.served_on.clone()}</td>
                    <td>{r.surveyor_id.and_then(|s| surveyor_name.get(&s).map(|n| n.to_string())).unwrap_or_default()}</td>
                    <td>{outcome_cell(r, csrf)}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" tabindex="0" role="region" aria-label=S.sample>
            <h2>{format!("{} ({})", S.sample, drawn.len())}</h2>
            <table class="grid">
                <thead><tr>
                    <th scope="col">{S.person}</th><th scope="col">{S.contact}</th><th scope="col">{S.unit_short}</th>
                    <th scope="col">{S.procedure}</th><th scope="col">{S.field_name}</th><th scope="col">{S.served_on}</th>
                    <th scope="col">{S.surveyor}</th><th scope="col">{S.outcome}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// A respondent's interview outcome: a form to record it while open, its name once closed.
fn outcome_cell(r: &Respondent, csrf: Option<&String>) -> AnyView {
    match csrf {
        Some(csrf) => {
            let options = Outcome::ALL
                .iter()
                .zip(S.outcomes)
                .map(|(o, name)| view! { <option value=o.key() selected=o.key() == r.outcome>{name}</option> })
                .collect_view();
            view! {
                <form method="post" action=format!("/respondents/{}/outcome", r.id) class="inline-form">
                    <CsrfField token=csrf.clone()/>
                    <select name="outcome" aria-label=S.outcome>{options}</select>
                    <button type="submit" class="button small">{S.record}</button>
                </form>
            }
            .into_any()
        }
        None => {
            let name = Outcome::parse(&r.outcome)
                .and_then(|o| Outcome::ALL.iter().position(|x| *x == o))
                .map_or(r.outcome.clone(), |i| S.outcomes[i].to_owned());
            view! { <span>{name}</span> }.into_any()
        }
    }
}

fn surveyors_panel(surveyors: &[Surveyor], csrf: &str, open: bool) -> impl IntoView {
    let rows = surveyors.iter().map(|s| surveyor_row(s, csrf, open)).collect_view();
    view! {
        <section class="panel" tabindex="0" role="region" aria-label=S.surveyors>
            <h2>{S.surveyors}</h2>
            <table class="grid">
                <thead><tr>
                    <th scope="col">{S.person}</th><th scope="col">{S.organisation}</th>
                    <th scope="col">{S.badge}</th><th scope="col">{S.status}</th><th scope="col">{P.phone}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// A surveyor: the badge photo, the badge, revoking it, and their phone's sign-in.
fn surveyor_row(s: &Surveyor, csrf: &str, open: bool) -> impl IntoView {
    let state = match s.revoked_at {
        Some(_) => view! { <span class="muted">{S.revoked}</span> }.into_any(),
        None => view! {
            <Confirmed
                action=format!("/surveyors/{}/revoke", s.id)
                csrf=csrf.to_owned()
                label=S.revoke
                warning=S.revoke_warning.to_owned()
                confirm=S.revoke_confirm
            />
        }
        .into_any(),
    };
    let phone = match s.last_seen_at {
        Some(at) => format!("{} {}", P.phone_seen, local_time_label(at.millis())),
        None => P.phone_never.to_owned(),
    };
    let give_code = (open && s.revoked_at.is_none()).then(|| {
        view! {
            <form method="post" action=format!("/surveyors/{}/sign-in-code", s.id) class="inline">
                <CsrfField token=csrf.to_owned()/>
                <button type="submit" class="button small">{P.give_code}</button>
            </form>
        }
    });
    let photo_form = open.then(|| {
        view! {
            <form method="post" action=format!("/surveyors/{}/photo", s.id) enctype="multipart/form-data"
                class="inline">
                <CsrfField token=csrf.to_owned()/>
                <input type="file" name="photo" accept="image/jpeg,image/png,image/webp" required=true
                    aria-label=format!("{} {}", S.photo_of, s.full_name)/>
                <button type="submit" class="button small">{S.upload_photo}</button>
            </form>
        }
    });
    let has_photo = s.has_photo.then_some(S.has_photo);
    view! {
        <tr>
            <th scope="row">{s.full_name.clone()}<br/><span class="muted">{has_photo}</span>{photo_form}</th>
            <td>{s.organisation.clone()}</td>
            <td><a href=format!("/surveyors/{}/badge", s.id)>{S.badge}</a></td><td>{state}</td>
            <td><span>{phone}</span>" "{give_code}</td>
        </tr>
    }
}

/// What each surveyor is owed: forms that stand times the campaign's rate.
fn payments_panel(payments: &[(String, i64, i64)]) -> impl IntoView {
    let rows = payments
        .iter()
        .map(|(name, forms, amount)| {
            view! {
                <tr><th scope="row">{name.clone()}</th><td class="num">{*forms}</td>
                <td class="num">{Cell::Count(amount.unsigned_abs()).text("")}</td></tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" tabindex="0" role="region" aria-label=S.payments>
            <h2>{S.payments}</h2>
            <table class="grid">
                <thead><tr>
                    <th scope="col">{S.surveyor}</th><th scope="col" class="num">{S.forms_paid}</th>
                    <th scope="col" class="num">{S.amount}</th>
                </tr></thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

/// While open: the customer list and the draw, adding a surveyor, and closing the campaign (which erases the names
/// and contacts of the `listed` people, so it is asked twice).
fn open_campaign_forms(id: CampaignId, listed: usize, csrf: &str) -> impl IntoView {
    let csrf = csrf.to_owned();
    view! {
        <section class="panel">
            <h2>{S.list}</h2>
            <p class="hint">{S.list_hint}</p>
            <form method="post" action=format!("/surveys/{id}/respondents")>
                <CsrfField token=csrf.clone()/>
                <label class="field">{S.list}<textarea name="csv" rows="6" required=true></textarea></label>
                <button type="submit" class="button small">{S.import}</button>
            </form>
            <h2>{S.draw}</h2>
            <form method="post" action=format!("/surveys/{id}/sample") class="inline-form">
                <CsrfField token=csrf.clone()/>
                <label>{S.seed}" "<input name="seed" inputmode="numeric"/></label>
                <button type="submit" class="button small">{S.draw_button}</button>
            </form>
            <p class="hint">{S.seed_hint}</p>
        </section>
        <section class="panel">
            <h2>{S.add_surveyor}</h2>
            <form method="post" action=format!("/surveys/{id}/surveyors") class="inline-form">
                <CsrfField token=csrf.clone()/>
                <label>{S.person}" "<input name="full_name" required=true/></label>
                <label>{S.organisation}" "<input name="organisation" required=true/></label>
                <button type="submit" class="button small">{S.add_surveyor}</button>
            </form>
        </section>
        <section class="panel">
            <p class="hint">{S.close_hint}</p>
            <Confirmed
                action=format!("/surveys/{id}/close")
                csrf=csrf
                label=S.close
                warning=Texts::with_number(S.close_warning, listed)
                confirm=S.close_confirm
            />
        </section>
    }
}
