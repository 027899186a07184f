//! Counter tablets: pairing codes, paired devices and their heartbeats, officials' kiosk PINs, duties, and what
//! the queue-ticket software says a counter is serving now.

use hailong_domain::time::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use super::sql::Sql;
use super::{found, Store, StoreError, StoreResult, Tx};
use hailong_domain::ids::{CounterId, DeviceId, DutyId, OfficialId, ProcedureId, UnitId};

/// A paired tablet (thiết bị) at a counter.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Device {
    pub id: DeviceId,
    pub unit_id: UnitId,
    pub counter_id: CounterId,
    pub name: String,
    pub paired_at: Timestamp,
    pub revoked_at: Option<Timestamp>,
    pub last_seen_at: Option<Timestamp>,
    pub app_version: Option<String>,
    pub queue_length: Option<i64>,
    /// Server clock minus device clock at the last heartbeat.
    pub clock_skew_ms: Option<i64>,
}

impl Device {
    pub fn is_revoked(&self) -> bool {
        self.revoked_at.is_some()
    }
}

/// An official on duty (trực) at a tablet.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Duty {
    pub id: DutyId,
    pub device_id: DeviceId,
    pub official_id: OfficialId,
    pub started_at: Timestamp,
    pub ends_at: Timestamp,
    pub ended_at: Option<Timestamp>,
}

impl Duty {
    /// When it stopped, or stops: ended early, else its planned end.
    pub fn end(&self) -> Timestamp {
        self.ended_at.map_or(self.ends_at, |ended| ended.min(self.ends_at))
    }
}

/// The ticket a counter is serving now, as the queue software said.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Serving {
    pub counter_id: CounterId,
    pub ticket: String,
    pub procedure_id: Option<ProcedureId>,
    pub set_at: Timestamp,
    pub expires_at: Timestamp,
}

/// What a heartbeat reports. A rating is a contact too: it measures the clock but says nothing of the rest.
#[derive(Clone, Debug)]
pub struct Heartbeat<'a> {
    pub at: Timestamp,
    pub app_version: Option<&'a str>,
    pub queue_length: Option<i64>,
    pub clock_skew_ms: i64,
    /// A gap since the previous contact at least this long was a missed heartbeat (`domain::kiosk::Pace`).
    pub missed_after_ms: i64,
}

const DEVICE_COLUMNS: &str = "id, unit_id, counter_id, name, paired_at, revoked_at, last_seen_at, app_version, \
                              queue_length, clock_skew_ms";
const DUTY_COLUMNS: &str = "id, device_id, official_id, started_at, ends_at, ended_at";

impl Tx {
    pub async fn create_pairing_code(
        &mut self,
        code_hash: &str,
        counter_id: CounterId,
        now: Timestamp,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "INSERT INTO kiosk_pairing_codes (code_hash, unit_id, counter_id, created_at, expires_at) \
             SELECT $1, unit_id, id, $2, $3 FROM counters WHERE id = $4 AND archived = FALSE",
        )
        .bind(code_hash)
        .bind(now.millis())
        .bind(expires_at.millis())
        .bind(counter_id.get())
        .execute(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "pairing code"))
        .and_then(found)
    }

    /// Uses up a pairing code and pairs a device with its counter. `NotFound` when the code is unknown, used,
    /// expired, or its counter has been archived since.
    pub async fn pair_device(
        &mut self,
        code_hash: &str,
        name: &str,
        credential_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Device> {
        let counter: Option<(i64, i64)> = sqlx::query_as(
            "UPDATE kiosk_pairing_codes SET used_at = $1 \
             WHERE code_hash = $2 AND used_at IS NULL AND expires_at > $1 RETURNING unit_id, counter_id",
        )
        .bind(now.millis())
        .bind(code_hash)
        .fetch_optional(&mut *self.0)
        .await?;
        let (unit_id, counter_id) = counter.ok_or(StoreError::NotFound)?;
        let device: Device = sqlx::query_as(&format!(
            "INSERT INTO kiosk_devices (unit_id, counter_id, name, credential_hash, paired_at) \
             SELECT unit_id, id, $1, $2, $3 FROM counters WHERE id = $4 AND unit_id = $5 AND archived = FALSE \
             RETURNING {DEVICE_COLUMNS}"
        ))
        .bind(name)
        .bind(credential_hash)
        .bind(now.millis())
        .bind(counter_id)
        .bind(unit_id)
        .fetch_optional(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "device"))?
        .ok_or(StoreError::NotFound)?;
        sqlx::query("UPDATE kiosk_pairing_codes SET device_id = $1 WHERE code_hash = $2")
            .bind(device.id.get())
            .bind(code_hash)
            .execute(&mut *self.0)
            .await?;
        Ok(device)
    }

    /// Revokes a device and ends its duty. Revoking twice is harmless.
    pub async fn revoke_device(&mut self, id: DeviceId, now: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE kiosk_devices SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now.millis())
            .bind(id.get())
            .execute(&mut *self.0)
            .await?;
        self.end_duty(id, now, "revoked").await
    }

    /// Revokes every tablet of a counter and ends their duties (the counter is archived: its tablets stop with its QR
    /// code).
    pub async fn revoke_counter_devices(&mut self, counter_id: CounterId, now: Timestamp) -> StoreResult<()> {
        sqlx::query(
            "UPDATE kiosk_duties SET ended_at = $1, end_reason = 'revoked' WHERE ended_at IS NULL \
             AND device_id IN (SELECT id FROM kiosk_devices WHERE counter_id = $2)",
        )
        .bind(now.millis())
        .bind(counter_id.get())
        .execute(&mut *self.0)
        .await?;
        sqlx::query("UPDATE kiosk_devices SET revoked_at = $1 WHERE counter_id = $2 AND revoked_at IS NULL")
            .bind(now.millis())
            .bind(counter_id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    /// Sets (or with `None` clears) an official's kiosk PIN hash.
    pub async fn set_official_pin(&mut self, official_id: OfficialId, pin_hash: Option<&str>) -> StoreResult<()> {
        let done = sqlx::query("UPDATE officials SET kiosk_pin_hash = $1 WHERE id = $2 AND archived = FALSE")
            .bind(pin_hash)
            .bind(official_id.get())
            .execute(&mut *self.0)
            .await?;
        found(done)
    }

    /// Puts an official on duty at a device, ending whoever was on duty there ("replaced").
    pub async fn start_duty(
        &mut self,
        device_id: DeviceId,
        official_id: OfficialId,
        now: Timestamp,
        ends_at: Timestamp,
    ) -> StoreResult<Duty> {
        self.end_duty(device_id, now, "replaced").await?;
        sqlx::query_as(&format!(
            "INSERT INTO kiosk_duties (device_id, official_id, started_at, ends_at) VALUES ($1, $2, $3, $4) \
             RETURNING {DUTY_COLUMNS}"
        ))
        .bind(device_id.get())
        .bind(official_id.get())
        .bind(now.millis())
        .bind(ends_at.millis())
        .fetch_one(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "duty"))
    }

    /// Ends the device's open duty, if any, with the reason ("ended", "replaced", "revoked").
    pub async fn end_duty(&mut self, device_id: DeviceId, now: Timestamp, reason: &str) -> StoreResult<()> {
        sqlx::query("UPDATE kiosk_duties SET ended_at = $1, end_reason = $2 WHERE device_id = $3 AND ended_at IS NULL")
            .bind(now.millis())
            .bind(reason)
            .bind(device_id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    /// What the counter serves now (replacing what it served before).
    pub async fn set_serving(&mut self, serving: &Serving) -> StoreResult<()> {
        sqlx::query("DELETE FROM counter_serving WHERE counter_id = $1")
            .bind(serving.counter_id.get())
            .execute(&mut *self.0)
            .await?;
        sqlx::query(
            "INSERT INTO counter_serving (counter_id, ticket, procedure_id, set_at, expires_at) \
             VALUES ($1, $2, $3, $4, $5)",
        )
        .bind(serving.counter_id.get())
        .bind(&serving.ticket)
        .bind(serving.procedure_id.map(ProcedureId::get))
        .bind(serving.set_at.millis())
        .bind(serving.expires_at.millis())
        .execute(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "serving"))?;
        Ok(())
    }
}

impl Store {
    /// The device holding this credential, revoked or not.
    pub async fn device_by_credential(&self, credential_hash: &str) -> StoreResult<Option<Device>> {
        Ok(sqlx::query_as(&format!("SELECT {DEVICE_COLUMNS} FROM kiosk_devices WHERE credential_hash = $1"))
            .bind(credential_hash)
            .fetch_optional(self.keyed())
            .await?)
    }

    pub async fn device(&self, id: DeviceId) -> StoreResult<Device> {
        sqlx::query_as(&format!("SELECT {DEVICE_COLUMNS} FROM kiosk_devices WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The devices of these units, newest first; revoked ones too (the list shows them, greyed).
    pub async fn devices_in(&self, unit_ids: &[UnitId]) -> StoreResult<Vec<Device>> {
        if unit_ids.is_empty() {
            return Ok(vec![]);
        }
        let mut sql = Sql::new(&format!("SELECT {DEVICE_COLUMNS} FROM kiosk_devices WHERE unit_id IN ("));
        sql.bind_list(unit_ids.iter().copied()).push(") ORDER BY revoked_at IS NOT NULL, unit_id, counter_id, id DESC");
        Ok(sql.query_as().fetch_all(&self.pool).await?)
    }

    /// Records a heartbeat (telemetry of the device, not a change anyone makes: no audit entry).
    pub async fn record_heartbeat(&self, device_id: DeviceId, beat: &Heartbeat<'_>) -> StoreResult<()> {
        // Every right-hand side reads the row as it was: the gap is the one since the previous contact.
        sqlx::query(
            "UPDATE kiosk_devices SET last_seen_at = $1, app_version = COALESCE($2, app_version), \
             queue_length = COALESCE($3, queue_length), clock_skew_ms = $4, \
             in_touch_since = CASE WHEN last_seen_at IS NULL OR $1 - last_seen_at >= $6 THEN $1 \
                 ELSE COALESCE(in_touch_since, $1) END, \
             out_of_touch_from = CASE WHEN last_seen_at IS NULL OR $1 - last_seen_at >= $6 THEN last_seen_at \
                 ELSE out_of_touch_from END \
             WHERE id = $5",
        )
        .bind(beat.at.millis())
        .bind(beat.app_version)
        .bind(beat.queue_length)
        .bind(beat.clock_skew_ms)
        .bind(device_id.get())
        .bind(beat.missed_after_ms)
        .execute(&self.writer)
        .await?;
        Ok(())
    }

    pub async fn official_pin_hash(&self, official_id: OfficialId) -> StoreResult<Option<String>> {
        let hash: Option<Option<String>> =
            sqlx::query_scalar("SELECT kiosk_pin_hash FROM officials WHERE id = $1 AND archived = FALSE")
                .bind(official_id.get())
                .fetch_optional(&self.pool)
                .await?;
        Ok(hash.flatten())
    }

    /// The device's duty that is open and not past its planned end at `now`.
    pub async fn current_duty(&self, device_id: DeviceId, now: Timestamp) -> StoreResult<Option<Duty>> {
        Ok(sqlx::query_as(&format!(
            "SELECT {DUTY_COLUMNS} FROM kiosk_duties WHERE device_id = $1 AND ended_at IS NULL AND ends_at > $2 \
             ORDER BY id DESC LIMIT 1"
        ))
        .bind(device_id.get())
        .bind(now.millis())
        .fetch_optional(self.keyed())
        .await?)
    }

    /// A duty of this device (ended or not); `NotFound` for another device's.
    pub async fn duty_of_device(&self, device_id: DeviceId, duty_id: DutyId) -> StoreResult<Duty> {
        sqlx::query_as(&format!("SELECT {DUTY_COLUMNS} FROM kiosk_duties WHERE id = $1 AND device_id = $2"))
            .bind(duty_id.get())
            .bind(device_id.get())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// The ticket the counter serves at `now`, unless it expired (a kiosk rating tapped after it was set
    /// removes it: see `insert_response`).
    pub async fn serving(&self, counter_id: CounterId, now: Timestamp) -> StoreResult<Option<Serving>> {
        Ok(sqlx::query_as(
            "SELECT counter_id, ticket, procedure_id, set_at, expires_at FROM counter_serving \
             WHERE counter_id = $1 AND expires_at > $2",
        )
        .bind(counter_id.get())
        .bind(now.millis())
        .fetch_optional(self.keyed())
        .await?)
    }
}

impl FromRow<'_, AnyRow> for Device {
    fn from_row(row: &AnyRow) -> sqlx::Result<Device> {
        Ok(Device {
            id: DeviceId::new(row.try_get("id")?),
            unit_id: UnitId::new(row.try_get("unit_id")?),
            counter_id: CounterId::new(row.try_get("counter_id")?),
            name: row.try_get("name")?,
            paired_at: Timestamp::from_millis(row.try_get("paired_at")?),
            revoked_at: row.try_get::<Option<i64>, _>("revoked_at")?.map(Timestamp::from_millis),
            last_seen_at: row.try_get::<Option<i64>, _>("last_seen_at")?.map(Timestamp::from_millis),
            app_version: row.try_get("app_version")?,
            queue_length: row.try_get("queue_length")?,
            clock_skew_ms: row.try_get("clock_skew_ms")?,
        })
    }
}

impl FromRow<'_, AnyRow> for Duty {
    fn from_row(row: &AnyRow) -> sqlx::Result<Duty> {
        Ok(Duty {
            id: DutyId::new(row.try_get("id")?),
            device_id: DeviceId::new(row.try_get("device_id")?),
            official_id: OfficialId::new(row.try_get("official_id")?),
            started_at: Timestamp::from_millis(row.try_get("started_at")?),
            ends_at: Timestamp::from_millis(row.try_get("ends_at")?),
            ended_at: row.try_get::<Option<i64>, _>("ended_at")?.map(Timestamp::from_millis),
        })
    }
}

impl FromRow<'_, AnyRow> for Serving {
    fn from_row(row: &AnyRow) -> sqlx::Result<Serving> {
        Ok(Serving {
            counter_id: CounterId::new(row.try_get("counter_id")?),
            ticket: row.try_get("ticket")?,
            procedure_id: row.try_get::<Option<i64>, _>("procedure_id")?.map(ProcedureId::new),
            set_at: Timestamp::from_millis(row.try_get("set_at")?),
            expires_at: Timestamp::from_millis(row.try_get("expires_at")?),
        })
    }
}
