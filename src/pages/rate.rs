//! The citizen form (phiếu đánh giá) behind a QR code: four large faces, then optional details.
//! A plain HTML form: it works with JavaScript off; the procedure search island only adds filtering.

use crate::domain::ids::ProcedureId;
use std::collections::BTreeMap;

use leptos::config::LeptosOptions;
use leptos::prelude::*;

use super::faces::Face;
use super::{document, language_switch, textarea_text, Document};
use crate::domain::questionnaire::{Question, Questionnaire};
use crate::domain::rating::Level;
use crate::i18n::{Locale, Texts};
use crate::islands::ProcedureSearch;
use crate::store::Procedure;

pub struct RateView {
    pub locale: Locale,
    /// Where the form posts (the QR URL itself).
    pub action: String,
    pub unit_name: String,
    pub counter_name: Option<String>,
    pub official: Option<OfficialBadge>,
    pub questionnaire: Questionnaire,
    pub procedures: Vec<Procedure>,
    /// A receipt's form: its procedure (the only one in `procedures`) is shown, not picked.
    pub fixed_procedure: bool,
    pub values: FormValues,
    pub errors: Vec<FieldError>,
    pub leptos: LeptosOptions,
}

pub struct OfficialBadge {
    pub name: String,
    pub title: String,
    pub photo_url: Option<String>,
}

/// What the form shows filled in: empty on first load, the citizen's own input after a rejected post.
#[derive(Clone, Debug, Default)]
pub struct FormValues {
    pub submission_id: String,
    pub overall: Option<u8>,
    pub answers: BTreeMap<String, u8>,
    pub procedure: Option<ProcedureId>,
    pub reasons: Vec<String>,
    pub comment: String,
    pub phone: String,
    pub consent: bool,
}

/// A message for one field (`overall`, `procedure`, `comment`, `phone`, or `form` for the whole form).
#[derive(Clone, Debug)]
pub struct FieldError {
    pub field: &'static str,
    pub message: String,
}

pub fn render_rate(v: RateView) -> String {
    let t = v.locale.texts();
    let has_details = !v.values.answers.is_empty();
    let error_list = (!v.errors.is_empty()).then(|| {
        let items = v.errors.iter().map(|e| view! { <li>{e.message.clone()}</li> }).collect_view();
        view! {
            <div class="error-summary" role="alert">
                <p>{t.fix_errors}</p>
                <ul>{items}</ul>
            </div>
        }
    });
    let header = header(&v, t);
    let levels = overall_levels(&v, t);
    let reasons = reason_chips(&v, t);
    let procedures = procedure_picker(&v, t);
    let details = v
        .questionnaire
        .questions
        .iter()
        .map(|q| factor_question(q, v.locale, v.values.answers.get(&q.key).copied(), t))
        .collect_view();
    let lang = v.locale.code();
    let other_lang = format!("?lang={}", t.other_language_code);
    let body = view! {
        <main class="card rate">
            {header}
            {error_list}
            <form id="rate-form" method="post" action=v.action novalidate=false>
                <input type="hidden" name="submission_id" value=v.values.submission_id.clone()/>
                <input type="hidden" name="lang" value=lang/>
                {levels}
                {reasons}
                {procedures}
                <details class="details" open=has_details>
                    <summary>{t.details_summary}</summary>
                    {details}
                </details>
                <label class="field" for="comment">{t.comment_label}</label>
                <textarea id="comment" name="comment" rows="3" maxlength="1000" aria-describedby="comment-hint">
                    {textarea_text(&v.values.comment)}
                </textarea>
                <p class="hint" id="comment-hint">{t.comment_hint}</p>
                <label class="field" for="phone">{t.phone_label}</label>
                <input id="phone" name="phone" type="tel" inputmode="tel" autocomplete="tel" maxlength="20"
                    value=v.values.phone.clone()/>
                <label class="check">
                    <input type="checkbox" name="consent" value="1" checked=v.values.consent/>
                    <span>{t.consent_label}</span>
                </label>
                <div class="hp" aria-hidden="true">
                    <label>"Website"<input name="website" tabindex="-1" autocomplete="off"/></label>
                </div>
                <button type="submit" class="button primary">{t.submit}</button>
                <p class="hint center">{t.privacy_note}</p>
            </form>
            {language_switch(t, other_lang)}
        </main>
    };
    document(
        Document {
            title: t.form_title,
            locale: v.locale,
            islands: Some(&v.leptos),
            body_class: "citizen",
            web_app: false,
        },
        body,
    )
}

fn header(v: &RateView, t: &'static Texts) -> impl IntoView {
    let counter = v.counter_name.clone().map(|name| view! { <p class="counter">{name}</p> });
    let official = v.official.as_ref().map(|o| {
        let photo = o
            .photo_url
            .clone()
            .map(|src| view! { <img class="official-photo" src=src alt="" width="72" height="72"/> });
        view! {
            <div class="official">
                {photo}
                <div>
                    <p class="muted">{t.served_by}</p>
                    <p class="official-name">{o.name.clone()}</p>
                    <p class="muted">{o.title.clone()}</p>
                </div>
            </div>
        }
    });
    view! {
        <header class="unit-header">
            <p class="unit-name">{v.unit_name.clone()}</p>
            {counter}
            {official}
        </header>
    }
}

fn overall_levels(v: &RateView, t: &'static Texts) -> impl IntoView {
    let question = match v.locale {
        Locale::Vi => v.questionnaire.overall_vi.clone(),
        Locale::En => v.questionnaire.overall_en.clone(),
    };
    let buttons = Level::DISPLAY_ORDER
        .into_iter()
        .map(|level| {
            let id = format!("overall-{}", level.score());
            let checked = v.values.overall == Some(level.score());
            view! {
                <input type="radio" class="level-input" name="overall" id=id.clone() value=level.score().to_string()
                    checked=checked required=true/>
                <label for=id class=format!("level level-{}", level.key())>
                    <Face level=level/>
                    <span>{t.level(level)}</span>
                </label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="levels">
            <legend><h1>{question}</h1></legend>
            <div class="level-grid">{buttons}</div>
        </fieldset>
    }
}

fn reason_chips(v: &RateView, t: &'static Texts) -> impl IntoView {
    let chips = v
        .questionnaire
        .reasons
        .iter()
        .map(|r| {
            let id = format!("reason-{}", r.key);
            let label = match v.locale {
                Locale::Vi => r.label_vi.clone(),
                Locale::En => r.label_en.clone(),
            };
            view! {
                <input type="checkbox" class="chip-input" name="reason" id=id.clone() value=r.key.clone()
                    checked=v.values.reasons.contains(&r.key)/>
                <label for=id class="chip">{label}</label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="reasons">
            <legend>{t.reasons_legend}</legend>
            <div class="chips">{chips}</div>
        </fieldset>
    }
}

fn procedure_picker(v: &RateView, t: &'static Texts) -> AnyView {
    if v.fixed_procedure {
        return v
            .procedures
            .first()
            .map(|p| {
                view! {
                    <p class="field fixed-procedure">{t.receipt_procedure}": "<strong>{p.name.clone()}</strong></p>
                    <input type="hidden" name="procedure" value=p.id.to_string()/>
                }
                .into_any()
            })
            .unwrap_or_else(|| ().into_any());
    }
    let mut by_field: BTreeMap<&str, Vec<&Procedure>> = BTreeMap::new();
    for p in &v.procedures {
        by_field.entry(p.field.as_str()).or_default().push(p);
    }
    let groups = by_field
        .into_iter()
        .map(|(field, procedures)| {
            let options = procedures
                .into_iter()
                .map(|p| {
                    view! {
                        <option value=p.id.to_string() selected=v.values.procedure == Some(p.id)>{p.name.clone()}</option>
                    }
                })
                .collect_view();
            view! { <optgroup label=field.to_owned()>{options}</optgroup> }
        })
        .collect_view();
    view! {
        <label class="field" for="procedure">{t.procedure_label}</label>
        <ProcedureSearch placeholder=t.procedure_search.to_owned()/>
        <select id="procedure" name="procedure">
            <option value="">{t.procedure_none}</option>
            {groups}
        </select>
    }
    .into_any()
}

/// One optional factor question, on the same four levels; left unanswered, it is not counted.
fn factor_question(q: &Question, locale: Locale, value: Option<u8>, t: &'static Texts) -> impl IntoView {
    let name = format!("answer.{}", q.key);
    let text = match locale {
        Locale::Vi => q.text_vi.clone(),
        Locale::En => q.text_en.clone(),
    };
    let note = q.only_if_applicable.then(|| view! { <span class="hint">{t.feedback_only_if_given}</span> });
    let options = Level::DISPLAY_ORDER
        .into_iter()
        .map(|level| {
            let id = format!("answer-{}-{}", q.key, level.score());
            view! {
                <input type="radio" class="mini-input" name=name.clone() id=id.clone() value=level.score().to_string()
                    checked=value == Some(level.score())/>
                <label for=id class=format!("mini level-{}", level.key())>{t.level(level)}</label>
            }
        })
        .collect_view();
    view! {
        <fieldset class="factor">
            <legend>{text}{note}</legend>
            <div class="minis">{options}</div>
        </fieldset>
    }
}
