//! The counter tablet (kiosk): one page with every screen in it — the four faces, the reasons and comment, the
//! short factor step, the thank-you, the duty screen — switched by `/kiosk/kiosk.js` without the network. Vietnamese
//! is rendered; each text names its key in `data-text`, and both languages' tables are in the page as JSON (`#texts`)
//! for the language button. Also the pairing page and the "revoked" page.

use crate::domain::ids::{DutyId, OfficialId, ProcedureId};
use std::collections::BTreeMap;

use leptos::prelude::*;
use serde::Serialize;

use super::faces::Face;
use super::{document, json_for_script, Document};
use crate::domain::kiosk::factor_step;
use crate::domain::questionnaire::Questionnaire;
use crate::domain::rating::Level;
use crate::i18n::kiosk::{KioskTexts, ScreenTexts, VI};
use crate::i18n::Locale;

/// The `data-text` key of a screen text: the field's name, which must be a field of [`ScreenTexts`].
macro_rules! key {
    ($field:ident) => {{
        let _: &str = VI.screen.$field;
        stringify!($field)
    }};
}

/// An official who may go on duty at this tablet (has a PIN).
#[derive(Clone, Debug, Serialize)]
pub struct DutyOfficial {
    pub id: OfficialId,
    pub name: String,
    pub title: String,
    pub photo: Option<String>,
}

/// Who is on duty, as the tablet shows it.
#[derive(Clone, Debug, Serialize)]
pub struct DutyBody {
    pub id: DutyId,
    pub official: DutyOfficial,
    pub ends_at: i64,
}

/// The ticket being served, as the tablet shows it.
#[derive(Clone, Debug, Serialize)]
pub struct ServingBody {
    pub ticket: String,
    pub procedure_id: Option<ProcedureId>,
    pub expires_at: i64,
}

/// What the script needs, in the page as JSON (so a copy of the page in the tablet's cache works offline).
#[derive(Clone, Debug, Serialize)]
pub struct KioskState {
    /// The kiosk's asset version (the service worker's cache name).
    pub version: String,
    pub duty: Option<DutyBody>,
    pub serving: Option<ServingBody>,
    pub server_now: i64,
    pub idle_ms: i64,
    pub thanks_ms: i64,
    pub heartbeat_ms: i64,
}

pub struct KioskView {
    pub unit_name: String,
    pub counter_name: String,
    pub questionnaire: Questionnaire,
    pub officials: Vec<DutyOfficial>,
    pub state: KioskState,
}

/// The keys of the questionnaire's texts in the tablet's table; dotted, so they never meet a field's name.
fn level_key(level: Level) -> String {
    format!("level.{}", level.score())
}
fn reason_key(reason: &str) -> String {
    format!("reason.{reason}")
}
fn question_key(question: &str) -> String {
    format!("question.{question}")
}
const OVERALL_KEY: &str = "question.overall";

/// One language's table for the tablet's script: the screen's texts and the questionnaire's, by `data-text` key.
#[derive(Serialize)]
struct LanguageTexts<'a> {
    #[serde(flatten)]
    screen: &'static ScreenTexts,
    #[serde(flatten)]
    questionnaire: BTreeMap<String, &'a str>,
}

fn language_texts(q: &Questionnaire, locale: Locale) -> LanguageTexts<'_> {
    let en = locale == Locale::En;
    let mut questionnaire = BTreeMap::new();
    for level in Level::DISPLAY_ORDER {
        questionnaire.insert(level_key(level), locale.texts().level(level));
    }
    questionnaire.insert(OVERALL_KEY.to_owned(), if en { &q.overall_en } else { &q.overall_vi });
    for r in &q.reasons {
        questionnaire.insert(reason_key(&r.key), if en { &r.label_en } else { &r.label_vi });
    }
    for question in factor_step(q) {
        questionnaire.insert(question_key(&question.key), if en { &question.text_en } else { &question.text_vi });
    }
    LanguageTexts { screen: &locale.texts().kiosk.screen, questionnaire }
}

pub fn render_kiosk(v: KioskView) -> String {
    let vi = &VI.screen;
    let state = json_for_script(&v.state);
    let q = &v.questionnaire;
    let texts = json_for_script(&BTreeMap::from([
        (Locale::Vi.code(), language_texts(q, Locale::Vi)),
        (Locale::En.code(), language_texts(q, Locale::En)),
    ]));
    let faces = Level::DISPLAY_ORDER
        .into_iter()
        .map(|level| {
            view! {
                <button type="button" class=format!("k-face level-{}", level.key()) data-level=level.score()>
                    <Face level=level/>
                    <span data-text=level_key(level)>{Locale::Vi.texts().level(level)}</span>
                </button>
            }
        })
        .collect_view();
    let chips = q
        .reasons
        .iter()
        .map(|r| {
            view! {
                <button type="button" class="k-chip" data-reason=r.key.clone() aria-pressed="false" data-text=reason_key(&r.key)>
                    {r.label_vi.clone()}
                </button>
            }
        })
        .collect_view();
    let factors = factor_step(q)
        .into_iter()
        .map(|question| {
            let levels = Level::DISPLAY_ORDER
                .into_iter()
                .map(|level| {
                    view! {
                        <button type="button" class=format!("k-mini level-{}", level.key()) data-level=level.score()
                            aria-pressed="false" data-text=level_key(level)>{Locale::Vi.texts().level(level)}</button>
                    }
                })
                .collect_view();
            view! {
                <div class="k-factor" data-question=question.key.clone()>
                    <p data-text=question_key(&question.key)>{question.text_vi.clone()}</p>
                    <div class="k-minis">{levels}</div>
                </div>
            }
        })
        .collect_view();
    let officials = v
        .officials
        .iter()
        .map(|o| {
            view! {
                <button type="button" class="k-official" data-official=o.id.to_string()>
                    {o.photo.clone().map(|src| view! { <img src=src alt="" width="96" height="96"/> })}
                    <strong>{o.name.clone()}</strong>
                    <small>{o.title.clone()}</small>
                </button>
            }
        })
        .collect_view();
    let no_officials =
        v.officials.is_empty().then(|| view! { <p class="muted" data-text=key!(no_officials)>{vi.no_officials}</p> });
    let body = view! {
        <div id="kiosk" class="k-app">
            <header class="k-bar">
                <div class="k-where"><strong>{v.unit_name}</strong>" · "{v.counter_name}</div>
                <div class="k-status" aria-live="polite">
                    <span id="k-offline" class="k-offline" hidden><span data-text=key!(offline)>{vi.offline}</span></span>
                    <span id="k-queue" class="k-queue" hidden><b id="k-queue-n">"0"</b>" "<span data-text=key!(waiting)>{vi.waiting}</span></span>
                </div>
                <button type="button" id="k-lang" class="k-lang" data-text=key!(language)>{vi.language}</button>
            </header>
            <p id="k-insecure" class="k-insecure" role="status" hidden data-text=key!(insecure)>{vi.insecure}</p>
            <section class="k-screen" data-screen="home">
                <div class="k-duty">
                    <div id="k-duty-on" class="k-duty-on" hidden>
                        <img id="k-duty-photo" alt="" width="112" height="112" hidden/>
                        <div>
                            <small data-text=key!(on_duty)>{vi.on_duty}</small>
                            <strong id="k-duty-name"></strong>
                            <span id="k-duty-title"></span>
                        </div>
                    </div>
                    <p id="k-duty-off" class="k-duty-off" data-text=key!(no_duty)>{vi.no_duty}</p>
                    <p id="k-serving" class="k-serving" hidden>
                        <span data-text=key!(serving)>{vi.serving}</span>" "<strong id="k-ticket"></strong>
                    </p>
                    <button type="button" id="k-duty-open" class="k-quiet" data-text=key!(start_duty)>{vi.start_duty}</button>
                </div>
                <h1 class="k-question" data-text=OVERALL_KEY>{q.overall_vi.clone()}</h1>
                <div class="k-faces">{faces}</div>
            </section>
            <section class="k-screen" data-screen="reasons" hidden>
                <h2 data-text=key!(reasons)>{vi.reasons}</h2>
                <div class="k-chips">{chips}</div>
                <label class="k-comment">
                    <span data-text=key!(comment)>{vi.comment}</span>
                    <textarea id="k-comment" maxlength="1000" rows="3" autocomplete="off" spellcheck="false"></textarea>
                </label>
                <div class="k-actions">
                    <button type="button" id="k-reasons-next" class="k-primary" data-text=key!(next)>{vi.next}</button>
                </div>
            </section>
            <section class="k-screen" data-screen="factors" hidden>
                <h2 data-text=key!(factors)>{vi.factors}</h2>
                <div class="k-factors">{factors}</div>
                <div class="k-actions">
                    <button type="button" id="k-skip" class="k-quiet" data-text=key!(skip)>{vi.skip}</button>
                    <button type="button" id="k-send" class="k-primary" data-text=key!(send)>{vi.send}</button>
                </div>
            </section>
            <section class="k-screen k-thanks" data-screen="thanks" hidden>
                <h1 data-text=key!(thanks)>{vi.thanks}</h1>
                <p data-text=key!(thanks_body)>{vi.thanks_body}</p>
            </section>
            <section class="k-screen" data-screen="duty" hidden>
                <h2 data-text=key!(pick_official)>{vi.pick_official}</h2>
                <div class="k-officials">{officials}</div>
                {no_officials}
                <div id="k-pin-box" class="k-pin-box" hidden>
                    <label for="k-pin" data-text=key!(pin)>{vi.pin}</label>
                    <input id="k-pin" type="password" inputmode="numeric" autocomplete="off" maxlength="8"/>
                    <button type="button" id="k-pin-ok" class="k-primary" data-text=key!(pin_ok)>{vi.pin_ok}</button>
                </div>
                <p id="k-duty-error" class="k-error" role="alert">
                    <span data-error="wrong_pin" data-text=key!(err_pin) hidden>{vi.err_pin}</span>
                    <span data-error="rate_limited" data-text=key!(err_pin_limited) hidden>{vi.err_pin_limited}</span>
                    <span data-error="pin_locked" data-text=key!(err_pin_locked) hidden>{vi.err_pin_locked}</span>
                    <span data-error="network" data-text=key!(err_needs_network) hidden>{vi.err_needs_network}</span>
                </p>
                <div class="k-actions">
                    <button type="button" id="k-duty-back" class="k-quiet" data-text=key!(back)>{vi.back}</button>
                    <button type="button" id="k-duty-end" class="k-quiet" data-text=key!(end_duty)>{vi.end_duty}</button>
                </div>
            </section>
            <section class="k-screen k-revoked" data-screen="revoked" hidden>
                <h1 data-text=key!(revoked_title)>{vi.revoked_title}</h1>
                <p data-text=key!(revoked_body)>{vi.revoked_body}</p>
            </section>
        </div>
        <script type="application/json" id="k-state" inner_html=state></script>
        <script type="application/json" id="texts" inner_html=texts></script>
        <script type="module" src="/kiosk/kiosk.js"></script>
    };
    document(Document { title: VI.title, locale: Locale::Vi, islands: None, body_class: "kiosk", web_app: true }, body)
}

pub struct PairingView<'a> {
    pub error: Option<&'static str>,
    pub name: &'a str,
}

/// The pairing page: a tablet not yet paired types the code a manager made for its counter.
pub fn render_pairing(v: PairingView<'_>) -> String {
    let t = &VI;
    let error = v.error.map(|e| view! { <div class="error-summary" role="alert"><p>{e}</p></div> });
    let body = view! {
        <main class="k-pair">
            <h1>{t.pair_title}</h1>
            <p>{t.pair_help}</p>
            {error}
            <form method="post" action="/kiosk/pair" class="form-grid" autocomplete="off">
                <label class="field">{t.pair_code}
                    <input name="code" required=true maxlength="12" autocapitalize="characters" spellcheck="false"
                        class="k-code-input"/>
                </label>
                <label class="field">{t.device_name}
                    <input name="name" required=true maxlength="60" value=v.name.to_owned() placeholder=t.device_name_hint/>
                </label>
                <button type="submit" class="button">{t.pair_button}</button>
            </form>
        </main>
    };
    document(
        Document { title: t.pair_title, locale: Locale::Vi, islands: None, body_class: "kiosk", web_app: true },
        body,
    )
}

/// What a revoked tablet shows instead of the form.
pub fn render_revoked() -> String {
    let t: &KioskTexts = &VI;
    let body = view! {
        <main class="k-pair k-revoked">
            <h1>{t.screen.revoked_title}</h1>
            <p>{t.screen.revoked_body}</p>
        </main>
    };
    document(
        Document {
            title: t.screen.revoked_title,
            locale: Locale::Vi,
            islands: None,
            body_class: "kiosk",
            web_app: true,
        },
        body,
    )
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn json_in_a_script_element_cannot_close_it() {
        let json = json_for_script(&serde_json::json!({ "name": "</script><script>alert(1)</script>" }));
        assert!(!json.contains("</script>"), "{json}");
        let back: serde_json::Value = serde_json::from_str(&json).unwrap();
        assert_eq!(back["name"], "</script><script>alert(1)</script>");
    }

    #[test]
    fn every_text_the_language_button_switches_is_in_both_tables() {
        let questionnaire = Questionnaire::detailed();
        let state = KioskState {
            version: "v".to_owned(),
            duty: None,
            serving: None,
            server_now: 0,
            idle_ms: 0,
            thanks_ms: 0,
            heartbeat_ms: 0,
        };
        let html = render_kiosk(KioskView {
            unit_name: "Phường".to_owned(),
            counter_name: "Quầy 1".to_owned(),
            questionnaire: questionnaire.clone(),
            officials: vec![],
            state,
        });
        let json = html.split(r#"<script type="application/json" id="texts">"#).nth(1).unwrap();
        let tables: serde_json::Value = serde_json::from_str(json.split("</script>").next().unwrap()).unwrap();
        let keys: Vec<&str> =
            html.split(r#"data-text=""#).skip(1).map(|rest| rest.split('"').next().unwrap()).collect();
        let expected = 28 + 4 + 1 + questionnaire.reasons.len() + factor_step(&questionnaire).len();
        assert!(keys.len() >= expected, "{} keys: {keys:?}", keys.len());
        for key in keys {
            for lang in ["vi", "en"] {
                assert!(tables[lang][key].as_str().is_some_and(|t| !t.is_empty()), "{lang} has no text for {key}");
            }
        }
        assert_ne!(tables["vi"]["question.overall"], tables["en"]["question.overall"]);
    }
}
