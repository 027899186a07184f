//! QR codes: issued per counter or per official, revoked and reissued, never deleted.

use hailong_domain::time::Timestamp;
use sqlx::Row;

use super::{Counter, Official, QrCode, QrTarget, Store, StoreError, StoreResult, Tx, Unit};
use hailong_domain::ids::{CounterId, OfficialId, QrCodeId, UnitId};

/// A code with everything its form shows, read in one round trip (this is on every citizen request).
#[derive(Clone, Debug)]
pub struct QrLookup {
    pub code: QrCode,
    pub unit: Unit,
    pub official: Option<Official>,
    /// The code's counter, or for an official's code the counter the official sits at.
    pub counter: Option<Counter>,
}

const QR_COLUMNS: &str = "id, unit_id, counter_id, official_id, token, created_at, revoked_at";

impl Tx {
    /// Makes `code` the one valid code of its target: any code issued before for it is revoked in the
    /// same transaction, so exactly one URL per counter or official works at a time.
    pub async fn issue_qr_code(&mut self, code: &QrCode) -> StoreResult<()> {
        let tx = &mut self.0;
        let (column, target_id) = target_column(code)?;
        sqlx::query(&format!("UPDATE qr_codes SET revoked_at = $1 WHERE {column} = $2 AND revoked_at IS NULL"))
            .bind(code.created_at.millis())
            .bind(target_id)
            .execute(&mut **tx)
            .await?;
        sqlx::query(
            "INSERT INTO qr_codes (id, unit_id, counter_id, official_id, token, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6)",
        )
        .bind(code.id.get())
        .bind(code.unit_id.get())
        .bind(code.counter_id.map(CounterId::get))
        .bind(code.official_id.map(OfficialId::get))
        .bind(&code.token)
        .bind(code.created_at.millis())
        .execute(&mut **tx)
        .await
        .map_err(|e| StoreError::from_write(e, "qr code"))?;
        Ok(())
    }

    pub async fn revoke_qr_code(&mut self, id: QrCodeId, now: Timestamp) -> StoreResult<()> {
        let done = sqlx::query("UPDATE qr_codes SET revoked_at = $1 WHERE id = $2 AND revoked_at IS NULL")
            .bind(now.millis())
            .bind(id.get())
            .execute(&mut *self.0)
            .await?;
        if done.rows_affected() == 0 {
            // Either unknown, or revoked already: revoking twice is harmless, an unknown id is not.
            let known: Option<i64> = sqlx::query_scalar("SELECT id FROM qr_codes WHERE id = $1")
                .bind(id.get())
                .fetch_optional(&mut *self.0)
                .await?;
            known.ok_or(StoreError::NotFound)?;
        }
        Ok(())
    }
}

impl Store {
    pub async fn qr_code(&self, id: QrCodeId) -> StoreResult<QrCode> {
        sqlx::query_as(&format!("SELECT {QR_COLUMNS} FROM qr_codes WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?
            .ok_or(StoreError::NotFound)
    }

    /// A code of an active unit with its unit, official and counter; `None` when there is no such code.
    pub async fn qr_lookup(&self, id: QrCodeId) -> StoreResult<Option<QrLookup>> {
        let row = sqlx::query(
            "SELECT q.id, q.unit_id, q.counter_id, q.official_id, q.token, q.created_at, q.revoked_at, \
             u.parent_id, u.kind, u.name, u.code, u.questionnaire_code, \
             o.full_name, o.title, o.staff_code, o.counter_id, CASE WHEN p.official_id IS NULL THEN 0 ELSE 1 END, \
             c.id, c.unit_id, c.name, CASE WHEN o.kiosk_pin_hash IS NULL THEN 0 ELSE 1 END \
             FROM qr_codes q JOIN units u ON u.id = q.unit_id AND u.archived = FALSE \
             LEFT JOIN officials o ON o.id = q.official_id AND o.archived = FALSE \
             LEFT JOIN official_photos p ON p.official_id = o.id \
             LEFT JOIN counters c ON c.id = COALESCE(q.counter_id, o.counter_id) AND c.archived = FALSE \
             WHERE q.id = $1",
        )
        .bind(id.get())
        .fetch_optional(self.keyed())
        .await?;
        let Some(row) = row else { return Ok(None) };
        let code = QrCode {
            id: QrCodeId::new(row.try_get(0)?),
            unit_id: UnitId::new(row.try_get(1)?),
            counter_id: row.try_get::<Option<i64>, _>(2)?.map(CounterId::new),
            official_id: row.try_get::<Option<i64>, _>(3)?.map(OfficialId::new),
            token: row.try_get(4)?,
            created_at: Timestamp::from_millis(row.try_get(5)?),
            revoked_at: row.try_get::<Option<i64>, _>(6)?.map(Timestamp::from_millis),
        };
        let unit = Unit {
            id: code.unit_id,
            parent_id: row.try_get::<Option<i64>, _>(7)?.map(UnitId::new),
            kind: row.try_get(8)?,
            name: row.try_get(9)?,
            code: row.try_get(10)?,
            questionnaire_code: row.try_get(11)?,
        };
        let official_name: Option<String> = row.try_get(12)?;
        let official = match (code.official_id, official_name) {
            (Some(id), Some(full_name)) => Some(Official {
                id,
                unit_id: code.unit_id,
                full_name,
                title: row.try_get(13)?,
                staff_code: row.try_get(14)?,
                counter_id: row.try_get::<Option<i64>, _>(15)?.map(CounterId::new),
                has_photo: row.try_get::<i64, _>(16)? > 0,
                has_pin: row.try_get::<i64, _>(20)? > 0,
            }),
            // An official's code whose official was archived leads nowhere.
            (Some(_), None) => return Ok(None),
            (None, _) => None,
        };
        let counter_id: Option<CounterId> = row.try_get::<Option<i64>, _>(17)?.map(CounterId::new);
        let counter = match counter_id {
            Some(id) => Some(Counter { id, unit_id: UnitId::new(row.try_get(18)?), name: row.try_get(19)? }),
            // A counter's code whose counter was archived leads nowhere either.
            None if code.counter_id.is_some() => return Ok(None),
            None => None,
        };
        Ok(Some(QrLookup { code, unit, official, counter }))
    }

    /// The code currently valid for a target, if one was issued.
    pub async fn active_qr_code(&self, target: QrTarget) -> StoreResult<Option<QrCode>> {
        let (column, id) = match target {
            QrTarget::Counter(id) => ("official_id IS NULL AND counter_id", id.get()),
            QrTarget::Official(id) => ("official_id", id.get()),
        };
        Ok(sqlx::query_as(&format!(
            "SELECT {QR_COLUMNS} FROM qr_codes WHERE {column} = $1 AND revoked_at IS NULL \
             ORDER BY created_at DESC LIMIT 1"
        ))
        .bind(id)
        .fetch_optional(&self.pool)
        .await?)
    }
}

fn target_column(code: &QrCode) -> StoreResult<(&'static str, i64)> {
    match (code.official_id, code.counter_id) {
        (Some(id), _) => Ok(("official_id", id.get())),
        (None, Some(id)) => Ok(("official_id IS NULL AND counter_id", id.get())),
        (None, None) => Err(StoreError::Conflict("qr code without target")),
    }
}
