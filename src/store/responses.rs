//! Responses (phiếu đánh giá): appended once, never edited. The submission id makes a retry harmless.

use sqlx::AnyConnection;

use super::{InsertOutcome, NewResponse, Store, StoreError, StoreResult};
use crate::domain::kiosk::{repeat_press, MisuseRule};

impl Store {
    /// Appends a response with its answers and reasons, and queues it for the rollups, in one transaction.
    ///
    /// A second arrival of the same submission id writes nothing: it is a `Duplicate` when its content
    /// fingerprint matches the stored one (a retry), a `Conflict` otherwise.
    ///
    /// A kiosk rating is checked against the device's previous tap (the repeat-press rule) in the same
    /// transaction, and clears the ticket its counter was serving when it was tapped.
    pub async fn insert_response(&self, response: &NewResponse) -> StoreResult<InsertOutcome> {
        let mut tx = self.writer.begin().await?;
        let outcome = append(&mut tx, response).await?;
        match outcome {
            InsertOutcome::Created(_) | InsertOutcome::Flagged(..) => tx.commit().await?,
            InsertOutcome::Duplicate(_) | InsertOutcome::Conflict => tx.rollback().await?,
        }
        Ok(outcome)
    }

    /// Whether a response with this submission id is stored (ids are client-made UUIDs, not guessable).
    pub async fn submission_stored(&self, submission_id: &str) -> StoreResult<bool> {
        let id = submission_id.trim().to_ascii_lowercase();
        let found: Option<i64> = sqlx::query_scalar("SELECT id FROM responses WHERE submission_id = $1")
            .bind(id)
            .fetch_optional(&self.pool)
            .await?;
        Ok(found.is_some())
    }

    /// How many responses are stored in all (the ingest bench checks exactly-once delivery with it).
    pub async fn response_count(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM responses").fetch_one(&self.pool).await?)
    }
}

/// Writes a response in the caller's transaction (see [`Store::insert_response`]); on `Duplicate` or `Conflict`
/// nothing was written and the caller rolls back.
pub(super) async fn append(conn: &mut AnyConnection, response: &NewResponse) -> StoreResult<InsertOutcome> {
    let misuse = match &response.kiosk {
        Some(stamp) => {
            let previous: Option<i64> = sqlx::query_scalar(
                "SELECT MAX(device_at) FROM responses WHERE device_id = $1 AND device_at <= $2 \
                 AND submission_id <> $3",
            )
            .bind(stamp.device_id)
            .bind(stamp.device_at)
            .bind(&response.submission_id)
            .fetch_one(&mut *conn)
            .await?;
            repeat_press(previous, stamp.device_at, stamp.repeat_gap_ms)
        }
        None => None,
    };
    let id: Option<i64> = sqlx::query_scalar(
        "INSERT INTO responses (submission_id, fingerprint, unit_id, counter_id, official_id, procedure_id, \
         qr_code_id, questionnaire_id, channel, overall, comment, contact_phone, client_hash, submitted_at, \
         received_at, device_id, device_at, misuse_rule, on_time) \
         VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $13, $14, $15, $16, $17, $18, $19) \
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
    .bind(response.received_at)
    .bind(response.kiosk.map(|k| k.device_id))
    .bind(response.kiosk.map(|k| k.device_at))
    .bind(misuse.map(MisuseRule::key))
    .bind(response.on_time.map(i64::from))
    .fetch_optional(&mut *conn)
    .await
    .map_err(|e| StoreError::from_write(e, "response"))?;

    let Some(id) = id else {
        let (existing, fingerprint): (i64, String) =
            sqlx::query_as("SELECT id, fingerprint FROM responses WHERE submission_id = $1")
                .bind(&response.submission_id)
                .fetch_one(&mut *conn)
                .await?;
        return Ok(if fingerprint == response.fingerprint {
            InsertOutcome::Duplicate(existing)
        } else {
            InsertOutcome::Conflict
        });
    };

    // One statement each for answers and reasons (not one per row): fewer round trips on the hot path.
    if !response.answers.is_empty() {
        let sql = format!(
            "INSERT INTO response_answers (response_id, question_key, level) VALUES {}",
            rows_of(response.answers.len(), 2)
        );
        let query = response
            .answers
            .iter()
            .fold(sqlx::query(&sql).bind(id), |q, (key, level)| q.bind(key).bind(i64::from(*level)));
        query.execute(&mut *conn).await?;
    }
    if !response.reasons.is_empty() {
        let sql = format!(
            "INSERT INTO response_reasons (response_id, reason_key) VALUES {}",
            rows_of(response.reasons.len(), 1)
        );
        let query = response.reasons.iter().fold(sqlx::query(&sql).bind(id), |q, key| q.bind(key));
        query.execute(&mut *conn).await?;
    }
    // Counted into the rollups later, by whoever takes it off this queue (`Store::count_queued`).
    sqlx::query("INSERT INTO rollup_queue (response_id) VALUES ($1)").bind(id).execute(&mut *conn).await?;
    if let (Some(counter), Some(_)) = (response.counter_id, response.kiosk) {
        sqlx::query("DELETE FROM counter_serving WHERE counter_id = $1 AND set_at <= $2")
            .bind(counter)
            .bind(response.submitted_at)
            .execute(&mut *conn)
            .await?;
    }
    Ok(match misuse {
        Some(rule) => InsertOutcome::Flagged(id, rule),
        None => InsertOutcome::Created(id),
    })
}

/// `($1, $2, $3), ($1, $4, $5), …`: `rows` tuples of the response id (`$1`) and `width` values each.
fn rows_of(rows: usize, width: usize) -> String {
    (0..rows)
        .map(|r| {
            let values = (0..width).map(|c| format!("${}", 2 + r * width + c)).collect::<Vec<_>>().join(", ");
            format!("($1, {values})")
        })
        .collect::<Vec<_>>()
        .join(", ")
}

#[cfg(test)]
mod tests {
    #[test]
    fn rows_share_the_response_id_and_number_the_rest() {
        assert_eq!(super::rows_of(2, 2), "($1, $2, $3), ($1, $4, $5)");
        assert_eq!(super::rows_of(3, 1), "($1, $2), ($1, $3), ($1, $4)");
    }
}
