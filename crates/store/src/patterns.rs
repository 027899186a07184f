//! What the patterns that call for a look read (`domain::gaming`): one unit's latest ratings, flagged ones included.

use super::{Store, StoreResult};
use hailong_domain::ids::{CounterId, OfficialId, UnitId};
use hailong_domain::time::Timestamp;

/// One of a unit's latest ratings as the patterns read it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PatternRow {
    pub official_id: Option<OfficialId>,
    pub counter_id: Option<CounterId>,
    pub submitted_at: Timestamp,
    pub overall: i64,
    pub channel: String,
    pub flagged: bool,
    /// The phone's hash of the day, for ratings from phones.
    pub voice_hash: Option<String>,
}

/// official, counter, submitted at, overall, channel, misuse rule, voice hash
type Record = (Option<i64>, Option<i64>, i64, i64, String, Option<String>, Option<String>);

impl Store {
    /// The unit's own ratings (not its subtree's) submitted since `since_ms`, oldest first; voided ones left out, and
    /// receipt ratings still held for their day's release (a pattern raised at once must not date them).
    pub async fn pattern_rows(&self, unit_id: UnitId, since_ms: i64) -> StoreResult<Vec<PatternRow>> {
        let rows: Vec<Record> = sqlx::query_as(
            "SELECT official_id, counter_id, submitted_at, overall, channel, COALESCE(r.misuse_rule, l.rule), \
             voice_hash FROM responses r LEFT JOIN misuse_later l ON l.response_id = r.id WHERE unit_id = $1 AND submitted_at >= $2 \
             AND NOT EXISTS (SELECT 1 FROM response_voids v WHERE v.response_id = r.id) \
             AND NOT EXISTS (SELECT 1 FROM rollup_queue q WHERE q.response_id = r.id AND q.release_at > 0) \
             ORDER BY submitted_at, id",
        )
        .bind(unit_id.get())
        .bind(since_ms)
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(official_id, counter_id, submitted_at, overall, channel, rule, voice_hash)| PatternRow {
                official_id: official_id.map(OfficialId::new),
                counter_id: counter_id.map(CounterId::new),
                submitted_at: Timestamp::from_millis(submitted_at),
                overall,
                channel,
                flagged: rule.is_some(),
                voice_hash,
            })
            .collect())
    }
}
