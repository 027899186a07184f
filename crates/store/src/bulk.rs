//! Bulk loading for the scale generator (`hailong generate`): many responses per statement, with ids given here,
//! and without the rollup queue — the generator recounts the rollups once at the end. Never used for ratings people
//! send: those go through `insert_response`, one transaction each.

use super::responses::{rating_values, RATING_COLUMNS};
use super::sql::{Sql, Value};
use super::{Backend, NewResponse, Store, StoreResult};

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
            let mut sql = Sql::new(&format!("INSERT INTO responses (id, {RATING_COLUMNS}) VALUES "));
            sql.bind_rows(chunk.iter().enumerate(), |(i, r)| {
                std::iter::once(Value::from(base + i as i64)).chain(rating_values(r))
            });
            sql.query().execute(&mut *tx).await?;
            let answers: Vec<(i64, &str, i64)> = chunk
                .iter()
                .enumerate()
                .flat_map(|(i, r)| r.answers.iter().map(move |(k, l)| (base + i as i64, k.as_str(), i64::from(*l))))
                .collect();
            for rows in answers.chunks(CHUNK * 5) {
                let mut sql = Sql::new("INSERT INTO response_answers (response_id, question_key, level) VALUES ");
                sql.bind_rows(rows, |&(id, key, level)| -> [Value; 3] { [id.into(), key.into(), level.into()] });
                sql.query().execute(&mut *tx).await?;
            }
            let reasons: Vec<(i64, &str)> = chunk
                .iter()
                .enumerate()
                .flat_map(|(i, r)| r.reasons.iter().map(move |k| (base + i as i64, k.as_str())))
                .collect();
            for rows in reasons.chunks(CHUNK * 5) {
                let mut sql = Sql::new("INSERT INTO response_reasons (response_id, reason_key) VALUES ");
                sql.bind_rows(rows, |&(id, key)| -> [Value; 2] { [id.into(), key.into()] });
                sql.query().execute(&mut *tx).await?;
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
