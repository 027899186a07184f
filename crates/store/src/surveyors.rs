//! Surveyors' phones: the one-time sign-in code a manager gives a surveyor, the credential the phone keeps, and
//! what the surveyor records of their own respondents. Codes and credentials are stored as SHA-256 only.

use super::campaigns::{surveyor, SURVEYOR_COLUMNS};
use super::catalogue::{photo, put_photo, PhotoOf};
use super::{found, Photo, Store, StoreError, StoreResult, Surveyor, Tx};
use hailong_domain::ids::{CampaignId, RespondentId, SurveyorId, UnitId};
use hailong_domain::time::Timestamp;

impl Tx {
    /// Gives a surveyor whose badge stands a new sign-in code (an older one stops working) and signs the earlier
    /// phone out at once: a new code is what a manager makes when a phone is lost, and a lost phone must stop
    /// showing names and contacts then, not when the new code is typed.
    pub async fn set_sign_in_code(
        &mut self,
        surveyor_id: SurveyorId,
        code_hash: &str,
        expires_at: Timestamp,
    ) -> StoreResult<()> {
        sqlx::query(
            "UPDATE surveyors SET sign_in_code_hash = $1, sign_in_code_expires_at = $2, credential_hash = NULL \
             WHERE id = $3 AND revoked_at IS NULL",
        )
        .bind(code_hash)
        .bind(expires_at.millis())
        .bind(surveyor_id.get())
        .execute(&mut *self.0)
        .await
        .map_err(|e| StoreError::from_write(e, "sign-in code"))
        .and_then(found)
    }

    /// Uses up a sign-in code: the phone's credential replaces any earlier phone's. `NotFound` for a code that is
    /// unknown, used, expired, or whose surveyor was revoked since.
    pub async fn sign_in_surveyor(
        &mut self,
        code_hash: &str,
        credential_hash: &str,
        now: Timestamp,
    ) -> StoreResult<Surveyor> {
        let row = sqlx::query(&format!(
            "UPDATE surveyors SET credential_hash = $1, signed_in_at = $2, last_seen_at = $2, \
             sign_in_code_hash = NULL, sign_in_code_expires_at = NULL \
             WHERE sign_in_code_hash = $3 AND sign_in_code_expires_at > $2 AND revoked_at IS NULL \
             RETURNING {SURVEYOR_COLUMNS}"
        ))
        .bind(credential_hash)
        .bind(now.millis())
        .bind(code_hash)
        .fetch_optional(&mut *self.0)
        .await?
        .ok_or(StoreError::NotFound)?;
        Ok(surveyor(&row)?)
    }

    /// A surveyor's word on a respondent drawn for them (pending, refused, not reached); `false` when the
    /// respondent is not theirs or a form of the interview stands (the form said completed).
    pub async fn set_outcome_by_surveyor(
        &mut self,
        respondent_id: RespondentId,
        surveyor_id: SurveyorId,
        outcome: &str,
    ) -> StoreResult<bool> {
        let done = sqlx::query(
            "UPDATE respondents SET outcome = $1 WHERE id = $2 AND surveyor_id = $3 AND drawn = TRUE \
             AND NOT EXISTS (SELECT 1 FROM campaign_forms p LEFT JOIN response_voids v ON v.response_id = p.response_id \
                             WHERE p.respondent_id = $2 AND v.response_id IS NULL)",
        )
        .bind(outcome)
        .bind(respondent_id.get())
        .bind(surveyor_id.get())
        .execute(&mut *self.0)
        .await?;
        Ok(done.rows_affected() == 1)
    }

    /// Stores (or replaces) a surveyor's photo for the badge; the bytes are expected to be re-encoded already.
    pub async fn set_surveyor_photo(
        &mut self,
        surveyor_id: SurveyorId,
        photo: &Photo,
        now: Timestamp,
    ) -> StoreResult<()> {
        put_photo(&mut self.0, PhotoOf::Surveyor, surveyor_id.get(), photo, now).await?;
        sqlx::query("UPDATE surveyors SET photo_updated_at = $1 WHERE id = $2")
            .bind(now.millis())
            .bind(surveyor_id.get())
            .execute(&mut *self.0)
            .await
            .map_err(|e| StoreError::from_write(e, "photo"))
            .and_then(found)
    }

    /// The unit whose campaign this is: the unit a surveyor's audit entries concern.
    pub async fn campaign_unit(&mut self, campaign_id: CampaignId) -> StoreResult<UnitId> {
        sqlx::query_scalar("SELECT unit_id FROM campaigns WHERE id = $1")
            .bind(campaign_id.get())
            .fetch_optional(&mut *self.0)
            .await?
            .map(UnitId::new)
            .ok_or(StoreError::NotFound)
    }
}

impl Store {
    /// The surveyor whose phone holds this credential (revoked ones too, so the phone can be told).
    pub async fn surveyor_by_credential(&self, credential_hash: &str) -> StoreResult<Option<Surveyor>> {
        let row = sqlx::query(&format!("SELECT {SURVEYOR_COLUMNS} FROM surveyors WHERE credential_hash = $1"))
            .bind(credential_hash)
            .fetch_optional(self.keyed())
            .await?;
        Ok(row.as_ref().map(surveyor).transpose()?)
    }

    pub async fn surveyor_photo(&self, surveyor_id: SurveyorId) -> StoreResult<Photo> {
        photo(&self.pool, PhotoOf::Surveyor, surveyor_id.get()).await
    }

    /// The phone called: shown to the managers as "last seen".
    pub async fn surveyor_seen(&self, surveyor_id: SurveyorId, now: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE surveyors SET last_seen_at = $1 WHERE id = $2")
            .bind(now.millis())
            .bind(surveyor_id.get())
            .execute(&self.pool)
            .await?;
        Ok(())
    }
}
