//! Checking the rollups against a recount: every unit's headline counts, per level, summed over every day, week
//! and month bucket, against the stored responses of its subtree counted afresh — after a restore, before anyone
//! reads a figure. The tree is walked in Rust (`unit_tree::chain`), not by the rollups' code.

use std::collections::BTreeMap;

use super::rebuild::{responses_as_they_stand, COUNTED};
use super::rollups::unit_nodes;
use super::{Store, StoreResult};
use hailong_domain::ids::UnitId;
use hailong_domain::rollup::{Dimension, Grain};
use hailong_domain::unit_tree;

/// A unit's count of one level in one grain that the rollups and the recount disagree on.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct RollupMismatch {
    pub unit_id: UnitId,
    pub grain: Grain,
    pub level: i64,
    pub in_rollups: i64,
    pub recounted: i64,
}

impl Store {
    /// Where the rollups disagree with a recount of the responses (none when they agree), and how many responses
    /// the recount counted.
    pub async fn rollups_against_recount(&self) -> StoreResult<(Vec<RollupMismatch>, i64)> {
        let mut conn = self.pool.acquire().await?;
        let sql = format!(
            "SELECT r.unit_id, r.overall, COUNT(*) FROM ({}) r WHERE {COUNTED} GROUP BY r.unit_id, r.overall",
            responses_as_they_stand()
        );
        let counted: Vec<(i64, i64, i64)> = sqlx::query_as(&sql).fetch_all(&mut *conn).await?;
        let nodes = unit_nodes(&mut conn).await?;
        let mut recounted: BTreeMap<(UnitId, i64), i64> = BTreeMap::new();
        for (unit, level, n) in &counted {
            for ancestor in unit_tree::chain(&nodes, UnitId::new(*unit)) {
                *recounted.entry((ancestor, *level)).or_default() += n;
            }
        }
        let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT unit_id, grain, level, CAST(SUM(n) AS BIGINT) FROM rollups WHERE dimension = $1 \
             GROUP BY unit_id, grain, level",
        )
        .bind(Dimension::All.key())
        .fetch_all(&mut *conn)
        .await?;
        let in_rollups: BTreeMap<(UnitId, i64, i64), i64> =
            rows.into_iter().map(|(unit, grain, level, n)| ((UnitId::new(unit), grain, level), n)).collect();
        let mut mismatches = Vec::new();
        for grain in [Grain::Day, Grain::Week, Grain::Month] {
            let keys = recounted.keys().copied().chain(
                in_rollups.keys().filter(|(_, g, _)| *g == grain.code()).map(|(unit, _, level)| (*unit, *level)),
            );
            let keys: std::collections::BTreeSet<(UnitId, i64)> = keys.collect();
            for (unit_id, level) in keys {
                let in_rollups = in_rollups.get(&(unit_id, grain.code(), level)).copied().unwrap_or(0);
                let recounted = recounted.get(&(unit_id, level)).copied().unwrap_or(0);
                if in_rollups != recounted {
                    mismatches.push(RollupMismatch { unit_id, grain, level, in_rollups, recounted });
                }
            }
        }
        Ok((mismatches, counted.iter().map(|(_, _, n)| n).sum()))
    }
}
