//! The surveyor's phone (`/dieu-tra`): the respondents drawn for them with a button to interview each (or mark
//! them refused or not reached), the interview form on the campaign's scale, the queue's state, and the badge's QR
//! code for a citizen to check. One page, every screen in it, switched by `/dieu-tra/dieu-tra.js` without the
//! network; a copy in the phone's cache works offline. Also the sign-in page and the "ended" page.

use chrono::NaiveDate;
use leptos::prelude::*;
use serde::Serialize;

use super::{document, json_for_script, Document};
use crate::domain::questionnaire::{Factor, Questionnaire};
use crate::domain::survey::{Outcome, PaperScale};
use crate::i18n::surveyor::{ScriptTexts, VI as T};
use crate::i18n::Locale;
use crate::store::Respondent;

/// What the script needs, in the page as JSON.
#[derive(Clone, Debug, Serialize)]
pub struct PhoneState {
    /// The page's asset version (the service worker's cache name).
    pub version: String,
    /// The respondent outcomes' names, by key, for the list the script updates.
    pub outcomes: Vec<(&'static str, &'static str)>,
    pub texts: ScriptTexts,
}

pub struct PhoneView {
    pub surveyor: String,
    pub organisation: String,
    pub campaign: String,
    /// The respondents with the name of their unit.
    pub respondents: Vec<(Respondent, String)>,
    pub scale: PaperScale,
    pub questionnaire: Questionnaire,
    /// The badge's verification token, for its QR code.
    pub badge_token: String,
    pub state: PhoneState,
}

pub fn render_phone(v: PhoneView) -> String {
    let respondents = v.respondents.iter().map(|(r, unit)| respondent_card(r, unit)).collect_view();
    let empty = v.respondents.is_empty().then(|| view! { <p class="muted">{T.none}</p> });
    let factors = Factor::ALL
        .into_iter()
        .enumerate()
        .filter_map(|(i, factor)| {
            let question = v.questionnaire.questions_of(factor).next()?;
            let name = format!("f{}", i + 1);
            let options = choices(v.scale, &name, true);
            Some(view! {
                <fieldset class="factor">
                    <legend>{Locale::Vi.texts().factor(factor)}<span class="hint">{question.text_vi.clone()}</span></legend>
                    <div class="minis">{options}</div>
                </fieldset>
            })
        })
        .collect_view();
    let state = json_for_script(&v.state);
    let body = view! {
        <main class="card survey-phone">
            <header class="unit-header">
                <p class="unit-name">{v.campaign}</p>
                <p class="counter">{T.title}": "{v.surveyor}" · "{v.organisation}</p>
            </header>
            <noscript><p class="error-summary">{T.needs_script}</p></noscript>
            <p id="s-status" class="s-status" role="status" aria-live="polite"></p>
            <p id="s-insecure" class="hint" hidden>{T.insecure}</p>
            <ul id="s-problems" class="error-summary" hidden></ul>
            <section id="s-list" aria-labelledby="s-list-title">
                <h1 id="s-list-title">{format!("{} ({})", T.respondents, v.respondents.len())}</h1>
                {empty}
                <ol class="s-respondents">{respondents}</ol>
            </section>
            <form id="s-form" hidden=true novalidate=true>
                <h1>{T.form_title}</h1>
                <p id="s-form-who" class="official-name"></p>
                <p id="s-form-error" class="error-summary" role="alert" hidden>{T.choose_overall}</p>
                <fieldset class="factor">
                    <legend>{T.overall}</legend>
                    <div class="minis">{choices(v.scale, "overall", false)}</div>
                </fieldset>
                <h2>{T.factors}</h2>
                {factors}
                <button type="submit" class="button primary">{T.save}</button>
                <button type="button" id="s-back" class="button secondary">{T.back}</button>
            </form>
            <section class="s-badge" aria-labelledby="s-badge-title">
                <h2 id="s-badge-title">{T.badge}</h2>
                <p class="hint">{T.badge_help}</p>
                <img class="qr" src=format!("/xac-minh/{}/qr.png", v.badge_token) alt=T.badge width="180" height="180"/>
            </section>
        </main>
        <script type="application/json" id="s-state" inner_html=state></script>
        <script type="module" src="/dieu-tra/dieu-tra.js"></script>
    };
    document(
        Document { title: T.title, locale: Locale::Vi, islands: None, body_class: "citizen", web_app: false },
        body,
    )
}

/// One drawn respondent: who, how to reach them, what they came for, and what became of the interview.
fn respondent_card(r: &Respondent, unit: &str) -> impl IntoView {
    let outcome = Outcome::parse(&r.outcome).unwrap_or(Outcome::Pending);
    let outcome_name = Outcome::ALL.iter().position(|o| *o == outcome).map_or("", |i| T.outcomes[i]);
    let name = r.name.clone().unwrap_or_default();
    let contact = r.contact.clone().unwrap_or_default();
    let served = NaiveDate::parse_from_str(&r.served_on, "%Y-%m-%d")
        .map_or(r.served_on.clone(), |d| d.format("%d/%m/%Y").to_string());
    let call = (!contact.is_empty()).then(|| {
        let tel: String = contact.chars().filter(|c| c.is_ascii_digit() || *c == '+').collect();
        view! { <p><a href=format!("tel:{tel}")>{contact.clone()}</a></p> }
    });
    view! {
        <li class="s-respondent" data-id=r.id.to_string() data-outcome=outcome.key() data-name=name.clone()>
            <p class="official-name">{name.clone()}</p>
            {call}
            <p class="hint">{format!("{} · {} · {served} · {unit}", r.procedure, r.field)}</p>
            <p class="s-outcome">{outcome_name}</p>
            <div class="s-actions">
                <button type="button" class="button primary" data-interview="">{T.interview}</button>
                <button type="button" class="button small" data-mark="refused">{T.refused}</button>
                <button type="button" class="button small" data-mark="not_reached">{T.not_reached}</button>
            </div>
        </li>
    }
}

/// The answers of one question as large radio buttons; a factor may be left "not asked".
fn choices(scale: PaperScale, name: &str, optional: bool) -> impl IntoView {
    let mut answers: Vec<(&str, &str, &str)> = scale
        .answers()
        .iter()
        .map(|(digit, _)| {
            (*digit, Locale::Vi.texts().paper_answer(scale, digit), scale.level(digit).map_or("", |l| l.key()))
        })
        .collect();
    if optional {
        answers.push(("", T.not_asked, "none"));
    }
    answers
        .into_iter()
        .map(|(digit, label, class)| {
            let id = format!("s-{name}-{class}");
            view! {
                <input type="radio" class="mini-input" name=name.to_owned() id=id.clone() value=digit
                    checked=optional && digit.is_empty()/>
                <label for=id class=format!("mini level-{class}")>{label}</label>
            }
        })
        .collect_view()
}

pub struct SignInView {
    pub error: Option<&'static str>,
}

/// The sign-in page: a phone not yet signed in types the code a manager made for its surveyor.
pub fn render_sign_in(v: SignInView) -> String {
    let error = v.error.map(|e| view! { <div class="error-summary" role="alert"><p>{e}</p></div> });
    let body = view! {
        <main class="card">
            <h1>{T.sign_in_title}</h1>
            <p>{T.sign_in_help}</p>
            {error}
            <form method="post" action="/dieu-tra/dang-nhap" autocomplete="off">
                <label class="field" for="s-code">{T.code}</label>
                <input id="s-code" name="code" required=true maxlength="12" autocapitalize="characters"
                    spellcheck="false"/>
                <button type="submit" class="button primary">{T.sign_in}</button>
            </form>
        </main>
    };
    document(
        Document { title: T.sign_in_title, locale: Locale::Vi, islands: None, body_class: "citizen", web_app: false },
        body,
    )
}

/// What a phone shows once its surveyor's badge was revoked or the campaign closed.
pub fn render_ended() -> String {
    let body = view! {
        <main class="card notice">
            <h1>{T.ended_title}</h1>
            <p>{T.ended_body}</p>
        </main>
    };
    document(
        Document { title: T.ended_title, locale: Locale::Vi, islands: None, body_class: "citizen", web_app: false },
        body,
    )
}
