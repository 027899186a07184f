//! What watching the server reads of the database (`/readyz`, `/metrics`): how far the counting lags and how many
//! webhook deliveries wait, in one short round trip, and how busy the pools are (no round trip at all).

use super::{Backend, Store, StoreResult};
use hailong_domain::time::Timestamp;

/// The database's backlogs at one instant.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct Backlog {
    /// How long the oldest rating due for counting has waited, in milliseconds; `None` when none waits.
    pub counting_lag_ms: Option<i64>,
    /// Webhook deliveries still to be tried (due now or retrying later).
    pub webhook_queue: i64,
}

/// One pool's connections: open, of which idle, and the most it may open.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct PoolUse {
    pub pool: &'static str,
    pub open: u32,
    pub idle: usize,
    pub max: u32,
}

impl Store {
    /// The backlogs now. A receipt rating waits for its day to close (decision 013): it lags only from its release.
    pub async fn backlog(&self, now: Timestamp) -> StoreResult<Backlog> {
        let (oldest, webhook_queue): (Option<i64>, i64) = sqlx::query_as(
            "SELECT (SELECT MIN(CASE WHEN q.release_at = 0 THEN r.submitted_at ELSE q.release_at END) \
                       FROM rollup_queue q JOIN responses r ON r.id = q.response_id WHERE q.release_at <= $1), \
                    (SELECT COUNT(*) FROM webhook_deliveries WHERE next_attempt_at IS NOT NULL)",
        )
        .bind(now.millis())
        .fetch_one(&self.pool)
        .await?;
        let counting_lag_ms = oldest.map(|at| (now.millis() - at).max(0));
        Ok(Backlog { counting_lag_ms, webhook_queue })
    }

    /// The pools' use: reads, writes (on SQLite the one writer) and, on PostgreSQL, the background loops'.
    pub fn pool_use(&self) -> Vec<PoolUse> {
        let of = |pool: &'static str, p: &sqlx::AnyPool| PoolUse {
            pool,
            open: p.size(),
            idle: p.num_idle(),
            max: p.options().get_max_connections(),
        };
        let mut pools = vec![of("reads", &self.pool), of("writes", &self.writer)];
        if let (Backend::Postgres, Some(own)) = (self.backend, &self.background) {
            pools.push(of("background", own));
        }
        pools
    }
}
