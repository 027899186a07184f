//! The response register (sổ phiếu đánh giá): every response of a unit's subtree (or only the flagged ones), newest
//! first, with its state — counted, flagged by a rule and maybe reviewed, or voided with its reason — and, for
//! managers, the forms that review a flagged one and void one.

use leptos::prelude::*;

use super::{document, CsrfField, Document, StaffBar, StaffHeader};
use crate::domain::misuse::rule_of_key;
use crate::domain::period::Period;
use crate::domain::rating::Level;
use crate::i18n::Locale;
use crate::store::Review;

pub struct RegisterView {
    pub staff: StaffBar,
    pub unit_id: i64,
    pub unit: String,
    pub period: Period,
    pub rows: Vec<RegisterRow>,
    /// Only the flagged responses are listed.
    pub flagged: bool,
    /// The caller may void responses and review flagged ones (managers).
    pub may_void: bool,
    /// The next page's address, when there are older responses.
    pub older: Option<String>,
}

pub struct RegisterRow {
    pub id: i64,
    pub when: String,
    /// Unit · counter · official.
    pub place: String,
    pub procedure: String,
    pub channel: String,
    pub level: Level,
    pub state: RowState,
}

pub enum RowState {
    Counted,
    /// Flagged by this rule (its stored key), and a manager's decision on it if one was made.
    Misuse(String, Option<Review>),
    Voided(String),
}

pub fn render_register(v: RegisterView) -> String {
    let t = Locale::Vi.texts();
    let r = t.register;
    let csrf = v.staff.csrf.clone();
    let body = if v.rows.is_empty() {
        view! { <p class="muted">{r.none}</p> }.into_any()
    } else {
        let (may_void, unit_id) = (v.may_void, v.unit_id);
        let rows = v.rows.into_iter().map(|row| register_row(row, may_void.then_some((unit_id, &csrf)))).collect_view();
        view! {
            <table class="grid">
                <thead>
                    <tr>
                        <th scope="col">{r.when}</th>
                        <th scope="col">{r.place}</th>
                        <th scope="col">{r.channel}</th>
                        <th scope="col">{r.level}</th>
                        <th scope="col">{r.state}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        }
        .into_any()
    };
    let periods = Period::ALL
        .into_iter()
        .map(|p| view! { <option value=p.key() selected=p == v.period>{t.periods[p.index()]}</option> })
        .collect_view();
    let older = v.older.map(|href| view! { <p><a href=href>{r.older}</a></p> });
    let filter = |flagged: bool, label: &'static str| {
        let href = format!("/responses?unit={}&period={}&flagged={}", v.unit_id, v.period.key(), u8::from(flagged));
        let current = (flagged == v.flagged).then_some("page");
        view! { <a href=href class="chip" aria-current=current>{label}</a> }
    };
    let filters = view! { <p class="chips">{filter(false, r.show_all)}" "{filter(true, r.show_flagged)}</p> };
    document(
        Document { title: r.title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! {
            <StaffHeader bar=v.staff/>
            <main class="dashboard">
                <h1>{r.title}" — "{v.unit}</h1>
                <p class="hint">{r.help}</p>
                <form class="picker" method="get" action="/responses">
                    <input type="hidden" name="unit" value=v.unit_id.to_string()/>
                    <input type="hidden" name="flagged" value=u8::from(v.flagged).to_string()/>
                    <label>{t.period}" "<select name="period">{periods}</select></label>
                    <button type="submit" class="button">{t.show}</button>
                </form>
                {filters}
                <section class="panel wide" tabindex="0" role="region" aria-label=r.title>{body}{older}</section>
            </main>
        },
    )
}

/// A rating of the register; `manage` (the unit and the CSRF token) when the reader may review and void it.
fn register_row(row: RegisterRow, manage: Option<(i64, &String)>) -> impl IntoView {
    let t = Locale::Vi.texts();
    let void = manage
        .filter(|_| !matches!(row.state, RowState::Voided(_)))
        .map(|(unit_id, csrf)| void_form(row.id, unit_id, csrf));
    let review = manage
        .filter(|_| matches!(row.state, RowState::Misuse(_, None)))
        .map(|(unit_id, csrf)| review_form(row.id, unit_id, csrf));
    view! {
        <tr id=format!("r{}", row.id)>
            <td class="nowrap">{row.when}</td>
            <td class="place">{row.place}<br/><small class="muted">{row.procedure}</small></td>
            <td class="nowrap">{row.channel}</td>
            <td><span class=format!("pill level-{}", row.level.key())>{t.level(row.level)}</span></td>
            <td class="state">{row_state(row.state)}{review}{void}</td>
        </tr>
    }
}

/// Counted, flagged by a rule (and what a manager decided), or voided and why.
fn row_state(state: RowState) -> AnyView {
    let r = Locale::Vi.texts().register;
    match state {
        RowState::Counted => view! { <span>{r.counted}</span> }.into_any(),
        RowState::Misuse(rule, review) => {
            let decided = review.map(|d| {
                let (class, said) = if d.restored { ("level-tot-text", r.restored) } else { ("muted", r.confirmed) };
                view! { <br/><span class=class>{format!("{said}: {}", d.reason)}</span> }
            });
            view! { <span class="muted">{r.misuse[rule_of_key(&rule)]}</span>{decided} }.into_any()
        }
        RowState::Voided(reason) => {
            view! { <span class="level-chua-tot-text">{format!("{}: {reason}", r.voided)}</span> }.into_any()
        }
    }
}

fn void_form(response_id: i64, unit_id: i64, csrf: &str) -> impl IntoView {
    let r = Locale::Vi.texts().register;
    let field = format!("reason-{response_id}");
    view! {
        <details class="void">
            <summary>{r.void}</summary>
            <form method="post" action=format!("/responses/{response_id}/void") class="ack">
                <CsrfField token=csrf.to_owned()/>
                <input type="hidden" name="unit" value=unit_id.to_string()/>
                <label for=field.clone()>{r.void_reason}</label>
                <input type="text" id=field name="reason" required=true maxlength="500" placeholder=r.void_hint/>
                <button type="submit" class="button secondary">{r.void}</button>
            </form>
        </details>
    }
}

/// A manager's decision on a flagged response: one reason, two buttons.
fn review_form(response_id: i64, unit_id: i64, csrf: &str) -> impl IntoView {
    let r = Locale::Vi.texts().register;
    let field = format!("review-{response_id}");
    view! {
        <details class="void">
            <summary>{r.review}</summary>
            <form method="post" action=format!("/responses/{response_id}/review") class="ack">
                <CsrfField token=csrf.to_owned()/>
                <input type="hidden" name="unit" value=unit_id.to_string()/>
                <label for=field.clone()>{r.review_reason}</label>
                <input type="text" id=field name="reason" required=true maxlength="500" placeholder=r.review_hint/>
                <button type="submit" name="decision" value="restore" class="button">{r.restore}</button>
                <button type="submit" name="decision" value="confirm" class="button secondary">{r.confirm}</button>
            </form>
        </details>
    }
}
