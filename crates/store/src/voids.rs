//! Voids (hủy phiếu): a manager takes a response out of every figure, with a reason. The response is untouched; the
//! void is a record of its own (append-only), and the response's counts move to the `void` dimension in the same
//! transaction — or, if it still waits to be counted, it is counted there.

use super::recount::move_counts;
use super::{Store, StoreError, StoreResult, Tx};
use hailong_domain::ids::{ResponseId, UnitId, UserId};
use hailong_domain::time::Timestamp;

impl Store {
    /// The unit of a response, to decide whether the caller may act on it.
    pub async fn response_unit(&self, response_id: ResponseId) -> StoreResult<UnitId> {
        let unit: Option<i64> = sqlx::query_scalar("SELECT unit_id FROM responses WHERE id = $1")
            .bind(response_id.get())
            .fetch_optional(&self.pool)
            .await?;
        unit.map(UnitId::new).ok_or(StoreError::NotFound)
    }
}

impl Tx {
    /// Voids a response by `by` with `reason`; `false` (and nothing written) if it was voided already.
    pub async fn void_response(
        &mut self,
        response_id: ResponseId,
        by: UserId,
        reason: &str,
        at: Timestamp,
    ) -> StoreResult<bool> {
        let conn = &mut *self.0;
        super::recount::lock_rollups(conn).await?;
        let written = sqlx::query(
            "INSERT INTO response_voids (response_id, reason, voided_by, voided_at) VALUES ($1, $2, $3, $4) \
             ON CONFLICT (response_id) DO NOTHING",
        )
        .bind(response_id.get())
        .bind(reason)
        .bind(by.get())
        .bind(at.millis())
        .execute(&mut *conn)
        .await
        .map_err(|e| StoreError::from_write(e, "void"))?;
        if written.rows_affected() == 0 {
            return Ok(false);
        }
        move_counts(conn, response_id, |was| was.voided = false).await?;
        Ok(true)
    }
}
