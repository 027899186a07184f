//! Responses (phiếu đánh giá): appended once, never edited. The submission id makes a retry harmless.

use sqlx::AnyConnection;

use super::sql::{Sql, Value};
use super::voices::{judge_voice, take_out_earlier};
use super::{Backend, InsertOutcome, KioskStamp, NewResponse, Store, StoreError, StoreResult};
use hailong_domain::ids::ResponseId;
use hailong_domain::kiosk::{repeat_press, tablet_pace, Arrival, Contact};
use hailong_domain::misuse::MisuseRule;

impl Store {
    /// Appends a response with its answers and reasons, and queues it for the rollups, all or nothing.
    ///
    /// A second arrival of the same submission id writes nothing: it is a `Duplicate` when its content
    /// fingerprint matches the stored one (a retry), a `Conflict` otherwise.
    ///
    /// A kiosk rating is checked against the tablet's contacts and previous ratings (the server's pace, the repeat
    /// press) in the same transaction, and clears the ticket its counter was serving when it was tapped; a citizen's against the
    /// phone's earlier ratings of the day (one phone, one voice).
    pub async fn insert_response(&self, response: &NewResponse) -> StoreResult<InsertOutcome> {
        if self.backend == Backend::Postgres && response.kiosk.is_none() && response.citizen.is_none() {
            // One statement, atomic by itself (`store_in_one_statement`): BEGIN and COMMIT would be two more round trips.
            return append(&mut *self.writer.acquire().await?, response).await;
        }
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
    let (misuse, floods) = match (&response.kiosk, &response.citizen) {
        (None, Some(citizen)) => {
            let voice = judge_voice(conn, response, citizen).await?;
            (voice.rule, voice.floods)
        }
        (None, None) => (None, vec![]),
        (Some(stamp), _) => (judge_tap(conn, response, stamp).await?, vec![]),
    };
    let id = match conn.backend_name() {
        "PostgreSQL" => store_in_one_statement(&mut *conn, response, misuse).await,
        _ => store_row_by_row(conn, response, misuse).await,
    }
    .map_err(|e| StoreError::from_write(e, "response"))?
    .map(ResponseId::new);

    let Some(id) = id else {
        let (existing, fingerprint): (i64, String) =
            sqlx::query_as("SELECT id, fingerprint FROM responses WHERE submission_id = $1")
                .bind(&response.submission_id)
                .fetch_one(&mut *conn)
                .await?;
        return Ok(if fingerprint == response.fingerprint {
            InsertOutcome::Duplicate(ResponseId::new(existing))
        } else {
            InsertOutcome::Conflict
        });
    };

    for flood in floods {
        take_out_earlier(conn, response, flood, id).await?;
    }
    if let (Some(counter), Some(_)) = (response.counter_id, response.kiosk) {
        sqlx::query("DELETE FROM counter_serving WHERE counter_id = $1 AND set_at <= $2")
            .bind(counter.get())
            .bind(response.submitted_at.millis())
            .execute(&mut *conn)
            .await?;
    }
    Ok(match misuse {
        Some(rule) => InsertOutcome::Flagged(id, rule),
        None => InsertOutcome::Created(id),
    })
}

/// The tablet's rules for a kiosk rating, in the caller's transaction: the repeat press on the tablet's own clock
/// (a citizen's double tap is named so); then the server's pace (`tablet_pace`), judged against the tablet's
/// contacts and its latest rating not found misdated. On PostgreSQL a lock on the tablet, held to the commit, makes its ratings wait for each other.
async fn judge_tap(
    conn: &mut AnyConnection,
    response: &NewResponse,
    stamp: &KioskStamp,
) -> StoreResult<Option<MisuseRule>> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("SELECT pg_advisory_xact_lock(2, CAST($1 AS INTEGER))::text")
            .bind(stamp.device_id.get())
            .execute(&mut *conn)
            .await?;
    }
    let previous_tap: Option<i64> = sqlx::query_scalar(
        "SELECT MAX(device_at) FROM responses WHERE device_id = $1 AND device_at <= $2 AND submission_id <> $3",
    )
    .bind(stamp.device_id.get())
    .bind(stamp.device_at.millis())
    .bind(&response.submission_id)
    .fetch_one(&mut *conn)
    .await?;
    if let Some(rule) = repeat_press(previous_tap, stamp.device_at.millis(), stamp.pace.repeat_gap_ms) {
        return Ok(Some(rule));
    }
    let (in_touch_since, out_of_touch_from): (Option<i64>, Option<i64>) =
        sqlx::query_as("SELECT in_touch_since, out_of_touch_from FROM kiosk_devices WHERE id = $1")
            .bind(stamp.device_id.get())
            .fetch_one(&mut *conn)
            .await?;
    let previous: Option<(i64, i64)> = sqlx::query_as(
        "SELECT submitted_at, received_at FROM responses WHERE device_id = $1 AND submission_id <> $2 \
         AND (misuse_rule IS NULL OR misuse_rule <> $3) ORDER BY received_at DESC LIMIT 1",
    )
    .bind(stamp.device_id.get())
    .bind(&response.submission_id)
    .bind(MisuseRule::TabletClock.key())
    .fetch_optional(&mut *conn)
    .await?;
    let arrival = |(tapped_ms, received_ms)| Arrival { tapped_ms, received_ms };
    let contact =
        Contact { in_touch_since: in_touch_since.unwrap_or(response.received_at.millis()), out_of_touch_from };
    let this = arrival((stamp.tapped_at.millis(), response.received_at.millis()));
    Ok(tablet_pace(this, previous.map(arrival), contact, stamp.pace))
}

/// The columns of a response's row that every way of storing one writes, in [`rating_values`]' order.
pub(super) const RATING_COLUMNS: &str = "submission_id, fingerprint, unit_id, counter_id, official_id, procedure_id, \
     qr_code_id, questionnaire_id, channel, overall, comment, contact_phone, client_hash, submitted_at, received_at";

/// The values of [`RATING_COLUMNS`].
pub(super) fn rating_values(response: &NewResponse) -> [Value; 15] {
    [
        response.submission_id.as_str().into(),
        response.fingerprint.as_str().into(),
        response.unit_id.into(),
        response.counter_id.into(),
        response.official_id.into(),
        response.procedure_id.into(),
        response.qr_code_id.into(),
        response.questionnaire_id.into(),
        response.channel.as_str().into(),
        i64::from(response.overall).into(),
        response.comment.as_deref().into(),
        response.contact_phone.as_deref().into(),
        response.client_hash.as_deref().into(),
        response.submitted_at.into(),
        response.received_at.into(),
    ]
}

/// Appends the response's own row, and nothing when its submission id is stored already.
fn insert_response(sql: &mut Sql, response: &NewResponse, misuse: Option<MisuseRule>) {
    sql.push(&format!(
        "INSERT INTO responses ({RATING_COLUMNS}, device_id, device_at, misuse_rule, on_time, voice_hash) VALUES ("
    ));
    let tablet_and_checks: [Value; 5] = [
        response.kiosk.map(|k| k.device_id).into(),
        response.kiosk.map(|k| k.device_at).into(),
        misuse.map(MisuseRule::key).into(),
        response.on_time.map(i64::from).into(),
        response.citizen.as_ref().map(|c| c.voice_hash.as_str()).into(),
    ];
    sql.bind_list(rating_values(response).into_iter().chain(tablet_and_checks));
    sql.push(") ON CONFLICT (submission_id) DO NOTHING RETURNING id");
}

/// PostgreSQL: the response, its answers and reasons and its place in the counting queue in one statement, so one
/// round trip to the server — atomic by itself, and inside the caller's transaction when there is one. Each round
/// trip wakes both ends on loopback; five per rating (with BEGIN and COMMIT) had cost the ingest bench a fifth of
/// its throughput. `None` when the submission id is stored already (nothing written).
async fn store_in_one_statement(
    conn: &mut AnyConnection,
    response: &NewResponse,
    misuse: Option<MisuseRule>,
) -> sqlx::Result<Option<i64>> {
    let mut sql = Sql::new("WITH stored AS (");
    insert_response(&mut sql, response, misuse);
    sql.push(")");
    if !response.answers.is_empty() {
        sql.push(
            ", answers AS (INSERT INTO response_answers (response_id, question_key, level) \
             SELECT stored.id, v.k, v.l FROM stored CROSS JOIN (VALUES ",
        );
        sql.bind_rows(&response.answers, |(key, level)| -> [Value; 2] {
            [key.as_str().into(), i64::from(*level).into()]
        });
        sql.push(") AS v(k, l))");
    }
    if !response.reasons.is_empty() {
        sql.push(
            ", reasons AS (INSERT INTO response_reasons (response_id, reason_key) \
             SELECT stored.id, v.k FROM stored CROSS JOIN (VALUES ",
        );
        sql.bind_rows(&response.reasons, |key| [key.as_str()]);
        sql.push(") AS v(k))");
    }
    sql.push(", queued AS (INSERT INTO rollup_queue (response_id, release_at) SELECT id, CAST(");
    sql.bind(release_at(response)).push(" AS BIGINT) FROM stored) SELECT id FROM stored");
    sql.query_scalar().fetch_optional(conn).await
}

/// SQLite (in the process: statements cost no round trip): the response, then one statement each for its answers
/// and reasons, then its place in the counting queue.
async fn store_row_by_row(
    conn: &mut AnyConnection,
    response: &NewResponse,
    misuse: Option<MisuseRule>,
) -> sqlx::Result<Option<i64>> {
    let mut row = Sql::default();
    insert_response(&mut row, response, misuse);
    let Some(id) = row.query_scalar::<i64>().fetch_optional(&mut *conn).await? else {
        return Ok(None);
    };
    if !response.answers.is_empty() {
        let mut sql = Sql::new("INSERT INTO response_answers (response_id, question_key, level) VALUES ");
        sql.bind_rows(&response.answers, |(key, level)| -> [Value; 3] {
            [id.into(), key.as_str().into(), i64::from(*level).into()]
        });
        sql.query().execute(&mut *conn).await?;
    }
    if !response.reasons.is_empty() {
        let mut sql = Sql::new("INSERT INTO response_reasons (response_id, reason_key) VALUES ");
        sql.bind_rows(&response.reasons, |key| -> [Value; 2] { [id.into(), key.as_str().into()] });
        sql.query().execute(&mut *conn).await?;
    }
    // Counted into the rollups later, by whoever takes it off this queue (`Store::count_queued`).
    sqlx::query("INSERT INTO rollup_queue (response_id, release_at) VALUES ($1, $2)")
        .bind(id)
        .bind(release_at(response))
        .execute(&mut *conn)
        .await?;
    Ok(Some(id))
}

/// From when the counting queue may take the response: at once, or a receipt rating once its day has closed.
fn release_at(response: &NewResponse) -> i64 {
    hailong_domain::release::release_at(response.channel.as_str(), response.submitted_at.millis())
}
