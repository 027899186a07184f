//! Moving one response's counts when its state changes after it was stored — a manager voids it, or restores a
//! flagged one — in the transaction that records the change.

use hailong_domain::time::Timestamp;
use sqlx::AnyConnection;

use super::rollups::{ancestors, responses_between, write_keys, Counted};
use super::sql::Sql;
use super::{StoreError, StoreResult};
use hailong_domain::ids::{ResponseId, UnitId};
use hailong_domain::rollup::{buckets_of, Dimension, RollupChanges};

/// On PostgreSQL, as a counting batch does: a unit moving waits for this, and this for it.
pub(super) async fn lock_rollups(conn: &mut AnyConnection) -> StoreResult<()> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("LOCK TABLE rollups IN ROW EXCLUSIVE MODE").execute(&mut *conn).await?;
    }
    Ok(())
}

/// Counts the response as it now stands (its change already written) and, if it had been counted before, takes
/// back what it counted as it was — `was` turns the response as it stands back into that.
pub(super) async fn move_counts(
    conn: &mut AnyConnection,
    response_id: ResponseId,
    was: impl FnOnce(&mut Counted),
) -> StoreResult<()> {
    // A receipt rating held for its day's release stays queued (the row locked, so a release committing first is
    // waited for and then found gone): the release counts it as it then stands, and announces nothing set apart.
    let held = sqlx::query("UPDATE rollup_queue SET release_at = release_at WHERE response_id = $1 AND release_at > 0")
        .bind(response_id.get())
        .execute(&mut *conn)
        .await?;
    if held.rows_affected() > 0 {
        return Ok(());
    }
    // Taken off the queue here, it will never be counted as it was; gone already (or taken by a batch that commits
    // first: PostgreSQL waits for it), it was counted as it was and is taken back out.
    let queued: Option<i64> =
        sqlx::query_scalar("DELETE FROM rollup_queue WHERE response_id = $1 RETURNING response_id")
            .bind(response_id.get())
            .fetch_optional(&mut *conn)
            .await?;
    let Some(mut response) = responses_between(conn, response_id.get() - 1, response_id.get(), 1).await?.pop() else {
        return Err(StoreError::NotFound);
    };
    let chain = ancestors(conn, Some(response.unit_id)).await?;
    let mut changes = RollupChanges::default();
    changes.spread(&chain, &response.facts(), 1);
    if queued.is_none() {
        was(&mut response);
        changes.spread(&chain, &response.facts(), -1);
    }
    write_keys(conn, changes).await?;
    drop_emptied(conn, &chain, response.submitted_at).await
}

/// Removes the rows a move brought to zero: within the response's units, dimensions and buckets, each term a
/// column of the primary key, so the database probes keys rather than scanning a province's rows.
async fn drop_emptied(conn: &mut sqlx::AnyConnection, chain: &[UnitId], submitted_at: Timestamp) -> StoreResult<()> {
    let buckets = buckets_of(submitted_at.millis());
    let mut sql = Sql::new("DELETE FROM rollups WHERE unit_id IN (");
    sql.bind_list(chain.iter().copied()).push(") AND dimension IN (");
    sql.bind_list(Dimension::ALL.iter().map(|d| d.key())).push(") AND grain IN (");
    sql.bind_list(buckets.iter().map(|(grain, _)| grain.code())).push(") AND period IN (");
    sql.bind_list(buckets.iter().map(|(_, period)| *period)).push(") AND n = 0");
    sql.query().execute(conn).await?;
    Ok(())
}
