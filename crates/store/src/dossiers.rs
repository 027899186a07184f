//! Dossiers registered by the one-stop software, each with its one-time receipt link (decision 013). A link is
//! burnt in the transaction that stores its rating, and nothing joins the two: the dossier row only turns `used`,
//! the response never names the dossier.

use chrono::NaiveDate;
use hailong_domain::time::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use super::responses::append;
use super::{InsertOutcome, NewResponse, Store, StoreError, StoreResult, Tx};
use hailong_domain::dossier::DossierDates;
use hailong_domain::ids::{CounterId, DossierId, OfficialId, ProcedureId, UnitId};

/// A registered dossier: where it was handled and its link's life. Its code is not here (only a keyed hash).
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Dossier {
    /// Random: the link token's payload.
    pub id: DossierId,
    pub unit_id: UnitId,
    pub counter_id: Option<CounterId>,
    pub official_id: Option<OfficialId>,
    pub procedure_id: Option<ProcedureId>,
    pub token: String,
    pub received_on: String,
    pub due_on: Option<String>,
    pub returned_on: Option<String>,
    pub expires_at: Timestamp,
    pub registered_at: Timestamp,
    pub used: bool,
}

/// What registering writes: the dossier as first registered, or (when `code_key` is known) its dates. The link's
/// expiry follows from the dates (`DossierDates::link_expires_at`).
#[derive(Clone, Debug)]
pub struct NewDossier<'a> {
    pub id: DossierId,
    pub token: &'a str,
    pub code_key: &'a str,
    pub unit_id: UnitId,
    pub counter_id: Option<CounterId>,
    pub official_id: Option<OfficialId>,
    pub procedure_id: Option<ProcedureId>,
    pub dates: DossierDates,
    pub registered_at: Timestamp,
}

/// What became of a rating sent through a receipt link.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ReceiptOutcome {
    /// Stored, and the link burnt.
    Stored(InsertOutcome),
    /// The link was burnt already: nothing written.
    Used,
}

impl Dossier {
    /// The stored dates as the domain reads them (`None` only for a row written by hand with bad dates).
    pub fn dates(&self) -> Option<DossierDates> {
        let date = |s: &str| NaiveDate::parse_from_str(s, "%Y-%m-%d").ok();
        Some(DossierDates {
            received_on: date(&self.received_on)?,
            due_on: self.due_on.as_deref().and_then(date),
            returned_on: self.returned_on.as_deref().and_then(date),
        })
    }
}

const COLUMNS: &str = "id, unit_id, counter_id, official_id, procedure_id, token, received_on, due_on, returned_on, \
                       expires_at, registered_at, used";

impl Tx {
    /// Registers a dossier, or finds the one registered before under the same key; `true` when new. A dossier
    /// registered again keeps its link, its unit, counter, official and procedure; dates sent again replace the
    /// old ones (the result returned, a new due date) and the link's expiry follows them.
    pub async fn register_dossier(&mut self, new: &NewDossier<'_>, link_days: u64) -> StoreResult<(Dossier, bool)> {
        let date = |d: NaiveDate| d.format("%Y-%m-%d").to_string();
        let (due_on, returned_on) = (new.dates.due_on.map(date), new.dates.returned_on.map(date));
        let inserted: Option<Dossier> = sqlx::query_as(&format!(
            "INSERT INTO dossiers (id, unit_id, counter_id, official_id, procedure_id, code_key, token, received_on, \
             due_on, returned_on, expires_at, registered_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12) \
             ON CONFLICT (code_key) DO NOTHING RETURNING {COLUMNS}"
        ))
        .bind(new.id.get())
        .bind(new.unit_id.get())
        .bind(new.counter_id.map(CounterId::get))
        .bind(new.official_id.map(OfficialId::get))
        .bind(new.procedure_id.map(ProcedureId::get))
        .bind(new.code_key)
        .bind(new.token)
        .bind(date(new.dates.received_on))
        .bind(&due_on)
        .bind(&returned_on)
        .bind(new.dates.link_expires_at(link_days))
        .bind(new.registered_at.millis())
        .fetch_optional(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "dossier"))?;
        if let Some(dossier) = inserted {
            return Ok((dossier, true));
        }
        let mut again: Dossier = sqlx::query_as(&format!(
            "UPDATE dossiers SET due_on = COALESCE($1, due_on), returned_on = COALESCE($2, returned_on) \
             WHERE code_key = $3 RETURNING {COLUMNS}"
        ))
        .bind(&due_on)
        .bind(&returned_on)
        .bind(new.code_key)
        .fetch_one(&mut *self.0)
        .await?;
        if let Some(dates) = again.dates() {
            again.expires_at = Timestamp::from_millis(dates.link_expires_at(link_days));
            sqlx::query("UPDATE dossiers SET expires_at = $1 WHERE id = $2")
                .bind(again.expires_at.millis())
                .bind(again.id.get())
                .execute(&mut *self.0)
                .await?;
        }
        Ok((again, false))
    }
}

impl Store {
    /// The dossier registered under `code_key`, if any.
    pub async fn dossier_by_key(&self, code_key: &str) -> StoreResult<Option<Dossier>> {
        Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM dossiers WHERE code_key = $1"))
            .bind(code_key)
            .fetch_optional(self.keyed())
            .await?)
    }

    pub async fn dossier(&self, id: DossierId) -> StoreResult<Option<Dossier>> {
        Ok(sqlx::query_as(&format!("SELECT {COLUMNS} FROM dossiers WHERE id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?)
    }

    /// Stores a rating sent through dossier `dossier_id`'s link and burns the link, in one transaction — unless
    /// the link was burnt already (`Used`).
    pub async fn insert_receipt_response(
        &self,
        response: &NewResponse,
        dossier_id: DossierId,
    ) -> StoreResult<ReceiptOutcome> {
        let mut tx = self.writer.begin().await?;
        // First, so that two ratings racing through one link queue here and the second finds it used.
        let burnt = sqlx::query("UPDATE dossiers SET used = 1 WHERE id = $1 AND used = 0")
            .bind(dossier_id.get())
            .execute(&mut *tx)
            .await?
            .rows_affected();
        if burnt == 0 {
            tx.rollback().await?;
            return Ok(ReceiptOutcome::Used);
        }
        let outcome = append(&mut tx, response).await?;
        match outcome {
            InsertOutcome::Created(_) | InsertOutcome::Flagged(..) => tx.commit().await?,
            // A submission id seen before with an unused link: not this link's rating, which is still to come.
            InsertOutcome::Duplicate(_) | InsertOutcome::Conflict => tx.rollback().await?,
        }
        Ok(ReceiptOutcome::Stored(outcome))
    }
}

impl FromRow<'_, AnyRow> for Dossier {
    fn from_row(row: &AnyRow) -> sqlx::Result<Dossier> {
        Ok(Dossier {
            id: DossierId::new(row.try_get("id")?),
            unit_id: UnitId::new(row.try_get("unit_id")?),
            counter_id: row.try_get::<Option<i64>, _>("counter_id")?.map(CounterId::new),
            official_id: row.try_get::<Option<i64>, _>("official_id")?.map(OfficialId::new),
            procedure_id: row.try_get::<Option<i64>, _>("procedure_id")?.map(ProcedureId::new),
            token: row.try_get("token")?,
            received_on: row.try_get("received_on")?,
            due_on: row.try_get("due_on")?,
            returned_on: row.try_get("returned_on")?,
            expires_at: Timestamp::from_millis(row.try_get("expires_at")?),
            registered_at: Timestamp::from_millis(row.try_get("registered_at")?),
            used: row.try_get::<i64, _>("used")? != 0,
        })
    }
}
