//! Alerts: the dashboard's panel of open alerts (each with its acknowledgement form), the history page, and the
//! rules page of a unit's managers.

use std::collections::HashMap;

use leptos::prelude::*;

use super::{document, Document, StaffBar, StaffHeader};
use crate::domain::alert::RuleKind;
use crate::domain::ids::{AlertId, AlertRuleId, UnitId};
use crate::domain::period::local_time_label;
use crate::i18n::Locale;
use crate::store::Alert;

/// One alert as a page shows it.
pub struct AlertItem {
    pub id: AlertId,
    pub when: String,
    pub unit: String,
    pub detail: String,
    /// `(who, when, what was done)` once acknowledged.
    pub handled: Option<(String, String, String)>,
}

impl AlertItem {
    /// A stored alert, its unit named from `names`.
    pub fn of(alert: Alert, names: &HashMap<UnitId, &str>) -> AlertItem {
        let handled = alert.acknowledged_at.map(|at| {
            (
                alert.acknowledged_by.clone().unwrap_or_default(),
                local_time_label(at.millis()),
                alert.action_taken.clone().unwrap_or_default(),
            )
        });
        AlertItem {
            id: alert.id,
            when: local_time_label(alert.raised_at.millis()),
            unit: names.get(&alert.unit_id).map(|n| (*n).to_owned()).unwrap_or_default(),
            detail: alert.detail,
            handled,
        }
    }
}

/// The dashboard's panel: the open alerts of the unit's subtree, newest first. `/dashboard.js` adds those raised
/// while the page is open, with the same form (the CSRF token travels in `data-csrf`).
#[component]
pub fn OpenAlerts(unit: UnitId, items: Vec<AlertItem>, csrf: String) -> impl IntoView {
    let a = Locale::Vi.texts().alerts;
    let count = items.len();
    let list = items.into_iter().map(|item| view! { <OpenAlert item=item csrf=csrf.clone()/> }).collect_view();
    view! {
        <section class="panel alerts" id="alerts" aria-labelledby="alerts-title" data-csrf=csrf.clone()
            data-action=a.action_taken data-hint=a.action_hint data-button=a.acknowledge>
            <h2 id="alerts-title">
                {a.open_title}" "<span class="badge" id="alerts-n" hidden=count == 0>{count}</span>
            </h2>
            <p class="muted" id="alerts-none" hidden=count > 0>{a.none_open}</p>
            <ul class="feed" id="alerts-list">{list}</ul>
            <p><a href=format!("/alerts?unit={unit}")>{a.history}</a></p>
        </section>
    }
}

#[component]
fn OpenAlert(item: AlertItem, csrf: String) -> impl IntoView {
    let a = Locale::Vi.texts().alerts;
    let field = format!("action-{}", item.id);
    view! {
        <li class="alert-item">
            <p class="comment-meta"><span class="muted">{item.when}" · "{item.unit}</span></p>
            <p class="comment-text">{item.detail}</p>
            <form method="post" action=format!("/alerts/{}/acknowledge", item.id) class="ack">
                <input type="hidden" name="csrf" value=csrf/>
                <label for=field.clone()>{a.action_taken}</label>
                <input type="text" id=field name="action" required=true maxlength="1000" placeholder=a.action_hint/>
                <button type="submit" class="button">{a.acknowledge}</button>
            </form>
        </li>
    }
}

pub struct HistoryView {
    pub staff: StaffBar,
    pub unit: String,
    pub items: Vec<AlertItem>,
}

pub fn render_alert_history(v: HistoryView) -> String {
    let a = Locale::Vi.texts().alerts;
    let rows = v
        .items
        .into_iter()
        .map(|item| {
            let handled = match item.handled {
                Some((who, when, what)) => view! { <span>{when}" · "{who}": "{what}</span> }.into_any(),
                None => view! { <span class="level-chua-tot-text">{a.still_open}</span> }.into_any(),
            };
            view! {
                <tr>
                    <td class="nowrap">{item.when}</td>
                    <td>{item.unit}</td>
                    <td class="detail">{item.detail}</td>
                    <td>{handled}</td>
                </tr>
            }
        })
        .collect_view();
    document(
        Document { title: a.history_title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! {
            <StaffHeader bar=v.staff/>
            <main class="dashboard">
                <h1>{a.history_title}" — "{v.unit}</h1>
                <section class="panel wide" tabindex="0" role="region" aria-label=a.history_title>
                    <table class="grid">
                        <thead>
                            <tr>
                                <th scope="col">{a.raised}</th>
                                <th scope="col">{a.unit}</th>
                                <th scope="col">{a.what}</th>
                                <th scope="col">{a.handled}</th>
                            </tr>
                        </thead>
                        <tbody>{rows}</tbody>
                    </table>
                </section>
            </main>
        },
    )
}

pub struct RulesView {
    pub staff: StaffBar,
    pub unit_id: UnitId,
    pub unit: String,
    /// `(rule id, kind, description)`.
    pub rules: Vec<(AlertRuleId, RuleKind, String)>,
    pub error: Option<&'static str>,
    /// The webhook in force: `(address, signing secret)`.
    pub webhook: Option<(String, String)>,
    /// Why the webhook's form (or its test) was refused, and the address typed, shown again in the field.
    pub webhook_refused: Option<(&'static str, String)>,
    pub deliveries: Vec<DeliveryLine>,
}

/// One line of the webhook's delivery log.
pub struct DeliveryLine {
    pub when: String,
    pub event: String,
    pub attempts: i64,
    pub ok: bool,
    /// Delivered when, next attempt when (after what error), or given up (why).
    pub state: String,
}

pub fn render_alert_rules(v: RulesView) -> String {
    let a = Locale::Vi.texts().alerts;
    let csrf = v.staff.csrf.clone();
    let csrf_form = csrf.clone();
    let rules = if v.rules.is_empty() {
        view! { <p class="muted">{a.no_rules}</p> }.into_any()
    } else {
        let items = v
            .rules
            .into_iter()
            .map(|(id, kind, description)| {
                view! {
                    <li>
                        <strong>{a.kinds[kind_index(kind)]}</strong>" "{description}
                        <form method="post" action=format!("/admin/alert-rules/{id}/remove") class="inline">
                            <input type="hidden" name="csrf" value=csrf.clone()/>
                            <button type="submit" class="button secondary">{a.remove_rule}</button>
                        </form>
                    </li>
                }
            })
            .collect_view();
        view! { <ul class="plain rules">{items}</ul> }.into_any()
    };
    let kinds = RuleKind::ALL
        .into_iter()
        .map(|k| view! { <option value=k.key()>{a.kinds[kind_index(k)]}</option> })
        .collect_view();
    let error = v.error.map(|e| view! { <div class="error-summary" role="alert"><p>{e}</p></div> });
    let webhook = webhook_section(v.unit_id, v.webhook, v.webhook_refused, v.deliveries, &v.staff.csrf);
    document(
        Document { title: a.rules_title, locale: Locale::Vi, islands: None, body_class: "staff", web_app: false },
        view! {
            <StaffHeader bar=v.staff/>
            <main class="admin">
                <h1>{a.rules_title}" — "{v.unit}</h1>
                <p class="hint">{a.rules_help}</p>
                {error}
                <section class="panel">{rules}</section>
                <section class="panel">
                    <h2>{a.add_rule}</h2>
                    <form method="post" action=format!("/admin/units/{}/alert-rules", v.unit_id) class="stack">
                        <input type="hidden" name="csrf" value=csrf_form/>
                        <label>{a.kind}" "<select name="kind">{kinds}</select></label>
                        <label>{a.threshold}" "<input type="number" name="threshold_percent" min="1" max="99" value="80"/></label>
                        <label>{a.window}" "<input type="number" name="window_hours" min="1" max="744" value="24"/></label>
                        <label>{a.min_count}" "<input type="number" name="min_count" min="1" max="10000" value="10"/></label>
                        <button type="submit" class="button">{a.add_rule}</button>
                    </form>
                </section>
                {webhook}
            </main>
        },
    )
}

/// The unit's webhook: its address and secret, setting or removing it, a test, and the delivery log.
fn webhook_section(
    unit_id: UnitId,
    webhook: Option<(String, String)>,
    refused: Option<(&'static str, String)>,
    log: Vec<DeliveryLine>,
    csrf: &str,
) -> impl IntoView {
    let a = Locale::Vi.texts().alerts;
    let (refusal, typed) = match refused {
        Some((message, typed)) => {
            (Some(view! { <div class="error-summary" role="alert"><p>{message}</p></div> }), Some(typed))
        }
        None => (None, None),
    };
    // A refused address comes back in the field, focused: the browser scrolls to it and the manager corrects it.
    let focus = typed.is_some();
    let current = webhook.as_ref().map(|(url, secret)| {
        view! {
            <dl class="facts">
                <dt>{a.webhook_url}</dt><dd><code>{url.clone()}</code></dd>
                <dt>{a.webhook_secret}</dt><dd><code>{secret.clone()}</code></dd>
            </dl>
            <form method="post" action=format!("/admin/units/{unit_id}/webhook/test") class="inline">
                <input type="hidden" name="csrf" value=csrf.to_owned()/>
                <button type="submit" class="button">{a.webhook_test}</button>
            </form>
            " "
            <form method="post" action=format!("/admin/units/{unit_id}/webhook/remove") class="inline">
                <input type="hidden" name="csrf" value=csrf.to_owned()/>
                <button type="submit" class="button secondary">{a.webhook_remove}</button>
            </form>
        }
    });
    let rows_empty = log.is_empty();
    let empty = rows_empty.then(|| view! { <p class="muted">{a.webhook_none}</p> });
    let rows = log
        .into_iter()
        .map(|d| {
            let class = if d.ok { "" } else { "level-chua-tot-text" };
            view! {
                <tr>
                    <td class="nowrap">{d.when}</td>
                    <td>{d.event}</td>
                    <td class="num">{d.attempts}</td>
                    <td class=class>{d.state}</td>
                </tr>
            }
        })
        .collect_view();
    view! {
        <section class="panel" id="webhook" tabindex="0" role="region" aria-label=a.webhook_title>
            <h2>{a.webhook_title}</h2>
            <p class="hint">{a.webhook_help}</p>
            {current}
            {refusal}
            <form method="post" action=format!("/admin/units/{unit_id}/webhook") class="stack">
                <input type="hidden" name="csrf" value=csrf.to_owned()/>
                <label>{a.webhook_url}" "<input type="url" name="url" required=true maxlength="500" placeholder="https://" value=typed autofocus=focus/></label>
                <button type="submit" class="button">{a.webhook_set}</button>
            </form>
            <h3>{a.webhook_log}</h3>
            {empty}
            <table class="grid" hidden=rows_empty>
                <thead>
                    <tr>
                        <th scope="col">{a.raised}</th>
                        <th scope="col">{a.webhook_event}</th>
                        <th scope="col" class="num">{a.webhook_attempts}</th>
                        <th scope="col">{a.handled}</th>
                    </tr>
                </thead>
                <tbody>{rows}</tbody>
            </table>
        </section>
    }
}

fn kind_index(kind: RuleKind) -> usize {
    RuleKind::ALL.iter().position(|k| *k == kind).unwrap_or_default()
}
