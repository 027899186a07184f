//! Wrong duty PINs per official and tablet, and the locks they lead to (the rule is `domain::kiosk::pin_locks`).

use hailong_domain::time::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use super::sql::Sql;
use super::{Store, StoreResult, Tx};
use hailong_domain::ids::{DeviceId, OfficialId, UnitId};

/// An official's PIN locked at a tablet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct PinLock {
    pub device_id: DeviceId,
    pub device_name: String,
    pub official_id: OfficialId,
    pub locked_at: Timestamp,
}

impl Tx {
    /// Counts one more wrong PIN for the official at the tablet; the number in a row so far.
    pub async fn record_pin_failure(
        &mut self,
        device_id: DeviceId,
        official_id: OfficialId,
        now: Timestamp,
    ) -> StoreResult<i64> {
        Ok(sqlx::query_scalar(
            "INSERT INTO kiosk_pin_failures (device_id, official_id, failures, updated_at) VALUES ($1, $2, 1, $3) \
             ON CONFLICT (device_id, official_id) DO UPDATE SET failures = kiosk_pin_failures.failures + 1, \
             updated_at = excluded.updated_at RETURNING failures",
        )
        .bind(device_id.get())
        .bind(official_id.get())
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await?)
    }

    /// Locks the official's PIN at the tablet; `false` when it was locked already (two wrong PINs at once).
    pub async fn lock_pin(
        &mut self,
        device_id: DeviceId,
        official_id: OfficialId,
        now: Timestamp,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE kiosk_pin_failures SET locked_at = $1 \
             WHERE device_id = $2 AND official_id = $3 AND locked_at IS NULL",
        )
        .bind(now.millis())
        .bind(device_id.get())
        .bind(official_id.get())
        .execute(&mut *self.0)
        .await?;
        Ok(done.rows_affected() > 0)
    }

    /// Forgets the official's wrong PINs at one tablet (`Some`) or at every tablet; the tablets where that lifted
    /// a lock.
    pub async fn clear_pin_failures(
        &mut self,
        official_id: OfficialId,
        device_id: Option<DeviceId>,
    ) -> StoreResult<Vec<i64>> {
        let at_device = if device_id.is_some() { " AND device_id = $2" } else { "" };
        let sql =
            format!("DELETE FROM kiosk_pin_failures WHERE official_id = $1{at_device} RETURNING device_id, locked_at");
        let query = sqlx::query_as::<_, (i64, Option<i64>)>(&sql).bind(official_id.get());
        let query = match device_id {
            Some(device_id) => query.bind(device_id.get()),
            None => query,
        };
        let cleared = query.fetch_all(&mut *self.0).await?;
        Ok(cleared.into_iter().filter(|(_, locked_at)| locked_at.is_some()).map(|(device, _)| device).collect())
    }
}

impl Store {
    /// Whether the official's PIN is locked at the tablet.
    pub async fn pin_locked(&self, device_id: DeviceId, official_id: OfficialId) -> StoreResult<bool> {
        let locked: Option<i64> = sqlx::query_scalar(
            "SELECT 1 FROM kiosk_pin_failures WHERE device_id = $1 AND official_id = $2 AND locked_at IS NOT NULL",
        )
        .bind(device_id.get())
        .bind(official_id.get())
        .fetch_optional(&self.pool)
        .await?;
        Ok(locked.is_some())
    }

    /// The PINs locked at the tablets of these units, oldest lock first.
    pub async fn pin_locks_in(&self, unit_ids: &[UnitId]) -> StoreResult<Vec<PinLock>> {
        if unit_ids.is_empty() {
            return Ok(vec![]);
        }
        let mut sql = Sql::new(
            "SELECT f.device_id, d.name AS device_name, f.official_id, f.locked_at FROM kiosk_pin_failures f \
             JOIN kiosk_devices d ON d.id = f.device_id WHERE f.locked_at IS NOT NULL AND d.unit_id IN (",
        );
        sql.bind_list(unit_ids.iter().copied()).push(") ORDER BY f.locked_at, f.device_id, f.official_id");
        Ok(sql.query_as().fetch_all(&self.pool).await?)
    }
}

impl FromRow<'_, AnyRow> for PinLock {
    fn from_row(row: &AnyRow) -> sqlx::Result<PinLock> {
        Ok(PinLock {
            device_id: DeviceId::new(row.try_get("device_id")?),
            device_name: row.try_get("device_name")?,
            official_id: OfficialId::new(row.try_get("official_id")?),
            locked_at: Timestamp::from_millis(row.try_get("locked_at")?),
        })
    }
}
