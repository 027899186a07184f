//! Bulk loading for the scale generator (`hailong generate`): many responses per statement, with ids given here,
//! and without the rollup queue — the generator recounts the rollups once at the end. Never used for ratings people
//! send: those go through `insert_response`, one transaction each.

use super::{tuples, Backend, NewResponse, Store, StoreResult};
use hailong_domain::ids::{CounterId, OfficialId, ProcedureId, QrCodeId};

/// Responses per INSERT (17 values each). Small on purpose: binding costs grow with the square of a statement's
/// parameters on SQLite (see `rollups::WRITE_CHUNK`).
const CHUNK: usize = 12;

impl Store {
    /// Appends these responses (with their answers and reasons) in one transaction; returns the last id used.
    pub async fn bulk_insert_responses(&self, responses: &[NewResponse]) -> StoreResult<i64> {
        let mut tx = self.writer.begin().await?;
        let last: Option<i64> = sqlx::query_scalar("SELECT MAX(id) FROM responses").fetch_one(&mut *tx).await?;
        let first = last.unwrap_or(0) + 1;
        for (n, chunk) in responses.chunks(CHUNK).enumerate() {
            let base = first + (n * CHUNK) as i64;
            let values = tuples(chunk.len(), 17);
            let sql = format!(
                "INSERT INTO responses (id, submission_id, fingerprint, unit_id, counter_id, official_id, procedure_id, \
                 qr_code_id, questionnaire_id, channel, overall, comment, contact_phone, client_hash, submitted_at, \
                 received_at, misuse_rule) VALUES {values}"
            );
            let query = chunk.iter().enumerate().fold(sqlx::query(&sql), |q, (i, r)| {
                q.bind(base + i as i64)
                    .bind(r.submission_id.clone())
                    .bind(r.fingerprint.clone())
                    .bind(r.unit_id.get())
                    .bind(r.counter_id.map(CounterId::get))
                    .bind(r.official_id.map(OfficialId::get))
                    .bind(r.procedure_id.map(ProcedureId::get))
                    .bind(r.qr_code_id.map(QrCodeId::get))
                    .bind(r.questionnaire_id.get())
                    .bind(r.channel.as_str())
                    .bind(i64::from(r.overall))
                    .bind(r.comment.clone())
                    .bind(r.contact_phone.clone())
                    .bind(r.client_hash.clone())
                    .bind(r.submitted_at)
                    .bind(r.received_at)
                    .bind(None::<String>)
            });
            query.execute(&mut *tx).await?;
            let answers: Vec<(i64, &str, i64)> = chunk
                .iter()
                .enumerate()
                .flat_map(|(i, r)| r.answers.iter().map(move |(k, l)| (base + i as i64, k.as_str(), i64::from(*l))))
                .collect();
            for rows in answers.chunks(CHUNK * 5) {
                let sql = format!(
                    "INSERT INTO response_answers (response_id, question_key, level) VALUES {}",
                    tuples(rows.len(), 3)
                );
                let query = rows.iter().fold(sqlx::query(&sql), |q, (id, k, l)| q.bind(*id).bind(*k).bind(*l));
                query.execute(&mut *tx).await?;
            }
            let reasons: Vec<(i64, &str)> = chunk
                .iter()
                .enumerate()
                .flat_map(|(i, r)| r.reasons.iter().map(move |k| (base + i as i64, k.as_str())))
                .collect();
            for rows in reasons.chunks(CHUNK * 5) {
                let sql =
                    format!("INSERT INTO response_reasons (response_id, reason_key) VALUES {}", tuples(rows.len(), 2));
                let query = rows.iter().fold(sqlx::query(&sql), |q, (id, k)| q.bind(*id).bind(*k));
                query.execute(&mut *tx).await?;
            }
        }
        let last = first + responses.len() as i64 - 1;
        if self.backend == Backend::Postgres {
            // Ids were given here: the identity column continues after them.
            sqlx::query("SELECT setval(pg_get_serial_sequence('responses', 'id'), $1)")
                .bind(last)
                .execute(&mut *tx)
                .await?;
        }
        tx.commit().await?;
        Ok(last)
    }
}

impl Store {
    /// After a bulk load, PostgreSQL's statistics and visibility map are brought up to date at once (rather than
    /// whenever autovacuum comes), so the figures are read by index-only scans from the start. SQLite is left
    /// as a running installation has it: `ANALYZE` statistics made its plans slower here (an official's year 4 → 18 ms).
    pub async fn tidy_after_bulk_load(&self) -> StoreResult<()> {
        let statements: &[&str] = match self.backend {
            Backend::Postgres => &["VACUUM (ANALYZE) rollups", "VACUUM (ANALYZE) responses"],
            Backend::Sqlite => &[],
        };
        for statement in statements {
            sqlx::query(statement).execute(&self.writer).await?;
        }
        Ok(())
    }
}
