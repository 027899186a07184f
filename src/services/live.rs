//! Live ratings for dashboards: a rating stored by any instance reaches every open dashboard allowed to see it.
//! One instance (SQLite): an in-process broadcast. Several instances on one PostgreSQL: each announces by NOTIFY,
//! and every instance — the announcing one too — LISTENs and re-broadcasts to its own dashboards
//! (docs/decisions/010-live-events.md). Announcing never delays or fails the submit that caused it.

use std::sync::Arc;
use std::time::Duration;

use serde::{Deserialize, Serialize};
use tokio::sync::broadcast;

use crate::domain::period::local_time_label;
use crate::store::{Backend, FeedRow, NewResponse, Store};

/// The PostgreSQL channel ratings are announced on.
pub const CHANNEL: &str = "hailong_live";
/// Ratings a dashboard may fall behind by before it catches up from the database instead.
const BUFFER: usize = 1024;

/// A stored rating as a dashboard's live feed shows it.
#[derive(Clone, Debug, PartialEq, Eq, Serialize, Deserialize)]
pub struct LiveRating {
    pub id: i64,
    pub unit_id: i64,
    /// The unit and every unit above it: whoever watches one of these may see the rating.
    #[serde(default, skip_serializing_if = "Vec::is_empty")]
    pub chain: Vec<i64>,
    pub unit: String,
    pub official_id: Option<i64>,
    pub official: Option<String>,
    pub overall: u8,
    pub channel: String,
    pub comment: Option<String>,
    /// Local `dd/mm HH:MM`.
    pub when: String,
}

impl LiveRating {
    /// Whether a dashboard of `unit`'s subtree (of one official's ratings, if `official`) shows this rating.
    pub fn visible_to(&self, unit: i64, official: Option<i64>) -> bool {
        self.chain.contains(&unit) && official.is_none_or(|o| self.official_id == Some(o))
    }

    /// A rating read back from the database (a reconnecting dashboard), named by the caller.
    pub fn from_row(row: FeedRow, unit: String, official: Option<String>) -> LiveRating {
        LiveRating {
            id: row.id,
            unit_id: row.unit_id,
            chain: vec![],
            unit,
            official_id: row.official_id,
            official,
            overall: row.overall,
            channel: row.channel,
            comment: row.comment,
            when: local_time_label(row.submitted_at),
        }
    }
}

#[derive(Clone)]
pub struct LiveBus {
    sender: broadcast::Sender<Arc<LiveRating>>,
    store: Store,
}

impl LiveBus {
    /// A bus for this instance; on PostgreSQL it also starts listening to every instance's announcements.
    pub fn start(store: Store) -> LiveBus {
        let (sender, _) = broadcast::channel(BUFFER);
        let bus = LiveBus { sender, store };
        if bus.store.backend() == Backend::Postgres {
            tokio::spawn(bus.clone().bridge());
        }
        bus
    }

    pub fn subscribe(&self) -> broadcast::Receiver<Arc<LiveRating>> {
        self.sender.subscribe()
    }

    /// Announces a rating just committed, in the background: the citizen's answer does not wait for it.
    pub fn announce(&self, id: i64, response: &NewResponse) {
        let bus = self.clone();
        let (unit_id, official_id) = (response.unit_id, response.official_id);
        let draft = LiveRating {
            id,
            unit_id,
            chain: vec![],
            unit: String::new(),
            official_id,
            official: None,
            overall: response.overall,
            channel: response.channel.as_str().to_owned(),
            comment: response.comment.clone(),
            when: local_time_label(response.submitted_at),
        };
        tokio::spawn(async move {
            if let Err(e) = bus.send(draft).await {
                tracing::warn!(error = %e, response = id, "live announcement failed");
            }
        });
    }

    async fn send(&self, mut rating: LiveRating) -> Result<(), Box<dyn std::error::Error + Send + Sync>> {
        rating.chain = self.store.unit_chain(rating.unit_id).await?;
        rating.unit = self.store.unit(rating.unit_id).await?.name;
        if let Some(official) = rating.official_id {
            rating.official = Some(self.store.official(official).await?.full_name);
        }
        match self.store.backend() {
            Backend::Postgres => self.store.notify(CHANNEL, &serde_json::to_string(&rating)?).await?,
            // No receivers is not an error: nobody is watching.
            Backend::Sqlite => drop(self.sender.send(Arc::new(rating))),
        }
        Ok(())
    }

    /// Every instance's announcements to this instance's dashboards, for the server's life; the listener
    /// reconnects by itself, and this loop starts it again should it fail.
    async fn bridge(self) {
        loop {
            match self.store.listen(&[CHANNEL]).await {
                Ok(Some(mut listener)) => loop {
                    match listener.recv().await {
                        Ok(note) => match serde_json::from_str::<LiveRating>(&note.payload) {
                            Ok(rating) => drop(self.sender.send(Arc::new(rating))),
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

#[cfg(test)]
mod tests {
    use super::*;

    fn rating(chain: Vec<i64>, official_id: Option<i64>) -> LiveRating {
        LiveRating {
            id: 1,
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
        let r = rating(vec![4, 2, 1], Some(9));
        assert!(r.visible_to(4, None) && r.visible_to(2, None) && r.visible_to(1, None));
        assert!(!r.visible_to(3, None), "a sibling commune");
        assert!(r.visible_to(4, Some(9)));
        assert!(!r.visible_to(4, Some(8)), "another official");
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
