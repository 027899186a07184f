//! Sends webhook deliveries (docs/decisions/011-webhooks.md): every second, the due ones are claimed (with a lease,
//! so instances share the work) and posted as signed JSON; each attempt's outcome goes to the delivery log, and a
//! failed one is tried again later (`domain::webhook::retry_delay_ms`) until it is given up.

use std::time::Duration;

use chrono::Utc;
use serde_json::json;

use crate::domain::period::local_rfc3339;
use crate::domain::webhook::{retry_delay_ms, signature};
use crate::store::{Attempt, DueDelivery, Store, StoreResult};

/// How long a claimed delivery is another sender's to leave alone: longer than one attempt can take.
const LEASE_MS: i64 = 60_000;
const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_secs(1);
const BATCH: i64 = 20;
/// Longest error text kept in the log.
const ERROR_MAX_CHARS: usize = 200;

/// A client for webhook receivers: no redirects followed (a receiver answers, it does not send us elsewhere).
pub fn client() -> reqwest::Client {
    super::tls::install_provider();
    reqwest::Client::builder()
        .use_rustls_tls()
        .timeout(TIMEOUT)
        .redirect(reqwest::redirect::Policy::none())
        .user_agent(concat!("hailong-webhook/", env!("CARGO_PKG_VERSION")))
        .build()
        .expect("a TLS client with the ring provider")
}

/// Starts this instance's sender.
pub fn start(store: Store) {
    tokio::spawn(async move {
        let client = client();
        loop {
            match send_due(&store, &client, Utc::now().timestamp_millis()).await {
                Ok(n) if n as i64 == BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "webhook deliveries could not be read"),
            }
            tokio::time::sleep(POLL).await;
        }
    });
}

/// Sends the deliveries due at `now_ms`, at once; returns how many there were.
pub async fn send_due(store: &Store, client: &reqwest::Client, now_ms: i64) -> StoreResult<usize> {
    let due = store.claim_deliveries(now_ms, LEASE_MS, BATCH).await?;
    let n = due.len();
    futures_util::future::join_all(due.into_iter().map(|d| deliver(store, client, d, now_ms))).await;
    Ok(n)
}

async fn deliver(store: &Store, client: &reqwest::Client, delivery: DueDelivery, now_ms: i64) {
    let body = body(&delivery).to_string();
    let timestamp = now_ms.div_euclid(1000);
    let sent = client
        .post(&delivery.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("X-Hailong-Event", &delivery.event)
        .header("X-Hailong-Delivery", delivery.id.to_string())
        .header("X-Hailong-Timestamp", timestamp.to_string())
        .header("X-Hailong-Signature", signature(&delivery.secret, timestamp, &body))
        .body(body)
        .send()
        .await;
    let (status, error) = match sent {
        Ok(reply) if reply.status().is_success() => (Some(reply.status().as_u16()), None),
        Ok(reply) => (Some(reply.status().as_u16()), Some(format!("HTTP {}", reply.status()))),
        Err(e) => (None, Some(e.to_string())),
    };
    let error: Option<String> = error.map(|e| e.chars().take(ERROR_MAX_CHARS).collect());
    let attempt = match &error {
        None => {
            Attempt { status: status.map(i64::from), error: None, delivered_at: Some(now_ms), next_attempt_at: None }
        }
        Some(e) => {
            let next = retry_delay_ms(delivery.attempts + 1).map(|delay| now_ms + delay);
            tracing::warn!(delivery = delivery.id, error = %e, retry = next.is_some(), "webhook delivery failed");
            Attempt { status: status.map(i64::from), error: Some(e), delivered_at: None, next_attempt_at: next }
        }
    };
    if let Err(e) = store.record_attempt(delivery.id, &attempt).await {
        tracing::warn!(delivery = delivery.id, error = %e, "webhook attempt not recorded");
    }
}

/// What a receiver gets: the event, the delivery's id (the same on every retry, to drop duplicates) and the alert —
/// its kind, unit and what it says, and for a rating's alert its channel and procedure (a Chưa tốt through a
/// receipt link tells the one-stop software which service, never which dossier); nothing that names a citizen.
fn body(delivery: &DueDelivery) -> serde_json::Value {
    let alert = delivery.alert.as_ref().map(|a| {
        json!({
            "id": a.id,
            "kind": a.kind,
            "unit_id": a.unit_id,
            "unit": a.unit,
            "counter_id": a.counter_id,
            "raised_at": local_rfc3339(a.raised_at),
            "detail": a.detail,
            "channel": a.channel,
            "procedure": a.procedure.as_ref().map(|(code, name)| json!({ "code": code, "name": name })),
            "history": format!("/alerts?unit={}", a.unit_id),
        })
    });
    json!({ "event": delivery.event, "delivery": delivery.id, "alert": alert })
}
