//! PostgreSQL's LISTEN/NOTIFY, for what must cross server instances (live dashboards). Reached through a native pool
//! beside the portable one (docs/decisions/006); on SQLite there is one instance, so there is nothing to cross.

use std::str::FromStr;
use std::time::Duration;

use sqlx::postgres::{PgConnectOptions, PgListener, PgPoolOptions};
use sqlx::{ConnectOptions, PgPool};

use super::{Store, StoreResult};

/// A message on a channel.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Notification {
    pub channel: String,
    pub payload: String,
}

/// A connection listening on some channels; it reconnects by itself when the database restarts.
pub struct Listener(PgListener);

impl Listener {
    /// The next notification on one of the channels.
    pub async fn recv(&mut self) -> StoreResult<Notification> {
        let n = self.0.recv().await?;
        Ok(Notification { channel: n.channel().to_owned(), payload: n.payload().to_owned() })
    }
}

/// Lazy: connects on first use, at most two connections (one listener, one sender).
pub(super) fn native_pool(url: &str) -> StoreResult<PgPool> {
    let options = PgConnectOptions::from_str(url)?.disable_statement_logging();
    Ok(PgPoolOptions::new().max_connections(2).acquire_timeout(Duration::from_secs(10)).connect_lazy_with(options))
}

impl Store {
    /// Listens on `channels` (PostgreSQL); `None` on SQLite, where a single instance needs no cross-instance bus.
    pub async fn listen(&self, channels: &[&str]) -> StoreResult<Option<Listener>> {
        let Some(pg) = &self.native_pg else { return Ok(None) };
        let mut listener = PgListener::connect_with(pg).await?;
        listener.listen_all(channels.iter().copied()).await?;
        Ok(Some(Listener(listener)))
    }

    /// Sends `payload` on `channel` to every listener of every instance (PostgreSQL); nothing on SQLite.
    pub async fn notify(&self, channel: &str, payload: &str) -> StoreResult<()> {
        if let Some(pg) = &self.native_pg {
            sqlx::query("SELECT pg_notify($1, $2)").bind(channel).bind(payload).execute(pg).await?;
        }
        Ok(())
    }
}
