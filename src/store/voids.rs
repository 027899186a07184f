//! Voids (hủy phiếu): a manager takes a response out of every figure, with a reason. The response is untouched; the
//! void is a record of its own (append-only), and the response's counts move to the `void` dimension in the same
//! transaction — or, if it still waits to be counted, it is counted there.

use std::collections::HashMap;

use super::rollups::{ancestors, responses_between, spread_response, write_keys, RollupKey};
use super::{placeholders, Store, StoreError, StoreResult, Tx};
use crate::domain::rollup::{buckets_of, Dimension};

impl Store {
    /// The unit of a response, to decide whether the caller may act on it.
    pub async fn response_unit(&self, response_id: i64) -> StoreResult<i64> {
        sqlx::query_scalar("SELECT unit_id FROM responses WHERE id = $1")
            .bind(response_id)
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)
    }
}

impl Tx {
    /// Voids a response by `by` with `reason`; `false` (and nothing written) if it was voided already.
    pub async fn void_response(&mut self, response_id: i64, by: i64, reason: &str, at: i64) -> StoreResult<bool> {
        let conn = &mut *self.0;
        if conn.backend_name() == "PostgreSQL" {
            // As a counting batch does: a unit moving waits for this, and this for it.
            sqlx::query("LOCK TABLE rollups IN ROW EXCLUSIVE MODE").execute(&mut *conn).await?;
        }
        let written = sqlx::query(
            "INSERT INTO response_voids (response_id, reason, voided_by, voided_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (response_id) DO NOTHING",
        )
        .bind(response_id)
        .bind(reason)
        .bind(by)
        .bind(at)
        .execute(&mut *conn)
        .await
        .map_err(|e| StoreError::from_write(e, "void"))?;
        if written.rows_affected() == 0 {
            return Ok(false);
        }
        // A receipt rating held for its day's release stays queued (the row locked, so a release committing first
        // is waited for and then found gone): the release counts it, as voided, and announces nothing of it.
        let held =
            sqlx::query("UPDATE rollup_queue SET release_at = release_at WHERE response_id = $1 AND release_at > 0")
                .bind(response_id)
                .execute(&mut *conn)
                .await?;
        if held.rows_affected() > 0 {
            return Ok(true);
        }
        // Taken off the queue here, it will never be counted as it was; gone already (or taken by a batch that
        // commits first: PostgreSQL waits for it), it was counted as it was and is taken back out.
        let queued: Option<i64> =
            sqlx::query_scalar("DELETE FROM rollup_queue WHERE response_id = $1 RETURNING response_id")
                .bind(response_id)
                .fetch_optional(&mut *conn)
                .await?;
        let Some(mut response) = responses_between(conn, response_id - 1, response_id, 1).await?.pop() else {
            return Err(StoreError::NotFound);
        };
        let chain = ancestors(conn, Some(response.unit_id)).await?;
        let mut changes: HashMap<RollupKey, i64> = HashMap::new();
        spread_response(&mut changes, &chain, &response, 1);
        if queued.is_none() {
            response.voided = false;
            spread_response(&mut changes, &chain, &response, -1);
        }
        write_keys(conn, changes).await?;
        drop_emptied(conn, &chain, response.submitted_at).await?;
        Ok(true)
    }
}

/// Removes the rows a void brought to zero: within the response's units, dimensions and buckets, each term a
/// column of the primary key, so the database probes keys rather than scanning a province's rows.
async fn drop_emptied(conn: &mut sqlx::AnyConnection, chain: &[i64], submitted_at: i64) -> StoreResult<()> {
    let buckets = buckets_of(submitted_at);
    let dimensions: Vec<&str> = Dimension::ALL.iter().map(|d| d.key()).collect();
    let grains: Vec<i64> = buckets.iter().map(|(grain, _)| grain.code()).collect();
    let periods: Vec<i64> = buckets.iter().map(|(_, period)| *period).collect();
    let mut next = 1;
    let mut list = |n: usize| {
        let list = placeholders(next, n);
        next += n;
        list
    };
    let sql = format!(
        "DELETE FROM rollups WHERE unit_id IN ({}) AND dimension IN ({}) AND grain IN ({}) AND period IN ({}) \
         AND n = 0",
        list(chain.len()),
        list(dimensions.len()),
        list(grains.len()),
        list(periods.len())
    );
    let query = chain.iter().fold(sqlx::query(&sql), |q, v| q.bind(*v));
    let query = dimensions.into_iter().fold(query, |q, v| q.bind(v));
    let query = grains.iter().chain(&periods).fold(query, |q, v| q.bind(*v));
    query.execute(conn).await?;
    Ok(())
}
