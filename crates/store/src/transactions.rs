//! Transaction counts: dossiers handled per unit, procedure and month, as declared (the one-stop software, a CSV),
//! and — for months nobody declared — the dossiers registered for receipt links.

use hailong_domain::time::Timestamp;
use std::collections::HashMap;

use super::sql::Sql;
use super::{Store, StoreResult, Tx};
use hailong_domain::ids::{ProcedureId, UnitId};
use hailong_domain::period::{month_label, parse_month};

/// One declared count; with no procedure, the unit's count with no procedure named (stored as procedure 0, which
/// the key needs: a primary key cannot hold NULL).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct TransactionCount {
    pub unit_id: UnitId,
    pub procedure_id: Option<ProcedureId>,
    /// `year × 12 + month − 1`.
    pub month: i64,
    pub count: i64,
}

impl Tx {
    /// Sets these counts, replacing what was declared before for the same unit, procedure and month.
    pub async fn set_transaction_counts(&mut self, counts: &[TransactionCount], now: Timestamp) -> StoreResult<()> {
        for c in counts {
            sqlx::query(
                "INSERT INTO transaction_counts (unit_id, procedure_id, month, count, updated_at) \
                 VALUES ($1, $2, $3, $4, $5) ON CONFLICT (unit_id, month, procedure_id) \
                 DO UPDATE SET count = excluded.count, updated_at = excluded.updated_at",
            )
            .bind(c.unit_id.get())
            .bind(c.procedure_id.map_or(0, ProcedureId::get))
            .bind(c.month)
            .bind(c.count)
            .bind(now.millis())
            .execute(&mut *self.0)
            .await?;
        }
        Ok(())
    }
}

impl Store {
    /// The transactions of these units over months `first..=last`: for each unit and month, the declared counts
    /// if any were declared, otherwise the dossiers registered (received that month).
    pub async fn transactions_in(&self, unit_ids: &[UnitId], first: i64, last: i64) -> StoreResult<i64> {
        Ok(self.transactions_by_unit(unit_ids, first, last).await?.values().sum())
    }

    /// As [`Store::transactions_in`], each unit's own (units without any are absent).
    pub async fn transactions_by_unit(
        &self,
        unit_ids: &[UnitId],
        first: i64,
        last: i64,
    ) -> StoreResult<HashMap<UnitId, i64>> {
        if unit_ids.is_empty() || first > last {
            return Ok(HashMap::new());
        }
        let mut declared =
            Sql::new("SELECT unit_id, month, CAST(SUM(count) AS BIGINT) FROM transaction_counts WHERE month ");
        declared.push("BETWEEN ").bind(first).push(" AND ").bind(last).push(" AND unit_id IN (");
        declared.bind_list(unit_ids.iter().copied()).push(") GROUP BY unit_id, month");
        // Dates are `YYYY-MM-DD` text: the month is its first seven characters, compared as text.
        let mut registered = Sql::new("SELECT unit_id, SUBSTR(received_on, 1, 7), COUNT(*) FROM dossiers WHERE ");
        registered.push("received_on >= ").bind(month_start(first));
        registered.push(" AND received_on < ").bind(month_start(last.saturating_add(1))).push(" AND unit_id IN (");
        registered.bind_list(unit_ids.iter().copied()).push(") GROUP BY unit_id, SUBSTR(received_on, 1, 7)");
        let declared = declared.query_as::<(i64, i64, i64)>().fetch_all(&self.pool);
        let registered = registered.query_as::<(i64, String, i64)>().fetch_all(&self.pool);
        let (declared, registered) = tokio::try_join!(declared, registered)?;
        let mut by_unit_month: HashMap<(i64, i64), i64> = HashMap::new();
        for (unit, month, n) in registered {
            if let Some(month) = parse_month(&month) {
                by_unit_month.insert((unit, month), n);
            }
        }
        // A declared month replaces the registered count of that unit and month.
        for (unit, month, n) in declared {
            by_unit_month.insert((unit, month), n);
        }
        let mut by_unit: HashMap<UnitId, i64> = HashMap::new();
        for ((unit, _), n) in by_unit_month {
            *by_unit.entry(UnitId::new(unit)).or_default() += n;
        }
        Ok(by_unit)
    }
}

/// `YYYY-MM-01` of a month number.
fn month_start(month: i64) -> String {
    format!("{}-01", month_label(month))
}
