//! What happens after a rating is stored: counting it into the rollups and announcing it to live dashboards.
//!
//! A stored response waits in the store's rollup queue. This instance's counting loop — woken by each submit, and
//! sweeping every second for what other instances left — counts queued responses in batches (one transaction each:
//! exactly once, however many instances count) and announces the batch: on SQLite by an in-process broadcast; on
//! PostgreSQL by NOTIFY, which every instance (this one too) LISTENs to and re-broadcasts to its own dashboards
//! (docs/decisions/010-live-events.md). The submit itself never waits for any of it.

use crate::domain::time::Timestamp;
use std::collections::HashMap;
use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::{broadcast, Notify};
use tokio::time::Instant;

use chrono::Utc;

use super::alerts::{self, Raised};
use super::patterns;
use crate::domain::alert::OpeningHours;
use crate::domain::ids::{AlertId, OfficialId, UnitId, UserId};
use crate::domain::period::local_time_label;
use crate::domain::release::{self, when_label, Place};
use crate::store::{Backend, CountedRating, FeedRow, Store, StoreResult};

/// The PostgreSQL channel ratings are announced on.
pub const CHANNEL: &str = "hailong_live";
/// Ratings a dashboard may fall behind by before it catches up from the database instead.
const BUFFER: usize = 1024;
/// Responses counted per transaction.
const BATCH: i64 = 500;
/// Under a stream of ratings, batches start at most this often, so each merges more ratings into the same rollup
/// rows (a batch costs mostly its distinct rows, not its ratings): at full speed the ingest bench's PostgreSQL ran
/// 160 batches of ~125 ratings. It delays a live event by at most this much, well inside the promised second.
const PACE: Duration = Duration::from_millis(200);
/// A batch of at least this many ratings means a stream (over ~100 a second): the next batch is paced. Smaller ones
/// (a commune's trickle, a dashboard test) are announced at once.
const BUSY: usize = 20;
/// How often the queue is looked at without a submit here (what other instances stored and left).
const SWEEP: Duration = Duration::from_secs(1);
/// NOTIFY payloads must stay under 8,000 bytes: events travel in arrays of at most this many bytes.
const NOTIFY_BYTES: usize = 7_000;
/// How often counters are checked for silence.
const SILENCE_CHECK_MS: i64 = 60_000;

/// A stored rating as a dashboard's live feed shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveRating {
    /// The response's id, the event's id for catching up; none for a receipt rating, released with its day's others
    /// and never replayed (ids follow arrival: decision 013).
    #[serde(default, skip_serializing_if = "Option::is_none")]
    pub id: Option<i64>,
    pub unit_id: UnitId,
    /// The unit and every unit above it: whoever watches one of these may see the rating.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<UnitId>,
    pub unit: String,
    pub official_id: Option<OfficialId>,
    pub official: Option<String>,
    pub overall: u8,
    pub channel: String,
    pub comment: Option<String>,
    /// Local `dd/mm HH:MM`; for a receipt rating its day alone, `dd/mm/yyyy`.
    pub when: String,
}

impl LiveRating {
    /// Whether a dashboard of `unit`'s subtree (of one official's ratings, if `official`) shows this rating.
    pub fn visible_to(&self, unit: UnitId, official: Option<i64>) -> bool {
        self.chain.contains(&unit) && official.is_none_or(|o| self.official_id == Some(OfficialId::new(o)))
    }

    /// A rating read back from the database (a reconnecting dashboard), named by the caller.
    pub fn from_row(row: FeedRow, unit: String, official: Option<String>) -> LiveRating {
        LiveRating {
            id: Some(row.id.get()),
            unit_id: row.unit_id,
            chain: vec![],
            unit,
            official_id: row.official_id,
            official,
            overall: row.overall,
            when: when_label(&row.channel, row.submitted_at.millis()),
            channel: row.channel,
            comment: row.comment,
        }
    }
}

/// An alert just raised, as the dashboards of its unit (and above) show it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveAlert {
    pub id: AlertId,
    /// The rule's unit and every unit above it.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<UnitId>,
    pub unit: String,
    pub kind: String,
    pub detail: String,
    pub when: String,
}

impl From<Raised> for LiveAlert {
    fn from(raised: Raised) -> LiveAlert {
        LiveAlert {
            id: raised.alert.id,
            chain: raised.chain,
            unit: raised.unit,
            kind: raised.alert.kind,
            detail: raised.alert.detail,
            when: local_time_label(raised.alert.raised_at.millis()),
        }
    }
}

/// What travels on the bus (and between instances).
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
#[serde(tag = "type", rename_all = "snake_case")]
pub enum LiveEvent {
    Rating(LiveRating),
    Alert(LiveAlert),
}

impl LiveEvent {
    /// Whether a dashboard of `unit`'s subtree (of one official's ratings, if `official`) shows this. Alerts are
    /// for those who watch the rule's unit or a unit above it, never for an official's own page.
    pub fn visible_to(&self, unit: UnitId, official: Option<i64>) -> bool {
        match self {
            LiveEvent::Rating(rating) => rating.visible_to(unit, official),
            LiveEvent::Alert(alert) => official.is_none() && alert.chain.contains(&unit),
        }
    }
}

#[derive(Clone)]
pub struct LiveBus {
    sender: broadcast::Sender<Arc<LiveEvent>>,
    store: Store,
    wake: Arc<Notify>,
    /// When counters are open (the silent-counter rule).
    hours: OpeningHours,
}

impl LiveBus {
    /// Starts this instance's counting loop and, on PostgreSQL, its listener of every instance's announcements.
    pub fn start(store: Store, hours: OpeningHours) -> LiveBus {
        let (sender, _) = broadcast::channel(BUFFER);
        let bus = LiveBus { sender, store, wake: Arc::new(Notify::new()), hours };
        tokio::spawn(bus.clone().count());
        if bus.store.backend() == Backend::Postgres {
            tokio::spawn(bus.clone().bridge());
        }
        bus
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveEvent>> {
        self.sender.subscribe()
    }

    /// A response was just stored: count and announce it now rather than at the next sweep.
    pub fn stored(&self) {
        self.wake.notify_one();
    }

    /// Counts batch after batch until the queue is empty, raising the alerts each batch calls for, then waits for a
    /// submit or the next sweep; once a minute it also looks for silent counters.
    async fn count(self) {
        let mut silence_checked = 0;
        let mut last_batch: Option<Instant> = None;
        loop {
            loop {
                if let Some(previous) = last_batch {
                    tokio::time::sleep_until(previous + PACE).await;
                }
                let started = Instant::now();
                match self.count_batch(Utc::now().timestamp_millis()).await {
                    Ok(0) => break,
                    Ok(counted) => {
                        // Paced only under a stream of ratings; a full batch leaves more waiting, at once.
                        let busy = (BUSY..BATCH as usize).contains(&counted);
                        last_batch = busy.then_some(started);
                    }
                    Err(e) => {
                        tracing::warn!(error = %e, "counting ratings failed; retrying at the next sweep");
                        break;
                    }
                }
            }
            let now = Utc::now().timestamp_millis();
            if now - silence_checked >= SILENCE_CHECK_MS {
                silence_checked = now;
                match alerts::silent_counters(&self.store, &self.hours, now).await {
                    Ok(raised) => self.publish(raised.into_iter().map(|r| LiveEvent::Alert(r.into())).collect()).await,
                    Err(e) => tracing::warn!(error = %e, "checking silent counters failed"),
                }
                match patterns::raise_patterns(&self.store, &self.hours, now).await {
                    Ok(raised) => self.publish(raised.into_iter().map(|r| LiveEvent::Alert(r.into())).collect()).await,
                    Err(e) => tracing::warn!(error = %e, "looking for patterns failed"),
                }
            }
            tokio::select! {
                () = self.wake.notified() => {}
                () = tokio::time::sleep(SWEEP) => {}
            }
        }
    }

    /// Counts one batch as of `now_ms` — what is queued, and the receipt ratings of every day closed by then (their
    /// daily release) — raises the alerts it calls for and announces it; returns how many ratings it counted. The
    /// counting loop calls it with the clock; a test may call it with a later `now_ms` to release a day at once.
    pub async fn count_batch(&self, now_ms: i64) -> StoreResult<usize> {
        let mut batch = self.store.count_queued(BATCH, Timestamp::from_millis(now_ms)).await?;
        // In an order that says nothing of when a receipt rating arrived: alerts take their ids from it.
        batch.sort_by(|a, b| place(a).cmp(&place(b)));
        let counted = batch.len();
        let raised = alerts::after_counting(&self.store, &batch, now_ms).await;
        let events = self.rating_events(batch).await;
        let mut all = events.unwrap_or_else(|e| {
            tracing::warn!(error = %e, "naming counted ratings failed");
            vec![]
        });
        match raised {
            Ok(raised) => all.extend(raised.into_iter().map(|r| LiveEvent::Alert(r.into()))),
            Err(e) => tracing::warn!(error = %e, "raising alerts failed"),
        }
        self.publish(all).await;
        Ok(counted)
    }

    /// The batch's counted ratings (not the misuse-flagged ones) as live events, their officials named.
    async fn rating_events(&self, batch: Vec<CountedRating>) -> StoreResult<Vec<LiveEvent>> {
        let ids: Vec<OfficialId> = batch.iter().filter_map(|r| r.official_id).collect();
        let officials: HashMap<OfficialId, String> =
            self.store.officials_by_id(&ids).await?.into_iter().map(|o| (o.id, o.full_name)).collect();
        let ratings = batch.into_iter().filter(|r| !r.set_apart).map(|r| LiveRating {
            official: r.official_id.and_then(|id| officials.get(&id).cloned()),
            id: (!release::daily(&r.channel)).then_some(r.id),
            unit_id: r.unit_id,
            chain: r.chain,
            unit: r.unit,
            official_id: r.official_id,
            overall: r.overall,
            when: when_label(&r.channel, r.submitted_at.millis()),
            channel: r.channel,
            comment: r.comment,
        });
        Ok(ratings.map(LiveEvent::Rating).collect())
    }

    /// To this instance's dashboards (SQLite), or to every instance's (PostgreSQL).
    async fn publish(&self, events: Vec<LiveEvent>) {
        if events.is_empty() {
            return;
        }
        match self.store.backend() {
            Backend::Postgres => {
                for payload in payloads(events.into_iter()) {
                    if let Err(e) = self.store.notify(CHANNEL, &payload).await {
                        tracing::warn!(error = %e, "live announcement failed");
                    }
                }
            }
            // No receivers is not an error: nobody is watching.
            Backend::Sqlite => events.into_iter().for_each(|e| drop(self.sender.send(Arc::new(e)))),
        }
    }

    /// Every instance's announcements to this instance's dashboards, for the server's life; the listener
    /// reconnects by itself, and this loop starts it again should it fail.
    async fn bridge(self) {
        loop {
            match self.store.listen(&[CHANNEL]).await {
                Ok(Some(mut listener)) => loop {
                    match listener.recv().await {
                        Ok(note) => match serde_json::from_str::<Vec<LiveEvent>>(&note.payload) {
                            Ok(events) => events.into_iter().for_each(|e| drop(self.sender.send(Arc::new(e)))),
                            Err(e) => tracing::warn!(error = %e, "unreadable live announcement"),
                        },
                        Err(e) => {
                            tracing::warn!(error = %e, "live listener lost");
                            break;
                        }
                    }
                },
                Ok(None) => return,
                Err(e) => tracing::warn!(error = %e, "live listener cannot connect"),
            }
            tokio::time::sleep(Duration::from_secs(2)).await;
        }
    }
}

/// A counted rating's place in its batch's announcement (`domain::release::Place`).
fn place(rating: &CountedRating) -> Place<'_> {
    Place::of(&release::Counted {
        id: rating.id,
        channel: &rating.channel,
        submitted_at: rating.submitted_at.millis(),
        overall: rating.overall,
        unit_id: rating.unit_id,
        official_id: rating.official_id,
        comment: rating.comment.as_deref(),
    })
}

/// JSON arrays of events, each under the NOTIFY size limit (an event alone always fits: comments are ≤ 1,000
/// characters).
fn payloads(events: impl Iterator<Item = LiveEvent>) -> Vec<String> {
    let mut out = vec![];
    let mut current: Vec<String> = vec![];
    let mut size = 2;
    for event in events {
        let Ok(json) = serde_json::to_string(&event) else { continue };
        if !current.is_empty() && size + json.len() + 1 > NOTIFY_BYTES {
            out.push(format!("[{}]", current.join(",")));
            (current, size) = (vec![], 2);
        }
        size += json.len() + 1;
        current.push(json);
    }
    if !current.is_empty() {
        out.push(format!("[{}]", current.join(",")));
    }
    out
}

/// Whose live stream it is, for the caps on open streams (`features::dashboard::live`).
#[derive(Clone, Debug, PartialEq, Eq, Hash)]
pub enum StreamOf {
    Account(UserId),
    Session(String),
}

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(chain: Vec<i64>, official_id: Option<OfficialId>) -> LiveRating {
        let chain: Vec<UnitId> = chain.into_iter().map(UnitId::new).collect();
        LiveRating {
            id: Some(1),
            unit_id: chain[0],
            chain,
            unit: "Xã A".into(),
            official_id,
            official: None,
            overall: 1,
            channel: "qr".into(),
            comment: None,
            when: String::new(),
        }
    }

    #[test]
    fn a_rating_is_seen_from_its_unit_and_above_and_by_its_official_only() {
        let r = rating(vec![4, 2, 1], Some(OfficialId::new(9)));
        assert!(
            r.visible_to(UnitId::new(4), None)
                && r.visible_to(UnitId::new(2), None)
                && r.visible_to(UnitId::new(1), None)
        );
        assert!(!r.visible_to(UnitId::new(3), None), "a sibling commune");
        assert!(r.visible_to(UnitId::new(4), Some(9)));
        assert!(!r.visible_to(UnitId::new(4), Some(8)), "another official");
    }

    #[test]
    fn announcements_are_split_under_the_notify_limit_and_lose_nothing() {
        let mut many = vec![];
        for id in 0..40 {
            let mut r = rating(vec![4, 2], None);
            r.id = Some(id);
            r.comment = Some("ý".repeat(300));
            many.push(r);
        }
        let events: Vec<LiveEvent> = many.into_iter().map(LiveEvent::Rating).collect();
        let payloads = payloads(events.clone().into_iter());
        assert!(payloads.len() > 1 && payloads.iter().all(|p| p.len() <= NOTIFY_BYTES));
        let back: Vec<LiveEvent> =
            payloads.iter().flat_map(|p| serde_json::from_str::<Vec<LiveEvent>>(p).unwrap()).collect();
        assert_eq!(back, events);
    }

    #[test]
    fn the_chain_crosses_instances_but_is_not_sent_to_browsers_when_empty() {
        let r = rating(vec![4, 2], None);
        let json = serde_json::to_string(&r).unwrap();
        assert_eq!(serde_json::from_str::<LiveRating>(&json).unwrap(), r);
        let mut replayed = r.clone();
        replayed.chain.clear();
        assert!(!serde_json::to_string(&replayed).unwrap().contains("chain"));
    }
}
