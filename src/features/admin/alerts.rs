//! A unit's alert rules and webhook, for its managers: `GET /admin/units/{id}/alerts`, adding a rule, taking one out
//! of force; setting the webhook (a new secret each time), removing it, sending it a test. Every change is one
//! transaction with its audit entry.

use axum::extract::State;
use axum::http::StatusCode;
use axum::response::{Html, IntoResponse, Redirect, Response};
use serde::Deserialize;
use serde_json::json;

use super::{change, manager_reach};
use crate::domain::alert::{Rule, RuleKind};
use crate::domain::ids::{AlertRuleId, UnitId};
use crate::domain::period::local_time_label;
use crate::domain::webhook::UrlProblem;
use crate::i18n::{Locale, Texts};
use crate::pages::alerts::{render_alert_rules, DeliveryLine, RulesView};
use crate::services::audit::commit;
use crate::services::webhooks::check_receiver;
use crate::store::{Delivery, StoreError};
use crate::web::caller::Staff;
use crate::web::csrf::{CsrfForm, NoFields};
use crate::web::extract::Id;
use crate::web::{AppError, AppState};

type Outcome = Result<Response, AppError>;

pub async fn page(State(state): State<AppState>, staff: Staff, Id(unit_id): Id<UnitId>) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    reach.check(unit_id)?;
    Ok(render(&state, &staff, unit_id, Refusal::None).await?.into_response())
}

#[derive(Debug, Deserialize)]
pub struct RuleForm {
    #[serde(default)]
    kind: String,
    #[serde(default)]
    threshold_percent: String,
    #[serde(default)]
    window_hours: String,
    #[serde(default)]
    min_count: String,
}

pub async fn add(
    State(state): State<AppState>,
    staff: Staff,
    Id(unit_id): Id<UnitId>,
    CsrfForm(form): CsrfForm<RuleForm>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    reach.check(unit_id)?;
    let number = |s: &str| s.trim().parse::<u32>().unwrap_or(0);
    let rule = RuleKind::parse(&form.kind).ok_or(()).and_then(|kind| {
        Rule::new(kind, number(&form.threshold_percent), number(&form.window_hours), number(&form.min_count))
            .map_err(|_| ())
    });
    let Ok(rule) = rule else {
        let page = render(&state, &staff, unit_id, Refusal::Rule(Locale::Vi.texts().alerts.err_rule)).await?;
        return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
    };
    let mut tx = state.store.begin().await?;
    let id = tx.add_alert_rule(unit_id, &rule, crate::clock::now()).await?;
    let after = json!({
        "kind": rule.kind.key(),
        "threshold_percent": rule.threshold_percent,
        "window_hours": rule.window_hours,
        "min_count": rule.min_count,
    });
    commit(tx, &staff.principal, change(unit_id, "alert_rule.add", format!("alert_rule:{id}"), None, Some(after)))
        .await?;
    Ok(Redirect::to(&format!("/admin/units/{unit_id}/alerts")).into_response())
}

pub async fn remove(
    State(state): State<AppState>,
    staff: Staff,
    Id(rule_id): Id<AlertRuleId>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    let mut tx = state.store.begin().await?;
    let rule = tx.alert_rule(rule_id).await?;
    reach.check(rule.unit_id)?;
    tx.remove_alert_rule(rule_id, crate::clock::now()).await?;
    let before = json!({ "kind": rule.rule.kind.key() });
    let change = change(rule.unit_id, "alert_rule.remove", format!("alert_rule:{rule_id}"), Some(before), None);
    commit(tx, &staff.principal, change).await?;
    Ok(Redirect::to(&format!("/admin/units/{}/alerts", rule.unit_id)).into_response())
}

#[derive(Debug, Deserialize)]
pub struct WebhookForm {
    #[serde(default)]
    url: String,
}

pub async fn set_webhook(
    State(state): State<AppState>,
    staff: Staff,
    Id(unit_id): Id<UnitId>,
    CsrfForm(form): CsrfForm<WebhookForm>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    reach.check(unit_id)?;
    let url = match check_receiver(&form.url, &state.settings.webhook_allow).await {
        Ok(url) => url,
        Err(problem) => {
            let a = Locale::Vi.texts().alerts;
            let message = match problem {
                UrlProblem::Internal => a.err_webhook_internal,
                UrlProblem::Unresolved => a.err_webhook_unresolved,
                UrlProblem::NotHttp | UrlProblem::Credentials | UrlProblem::TooLong => a.err_webhook,
            };
            let page = render(&state, &staff, unit_id, Refusal::Webhook(message, form.url)).await?;
            return Ok((StatusCode::UNPROCESSABLE_ENTITY, page).into_response());
        }
    };
    let secret = format!("whsec_{}", hex::encode(rand::random::<[u8; 24]>()));
    let mut tx = state.store.begin().await?;
    let id = tx.set_webhook(unit_id, &url, &secret, crate::clock::now()).await?;
    // The secret stays out of the audit log: whoever reads the log may not be whoever may sign.
    let change = change(unit_id, "webhook.set", format!("webhook:{id}"), None, Some(json!({ "url": url })));
    commit(tx, &staff.principal, change).await?;
    Ok(Redirect::to(&format!("/admin/units/{unit_id}/alerts#webhook")).into_response())
}

pub async fn remove_webhook(
    State(state): State<AppState>,
    staff: Staff,
    Id(unit_id): Id<UnitId>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    reach.check(unit_id)?;
    let mut tx = state.store.begin().await?;
    if tx.remove_webhook(unit_id, crate::clock::now()).await? {
        commit(tx, &staff.principal, change(unit_id, "webhook.remove", format!("unit:{unit_id}"), None, None)).await?;
    }
    Ok(Redirect::to(&format!("/admin/units/{unit_id}/alerts#webhook")).into_response())
}

/// Queues a `ping` delivery, to check the receiver from the log; 404 when the unit has no webhook, 429 after a few
/// in a row (each costs the server a connection out).
pub async fn test_webhook(
    State(state): State<AppState>,
    staff: Staff,
    Id(unit_id): Id<UnitId>,
    CsrfForm(NoFields {}): CsrfForm<NoFields>,
) -> Outcome {
    let reach = manager_reach(&state, &staff).await?;
    reach.check(unit_id)?;
    let webhook = state.store.webhook_of(unit_id).await?.ok_or(StoreError::NotFound)?;
    if !state.limiter.allow_ping(unit_id) {
        let refusal = Refusal::Webhook(Locale::Vi.texts().alerts.err_ping_limit, String::new());
        let page = render(&state, &staff, unit_id, refusal).await?;
        return Ok((StatusCode::TOO_MANY_REQUESTS, page).into_response());
    }
    let mut tx = state.store.begin().await?;
    let id = tx.queue_ping(webhook.id, crate::clock::now()).await?;
    commit(tx, &staff.principal, change(unit_id, "webhook.test", format!("delivery:{id}"), None, None)).await?;
    Ok(Redirect::to(&format!("/admin/units/{unit_id}/alerts#webhook")).into_response())
}

async fn render(state: &AppState, staff: &Staff, unit_id: UnitId, refusal: Refusal) -> Result<Html<String>, AppError> {
    let unit = state.store.unit(unit_id).await?.name;
    let (webhook, deliveries) =
        tokio::try_join!(state.store.webhook_of(unit_id), state.store.deliveries_of(unit_id, DELIVERIES_SHOWN))?;
    let webhook = webhook.map(|w| (w.url, w.secret));
    let deliveries = deliveries.into_iter().map(delivery_line).collect();
    let rules = state
        .store
        .alert_rules_of(&[unit_id])
        .await?
        .into_iter()
        .map(|r| {
            let a = Locale::Vi.texts().alerts;
            let description = match r.rule.kind {
                RuleKind::Poor | RuleKind::Pattern(_) => String::new(),
                RuleKind::LowIndex => Texts::fill(
                    a.rule_low_index,
                    &[
                        ("threshold", &r.rule.threshold_percent),
                        ("hours", &r.rule.window_hours),
                        ("min", &r.rule.min_count),
                    ],
                ),
                RuleKind::SilentCounter => Texts::fill(a.rule_silent, &[("hours", &r.rule.window_hours)]),
            };
            (r.id, r.rule.kind, description)
        })
        .collect();
    let (error, webhook_refused) = match refusal {
        Refusal::None => (None, None),
        Refusal::Rule(message) => (Some(message), None),
        Refusal::Webhook(message, typed) => (None, Some((message, typed))),
    };
    Ok(Html(render_alert_rules(RulesView {
        staff: staff.bar(),
        unit_id,
        unit,
        rules,
        error,
        webhook,
        webhook_refused,
        deliveries,
    })))
}

/// What the page says was refused: nothing, the rule form, or the webhook's (with what was typed, kept).
enum Refusal {
    None,
    Rule(&'static str),
    Webhook(&'static str, String),
}

/// Deliveries shown in the log.
const DELIVERIES_SHOWN: i64 = 20;

fn delivery_line(d: Delivery) -> DeliveryLine {
    let a = Locale::Vi.texts().alerts;
    // Only the receiver's own answer is shown: why a connection failed would tell a closed port from a filtered one.
    let failure = match d.last_status {
        Some(status) => format!("{} (HTTP {status})", a.refused),
        None => a.not_delivered.to_owned(),
    };
    let state = match (d.delivered_at, d.next_attempt_at) {
        (Some(at), _) => format!("{} {}", a.delivered, local_time_label(at.millis())),
        (None, Some(at)) if d.attempts == 0 => format!("{} {}", a.next_attempt, local_time_label(at.millis())),
        (None, Some(at)) => format!("{failure} · {} {}", a.next_attempt, local_time_label(at.millis())),
        (None, None) => format!("{failure} · {}", a.given_up),
    };
    DeliveryLine {
        when: local_time_label(d.created_at.millis()),
        event: d.event,
        attempts: d.attempts,
        ok: d.delivered_at.is_some(),
        state,
    }
}
