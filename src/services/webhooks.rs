//! Sends webhook deliveries (docs/decisions/011-webhooks.md): every second, the due ones are claimed (with a lease,
//! so instances share the work) and posted as signed JSON; each attempt's outcome goes to the delivery log, and a
//! failed one is tried again later (`domain::webhook::retry_delay_ms`) until it is given up.
//!
//! Every delivery checks its address again (`domain::webhook::check_url`), and a name is resolved once, here, by
//! [`CheckedResolver`]: the client connects to exactly the addresses that were checked, so a DNS answer that changes
//! between the check and the connection (rebinding) cannot point it inward. What the log keeps of a failure is only
//! "the receiver refused (HTTP status)" or "could not be delivered": a closed port and a filtered one look the same.

use crate::domain::time::Timestamp;
use std::net::SocketAddr;
use std::sync::atomic::Ordering::Relaxed;
use std::sync::Arc;
use std::time::Duration;

use chrono::Utc;
use serde_json::json;

use crate::domain::period::local_rfc3339;
use crate::domain::release;
use crate::domain::webhook::{check_address, check_url, retry_delay_ms, signature, Allowed, UrlProblem, WebhookHost};
use crate::services::metrics::Deliveries;
use crate::store::{Attempt, DueDelivery, Store, StoreResult};

/// How long a claimed delivery is another sender's to leave alone: longer than one attempt can take.
const LEASE_MS: i64 = 60_000;
const TIMEOUT: Duration = Duration::from_secs(10);
const POLL: Duration = Duration::from_secs(1);
const BATCH: i64 = 20;

/// What the delivery log keeps of an attempt that reached nobody (the cause goes to the server's log only).
pub const NOT_DELIVERED: &str = "not delivered";

/// Posts deliveries to the addresses the operator's rules allow, and only there.
pub struct Sender {
    client: reqwest::Client,
    allowed: Arc<Allowed>,
    /// Where attempts and failures are counted for `/metrics`.
    counts: Arc<Deliveries>,
}

impl Sender {
    /// A client for webhook receivers: names resolved by [`CheckedResolver`], no proxy from the environment (it
    /// would connect elsewhere than checked), no redirects followed (a receiver answers, it does not send us on).
    pub fn new(allowed: Allowed) -> Sender {
        super::tls::install_provider();
        let allowed = Arc::new(allowed);
        let client = reqwest::Client::builder()
            .use_rustls_tls()
            .timeout(TIMEOUT)
            .no_proxy()
            .dns_resolver(Arc::new(CheckedResolver(allowed.clone())))
            .redirect(reqwest::redirect::Policy::none())
            .user_agent(concat!("hailong-webhook/", env!("CARGO_PKG_VERSION")))
            .build()
            .expect("a TLS client with the ring provider");
        Sender { client, allowed, counts: Arc::default() }
    }
}

/// Resolves a receiver's name and hands the client only addresses that pass [`check_address`]; one that does
/// not fails the whole lookup (a name with one inward address among public ones is refused, not filtered).
struct CheckedResolver(Arc<Allowed>);

impl reqwest::dns::Resolve for CheckedResolver {
    fn resolve(&self, name: reqwest::dns::Name) -> reqwest::dns::Resolving {
        let allowed = self.0.clone();
        let name = name.as_str().trim_end_matches('.').to_ascii_lowercase();
        Box::pin(async move {
            let addrs = resolve(&name, 0, &allowed).await.map_err(|problem| format!("{problem:?}"))?;
            Ok(Box::new(addrs.into_iter()) as reqwest::dns::Addrs)
        })
    }
}

/// The addresses of `name`, each checked; [`UrlProblem::Unresolved`] when there are none.
pub async fn resolve(name: &str, port: u16, allowed: &Allowed) -> Result<Vec<SocketAddr>, UrlProblem> {
    let addrs: Vec<SocketAddr> =
        tokio::net::lookup_host((name, port)).await.map_err(|_| UrlProblem::Unresolved)?.collect();
    if addrs.is_empty() {
        return Err(UrlProblem::Unresolved);
    }
    for addr in &addrs {
        check_address(addr.ip(), Some(name), allowed)?;
    }
    Ok(addrs)
}

/// Checks an address a manager gives: its spelling, then every address its name resolves to now.
pub async fn check_receiver(raw: &str, allowed: &Allowed) -> Result<String, UrlProblem> {
    let checked = check_url(raw, allowed)?;
    if let WebhookHost::Name(name) = &checked.host {
        resolve(name, checked.port, allowed).await?;
    }
    Ok(checked.url)
}

/// Starts this instance's sender.
pub fn start(store: Store, allowed: Allowed, counts: Arc<Deliveries>) {
    tokio::spawn(async move {
        let sender = Sender { counts, ..Sender::new(allowed) };
        loop {
            match send_due(&store, &sender, Utc::now().timestamp_millis()).await {
                Ok(n) if n as i64 == BATCH => continue,
                Ok(_) => {}
                Err(e) => tracing::warn!(error = %e, "webhook deliveries could not be read"),
            }
            tokio::time::sleep(POLL).await;
        }
    });
}

/// Sends the deliveries due at `now_ms`, at once; returns how many there were.
pub async fn send_due(store: &Store, sender: &Sender, now_ms: i64) -> StoreResult<usize> {
    let due = store.claim_deliveries(Timestamp::from_millis(now_ms), LEASE_MS, BATCH).await?;
    let n = due.len();
    futures_util::future::join_all(due.into_iter().map(|d| deliver(store, sender, d, now_ms))).await;
    Ok(n)
}

async fn deliver(store: &Store, sender: &Sender, delivery: DueDelivery, now_ms: i64) {
    let (status, error) = match post(sender, &delivery, now_ms).await {
        Ok(status) if (200..300).contains(&status) => (Some(status), None),
        Ok(status) => (Some(status), Some(format!("HTTP {status}"))),
        Err(cause) => {
            tracing::warn!(delivery = %delivery.id, url = %delivery.url, %cause, "webhook delivery not delivered");
            (None, Some(NOT_DELIVERED.to_owned()))
        }
    };
    sender.counts.attempted.fetch_add(1, Relaxed);
    if error.is_some() {
        sender.counts.failed.fetch_add(1, Relaxed);
    }
    let attempt = match &error {
        None => Attempt {
            status: status.map(i64::from),
            error: None,
            delivered_at: Some(Timestamp::from_millis(now_ms)),
            next_attempt_at: None,
        },
        Some(e) => {
            let next = retry_delay_ms(delivery.attempts + 1).map(|delay| now_ms + delay);
            tracing::info!(delivery = %delivery.id, error = %e, retry = next.is_some(), "webhook attempt failed");
            Attempt {
                status: status.map(i64::from),
                error: Some(e),
                delivered_at: None,
                next_attempt_at: next.map(Timestamp::from_millis),
            }
        }
    };
    if let Err(e) = store.record_attempt(delivery.id, &attempt).await {
        tracing::warn!(delivery = %delivery.id, error = %e, "webhook attempt not recorded");
    }
}

/// Posts one delivery to its address, checked again now; the receiver's HTTP status, or why nothing was sent.
async fn post(sender: &Sender, delivery: &DueDelivery, now_ms: i64) -> Result<u16, String> {
    check_url(&delivery.url, &sender.allowed).map_err(|problem| format!("address refused: {problem:?}"))?;
    let body = body(delivery).to_string();
    let timestamp = now_ms.div_euclid(1000);
    let reply = sender
        .client
        .post(&delivery.url)
        .header(reqwest::header::CONTENT_TYPE, "application/json")
        .header("X-Hailong-Event", &delivery.event)
        .header("X-Hailong-Delivery", delivery.id.to_string())
        .header("X-Hailong-Timestamp", timestamp.to_string())
        .header("X-Hailong-Signature", signature(&delivery.secret, timestamp, &body))
        .body(body)
        .send()
        .await
        .map_err(|e| format!("{e:#}"))?;
    Ok(reply.status().as_u16())
}

/// What a receiver gets: the event, the delivery's id (the same on every retry, to drop duplicates) and the alert —
/// its kind, unit and what it says, and for a rating's alert its channel and procedure (a Chưa tốt through a
/// receipt link tells the one-stop software which service, never which dossier); nothing that names a citizen.
/// A receipt rating's alert is raised only at its day's release (decision 013) and says which day it was rated on
/// (`rated_on`), never the time.
fn body(delivery: &DueDelivery) -> serde_json::Value {
    let alert = delivery.alert.as_ref().map(|a| {
        let rated_on =
            a.channel.as_deref().zip(a.rated_at).and_then(|(channel, at)| release::rated_on(channel, at.millis()));
        json!({
            "id": a.id,
            "kind": a.kind,
            "unit_id": a.unit_id,
            "unit": a.unit,
            "counter_id": a.counter_id,
            "raised_at": local_rfc3339(a.raised_at.millis()),
            "detail": a.detail,
            "channel": a.channel,
            "rated_on": rated_on,
            "procedure": a.procedure.as_ref().map(|(code, name)| json!({ "code": code, "name": name })),
            "history": format!("/alerts?unit={}", a.unit_id),
        })
    });
    json!({ "event": delivery.event, "delivery": delivery.id, "alert": alert })
}
