//! A manager's decision on a flagged response: confirm it — it stays out of every figure — or restore
//! it — it counts, its counts moving out of the `misuse` rollups in the same transaction. One decision per response,
//! appended once, with its reason.

use super::recount::{lock_rollups, move_counts};
use super::{StoreError, StoreResult, Tx};
use hailong_domain::ids::{ResponseId, UserId};
use hailong_domain::time::Timestamp;

/// What became of a decision.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Reviewed {
    Recorded,
    /// A decision stands already (a double click, or two managers): nothing written.
    DecidedBefore,
    /// The response was not flagged, or is voided: there is nothing to decide.
    NotFlagged,
}

impl Tx {
    /// Records `by`'s decision on a flagged response: `restore` makes it count, otherwise it is confirmed.
    pub async fn review_misuse(
        &mut self,
        response_id: ResponseId,
        restore: bool,
        by: UserId,
        reason: &str,
        at: Timestamp,
    ) -> StoreResult<Reviewed> {
        let conn = &mut *self.0;
        lock_rollups(conn).await?;
        let state: Option<(Option<String>, Option<i64>)> = sqlx::query_as(
            "SELECT COALESCE(r.misuse_rule, l.rule), v.response_id FROM responses r \
             LEFT JOIN response_voids v ON v.response_id = r.id LEFT JOIN misuse_later l ON l.response_id = r.id \
             WHERE r.id = $1",
        )
        .bind(response_id.get())
        .fetch_optional(&mut *conn)
        .await?;
        match state {
            None => return Err(StoreError::NotFound),
            Some((None, _) | (_, Some(_))) => return Ok(Reviewed::NotFlagged),
            Some((Some(_), None)) => {}
        }
        let written = sqlx::query(
            "INSERT INTO misuse_reviews (response_id, decision, reason, decided_by, decided_at) \
             VALUES ($1, $2, $3, $4, $5) ON CONFLICT (response_id) DO NOTHING",
        )
        .bind(response_id.get())
        .bind(if restore { "restore" } else { "confirm" })
        .bind(reason)
        .bind(by.get())
        .bind(at.millis())
        .execute(&mut *conn)
        .await
        .map_err(|e| StoreError::from_write(e, "review"))?;
        if written.rows_affected() == 0 {
            return Ok(Reviewed::DecidedBefore);
        }
        if restore {
            move_counts(conn, response_id, |was| was.misuse = true).await?;
        }
        Ok(Reviewed::Recorded)
    }
}
