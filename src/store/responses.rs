//! Responses (phiếu đánh giá): appended once, never edited. The submission id makes a retry harmless.

use super::{InsertOutcome, NewResponse, Store, StoreError, StoreResult};

impl Store {
    /// Appends a response with its answers and reasons in one transaction.
    ///
    /// A second arrival of the same submission id writes nothing: it is a `Duplicate` when its content
    /// fingerprint matches the stored one (a retry), a `Conflict` otherwise.
    pub async fn insert_response(&self, response: &NewResponse) -> StoreResult<InsertOutcome> {
        let mut tx = self.pool.begin().await?;
        let id: Option<i64> = sqlx::query_scalar(
            "INSERT INTO responses (submission_id, fingerprint, unit_id, counter_id, official_id, procedure_id, \
             qr_code_id, questionnaire_id, channel, overall, comment, contact_phone, client_hash, submitted_at) \
             VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14) \
             ON CONFLICT (submission_id) DO NOTHING RETURNING id",
        )
        .bind(&response.submission_id)
        .bind(&response.fingerprint)
        .bind(response.unit_id)
        .bind(response.counter_id)
        .bind(response.official_id)
        .bind(response.procedure_id)
        .bind(response.qr_code_id)
        .bind(response.questionnaire_id)
        .bind(response.channel.as_str())
        .bind(i64::from(response.overall))
        .bind(&response.comment)
        .bind(&response.contact_phone)
        .bind(&response.client_hash)
        .bind(response.submitted_at)
        .fetch_optional(&mut *tx)
        .await
        .map_err(|e| StoreError::from_write(e, "response"))?;

        let Some(id) = id else {
            let (existing, fingerprint): (i64, String) =
                sqlx::query_as("SELECT id, fingerprint FROM responses WHERE submission_id = $1")
                    .bind(&response.submission_id)
                    .fetch_one(&mut *tx)
                    .await?;
            tx.rollback().await?;
            return Ok(if fingerprint == response.fingerprint {
                InsertOutcome::Duplicate(existing)
            } else {
                InsertOutcome::Conflict
            });
        };

        for (question_key, level) in &response.answers {
            sqlx::query("INSERT INTO response_answers (response_id, question_key, level) VALUES ($1, $2, $3)")
                .bind(id)
                .bind(question_key)
                .bind(i64::from(*level))
                .execute(&mut *tx)
                .await?;
        }
        for reason_key in &response.reasons {
            sqlx::query("INSERT INTO response_reasons (response_id, reason_key) VALUES ($1, $2)")
                .bind(id)
                .bind(reason_key)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(InsertOutcome::Created(id))
    }

    /// How many responses are stored in all (for health and tests).
    pub async fn response_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM responses").fetch_one(&self.pool).await?)
    }
}
