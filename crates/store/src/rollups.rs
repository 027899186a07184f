//! Rollups: the running counts behind every figure (`domain::rollup` says what a response adds). A stored response
//! waits in `rollup_queue` (written in its own transaction) until [`Store::count_queued`] counts a batch of them and
//! takes them off the queue in one transaction — exactly once, on whichever instance gets there first.
//! `Store::rebuild_rollups` (store::rebuild) recounts everything from the responses.

use hailong_domain::time::Timestamp;
use std::collections::{BTreeMap, HashMap};

use sqlx::any::AnyRow;
use sqlx::{AnyConnection, FromRow, Row};

use super::sql::{Sql, Value};
use super::{Backend, Store, StoreResult};
use hailong_domain::ids::{CounterId, OfficialId, ProcedureId, UnitId};
use hailong_domain::index::LevelCounts;
use hailong_domain::rating::Level;
use hailong_domain::rollup::{hour_start, local_day, Dimension, Facts, Grain, RollupChanges, SetApart, Span, HOUR_MS};
use hailong_domain::unit_tree;

/// The counts of one member of a dimension (an official, a question, a channel…) — or of one bucket of a series.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Tally {
    pub member: i64,
    pub label: String,
    pub counts: LevelCounts,
}

/// The counts of one day or month bucket.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Bucket {
    pub grain: Grain,
    pub period: i64,
    pub counts: LevelCounts,
}

/// `chain`: unit `$1` and every unit above it.
const CHAIN: &str = "WITH RECURSIVE chain(id, parent_id) AS ( \
                     SELECT id, parent_id FROM units WHERE id = $1 \
                     UNION ALL SELECT u.id, u.parent_id FROM units u JOIN chain c ON u.id = c.parent_id)";

/// A response just counted, as the live feed announces it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CountedRating {
    pub id: i64,
    pub unit_id: UnitId,
    /// The unit and every unit above it, nearest first.
    pub chain: Vec<UnitId>,
    pub unit: String,
    pub submitted_at: Timestamp,
    pub official_id: Option<OfficialId>,
    pub overall: u8,
    pub channel: String,
    pub comment: Option<String>,
    /// Flagged as misuse or voided: counted apart, not announced as a rating.
    pub set_apart: bool,
}

const UPSERT: &str = "ON CONFLICT (unit_id, dimension, grain, period, member, label, level) \
                      DO UPDATE SET n = rollups.n + excluded.n";

impl Store {
    /// A subtree's counts per member of `dimension` over `spans` (or of one `member` only).
    pub async fn rollup_totals(
        &self,
        unit_id: UnitId,
        dimension: Dimension,
        spans: &[Span],
        member: Option<i64>,
    ) -> StoreResult<Vec<Tally>> {
        if spans.is_empty() {
            return Ok(vec![]);
        }
        let mut sql = Sql::new("SELECT member, label, level, CAST(SUM(n) AS BIGINT) FROM (");
        span_rows(&mut sql, spans, "member, label, level", (unit_id, dimension, member));
        sql.push(") x GROUP BY member, label, level");
        let rows: Vec<(i64, String, i64, i64)> = sql.query_as().fetch_all(&self.pool).await?;
        let mut tallies: BTreeMap<(i64, String), LevelCounts> = BTreeMap::new();
        for (member, label, level, n) in rows {
            add(tallies.entry((member, label)).or_default(), level, n);
        }
        Ok(tallies.into_iter().map(|((member, label), counts)| Tally { member, label, counts }).collect())
    }

    /// The counted responses of each unit's subtree over `spans`, in one statement: the table of the units
    /// beneath a unit.
    pub async fn rollup_totals_by_unit(
        &self,
        unit_ids: &[UnitId],
        spans: &[Span],
    ) -> StoreResult<Vec<(UnitId, LevelCounts)>> {
        if unit_ids.is_empty() || spans.is_empty() {
            return Ok(vec![]);
        }
        let mut sql = Sql::new("SELECT unit_id, level, CAST(SUM(n) AS BIGINT) FROM (");
        let units = sql.params(unit_ids.iter().copied());
        for (i, span) in spans.iter().enumerate() {
            sql.push(if i > 0 { " UNION ALL " } else { "" });
            sql.push(&format!(
                "SELECT unit_id, level, n FROM rollups WHERE unit_id IN ({units}) AND dimension = 'all' \
                 AND grain = {} AND period BETWEEN ",
                span.grain.code()
            ));
            sql.bind(span.first).push(" AND ").bind(span.last);
        }
        sql.push(") x GROUP BY unit_id, level");
        let rows: Vec<(i64, i64, i64)> = sql.query_as().fetch_all(&self.pool).await?;
        let mut totals: BTreeMap<UnitId, LevelCounts> = BTreeMap::new();
        for (unit, level, n) in rows {
            add(totals.entry(UnitId::new(unit)).or_default(), level, n);
        }
        Ok(totals.into_iter().collect())
    }

    /// A subtree's counts of `dimension` (or of one `member`) per bucket of `spans`, for a trend.
    pub async fn rollup_series(
        &self,
        unit_id: UnitId,
        dimension: Dimension,
        spans: &[Span],
        member: Option<i64>,
    ) -> StoreResult<Vec<Bucket>> {
        if spans.is_empty() {
            return Ok(vec![]);
        }
        let mut sql = Sql::new("SELECT grain, period, level, CAST(SUM(n) AS BIGINT) FROM (");
        span_rows(&mut sql, spans, "grain, period, level", (unit_id, dimension, member));
        sql.push(") x GROUP BY grain, period, level");
        let rows: Vec<(i64, i64, i64, i64)> = sql.query_as().fetch_all(&self.pool).await?;
        let mut buckets: BTreeMap<(i64, i64), LevelCounts> = BTreeMap::new();
        for (grain, period, level, n) in rows {
            add(buckets.entry((grain, period)).or_default(), level, n);
        }
        Ok(buckets
            .into_iter()
            .filter_map(|((grain, period), counts)| Some(Bucket { grain: Grain::of_code(grain)?, period, counts }))
            .collect())
    }

    /// Counts up to `limit` queued responses, and every receipt rating whose day has closed by `now` (its daily
    /// release, all in one batch: split by id, the release would tell earlier arrivals from later ones), into the
    /// rollups and takes them off the queue, in one transaction; returns them (with their units' chains and names)
    /// for announcing. Several instances may count at once: each takes other rows (PostgreSQL skips the ones
    /// another has locked).
    pub async fn count_queued(&self, limit: i64, now: Timestamp) -> StoreResult<Vec<CountedRating>> {
        let mut tx = self.writer.begin().await?;
        let skip_locked = if self.backend == Backend::Postgres {
            // A unit moving (which moves counts) waits for this batch, and this batch for it.
            sqlx::query("LOCK TABLE rollups IN ROW EXCLUSIVE MODE").execute(&mut *tx).await?;
            " FOR UPDATE SKIP LOCKED"
        } else {
            ""
        };
        let mut ids: Vec<i64> = sqlx::query_scalar(&format!(
            "DELETE FROM rollup_queue WHERE response_id IN \
             (SELECT response_id FROM rollup_queue WHERE release_at = 0 ORDER BY response_id LIMIT $1{skip_locked}) \
             OR response_id IN (SELECT response_id FROM rollup_queue WHERE release_at > 0 AND release_at <= $2{skip_locked}) \
             RETURNING response_id"
        ))
        .bind(limit)
        .bind(now.millis())
        .fetch_all(&mut *tx)
        .await?;
        ids.sort_unstable();
        let (Some(first), Some(last)) = (ids.first().copied(), ids.last().copied()) else { return Ok(vec![]) };
        let mut batch = responses_between(&mut tx, first - 1, last, i64::MAX).await?;
        batch.retain(|r| ids.binary_search(&r.id).is_ok());
        let (chains, names) = chains(&mut tx).await?;
        let mut changes = RollupChanges::default();
        changes.count(&chains, batch.iter().map(|r| (r.unit_id, r.facts())));
        write_keys(&mut tx, changes).await?;
        tx.commit().await?;
        Ok(batch
            .into_iter()
            .map(|r| CountedRating {
                chain: chains.get(&r.unit_id).cloned().unwrap_or_default(),
                unit: names.get(&r.unit_id).cloned().unwrap_or_default(),
                id: r.id,
                unit_id: r.unit_id,
                submitted_at: r.submitted_at,
                official_id: r.official_id,
                overall: r.overall,
                channel: r.channel,
                comment: r.comment,
                set_apart: r.misuse || r.voided,
            })
            .collect())
    }

    /// The subtree's counted ratings in the local hours from the one holding `from_ms` to now (a low-index rule's
    /// window, to the hour): read from the hours of each day in the rollups, not from the responses — a province's
    /// week is some 700 rows rather than a hundred thousand ratings.
    pub async fn counts_since(&self, unit_id: UnitId, from_ms: i64) -> StoreResult<LevelCounts> {
        let rows: Vec<(i64, i64, i64, i64)> = sqlx::query_as(
            "SELECT period, member, level, n FROM rollups \
             WHERE unit_id = $1 AND dimension = $2 AND grain = $3 AND period >= $4",
        )
        .bind(unit_id.get())
        .bind(Dimension::HourOfWeek.key())
        .bind(Grain::Day.code())
        .bind(local_day(from_ms))
        .fetch_all(&self.pool)
        .await?;
        let first_hour = from_ms - from_ms.rem_euclid(HOUR_MS);
        let mut counts = LevelCounts::default();
        for (day, hour, level, n) in rows {
            if hour_start(day, hour) >= first_hour {
                add(&mut counts, level, n);
            }
        }
        Ok(counts)
    }

    /// How many stored responses wait to be counted (rows a counting batch holds, and receipt ratings held for
    /// their day's release, included).
    pub async fn rollup_queue_length(&self) -> StoreResult<i64> {
        Ok(sqlx::query_scalar("SELECT COUNT(*) FROM rollup_queue").fetch_one(&self.pool).await?)
    }

    /// The unit and every unit above it, nearest first.
    pub async fn unit_chain(&self, unit_id: UnitId) -> StoreResult<Vec<UnitId>> {
        let mut conn = self.pool.acquire().await?;
        ancestors(&mut conn, Some(unit_id)).await
    }

    /// Whether rollups are missing for stored responses (a database from before rollups existed).
    pub async fn rollups_missing(&self) -> StoreResult<bool> {
        let responses: Option<i64> =
            sqlx::query_scalar("SELECT id FROM responses LIMIT 1").fetch_optional(&self.pool).await?;
        let rollups: Option<i64> =
            sqlx::query_scalar("SELECT n FROM rollups LIMIT 1").fetch_optional(&self.pool).await?;
        Ok(responses.is_some() && rollups.is_none())
    }
}

/// Moves a subtree's counts when its root changes parent: taken from the old ancestors, added to the new ones.
pub(super) async fn move_subtree(
    conn: &mut AnyConnection,
    unit_id: UnitId,
    from: &[UnitId],
    to: &[UnitId],
) -> StoreResult<()> {
    let sql = format!(
        "INSERT INTO rollups (unit_id, dimension, grain, period, member, label, level, n) \
         SELECT $1, dimension, grain, period, member, label, level, n * $2 FROM rollups WHERE unit_id = $3 {UPSERT}"
    );
    for (ancestors, sign) in [(from, -1_i64), (to, 1)] {
        for ancestor in ancestors {
            sqlx::query(&sql).bind(ancestor.get()).bind(sign).bind(unit_id.get()).execute(&mut *conn).await?;
        }
    }
    sqlx::query("DELETE FROM rollups WHERE n = 0").execute(&mut *conn).await?;
    Ok(())
}

/// PostgreSQL: a unit about to move waits for the batch being counted, and the next batch waits for the move,
/// so no batch counts under the tree of before the move into rows moved after it. (SQLite has one writer.)
pub(super) async fn hold_counting(conn: &mut AnyConnection) -> StoreResult<()> {
    if conn.backend_name() == "PostgreSQL" {
        sqlx::query("LOCK TABLE rollups IN SHARE ROW EXCLUSIVE MODE").execute(conn).await?;
    }
    Ok(())
}

/// `unit` and every unit above it (none for no unit), walked in the database.
pub(super) async fn ancestors(conn: &mut AnyConnection, unit: Option<UnitId>) -> StoreResult<Vec<UnitId>> {
    let Some(unit) = unit else { return Ok(vec![]) };
    let ids: Vec<i64> =
        sqlx::query_scalar(&format!("{CHAIN} SELECT id FROM chain")).bind(unit.get()).fetch_all(conn).await?;
    Ok(ids.into_iter().map(UnitId::new).collect())
}

/// The whole unit tree as `(id, parent)` pairs.
pub(super) async fn unit_nodes(conn: &mut AnyConnection) -> StoreResult<Vec<(UnitId, Option<UnitId>)>> {
    let rows: Vec<(i64, Option<i64>)> = sqlx::query_as("SELECT id, parent_id FROM units").fetch_all(conn).await?;
    Ok(rows.into_iter().map(|(id, parent)| (UnitId::new(id), parent.map(UnitId::new))).collect())
}

/// Rows per INSERT of rollup counts on SQLite. Small on purpose: sqlx-sqlite looks up each `$n` by name, a scan of
/// the statement's parameters, so binding costs grow with the square of a statement's size: with 8,000 parameters a
/// rebuild spent 85 % of its time there, with 800 still 37 %; 200 are a fair trade against more statements.
const WRITE_CHUNK: usize = 25;
/// PostgreSQL binds by position: a batch's keys go in a few statements rather than one per 25 rows, each a round
/// trip to the server.
const WRITE_CHUNK_PG: usize = 500;

/// Every unit's chain (itself and its ancestors) and name, read in the counting transaction.
async fn chains(conn: &mut AnyConnection) -> StoreResult<(HashMap<UnitId, Vec<UnitId>>, HashMap<UnitId, String>)> {
    let units: Vec<(i64, Option<i64>, String)> =
        sqlx::query_as("SELECT id, parent_id, name FROM units").fetch_all(&mut *conn).await?;
    let nodes: Vec<(UnitId, Option<UnitId>)> =
        units.iter().map(|(id, parent, _)| (UnitId::new(*id), parent.map(UnitId::new))).collect();
    let chains = nodes.iter().map(|(id, _)| (*id, unit_tree::chain(&nodes, *id))).collect();
    Ok((chains, units.into_iter().map(|(id, _, name)| (UnitId::new(id), name)).collect()))
}

pub(super) async fn write_keys(conn: &mut AnyConnection, changes: RollupChanges) -> StoreResult<()> {
    let rows = changes.into_rows();
    let chunk_rows = if conn.backend_name() == "PostgreSQL" { WRITE_CHUNK_PG } else { WRITE_CHUNK };
    for chunk in rows.chunks(chunk_rows) {
        let mut sql =
            Sql::new("INSERT INTO rollups (unit_id, dimension, grain, period, member, label, level, n) VALUES ");
        sql.bind_rows(chunk, |(key, n)| -> [Value; 8] {
            [
                key.unit.into(),
                key.dimension.key().into(),
                key.grain.code().into(),
                key.period.into(),
                key.member.into(),
                key.label.as_str().into(),
                i64::from(key.level).into(),
                (*n).into(),
            ]
        });
        sql.push(" ").push(UPSERT);
        sql.query().execute(&mut *conn).await?;
    }
    Ok(())
}

/// A stored response as counting reads it.
pub(super) struct Counted {
    id: i64,
    pub(super) unit_id: UnitId,
    pub(super) submitted_at: Timestamp,
    counter_id: Option<CounterId>,
    official_id: Option<OfficialId>,
    procedure_id: Option<ProcedureId>,
    channel: String,
    overall: u8,
    /// Flagged, and not restored by a manager.
    pub(super) misuse: bool,
    pub(super) voided: bool,
    comment: Option<String>,
    answers: Vec<(String, u8)>,
    reasons: Vec<String>,
    on_time: Option<bool>,
}

impl FromRow<'_, AnyRow> for Counted {
    /// The response's row; its answers and reasons are read apart (`responses_between`).
    fn from_row(row: &AnyRow) -> sqlx::Result<Counted> {
        let misuse = row.try_get::<Option<String>, _>("misuse")?.is_some();
        let restored = row.try_get::<Option<i64>, _>("restored")?.is_some();
        Ok(Counted {
            id: row.try_get("id")?,
            unit_id: UnitId::new(row.try_get("unit_id")?),
            submitted_at: Timestamp::from_millis(row.try_get("submitted_at")?),
            counter_id: row.try_get::<Option<i64>, _>("counter_id")?.map(CounterId::new),
            official_id: row.try_get::<Option<i64>, _>("official_id")?.map(OfficialId::new),
            procedure_id: row.try_get::<Option<i64>, _>("procedure_id")?.map(ProcedureId::new),
            channel: row.try_get("channel")?,
            overall: u8::try_from(row.try_get::<i64, _>("overall")?).unwrap_or_default(),
            misuse: misuse && !restored,
            voided: row.try_get::<Option<i64>, _>("voided")?.is_some(),
            comment: row.try_get("comment")?,
            answers: vec![],
            reasons: vec![],
            on_time: row.try_get::<Option<i64>, _>("on_time")?.map(|flag| flag == 1),
        })
    }
}

impl Counted {
    pub(super) fn facts(&self) -> Facts<'_> {
        Facts {
            submitted_at: self.submitted_at.millis(),
            counter_id: self.counter_id,
            official_id: self.official_id,
            procedure_id: self.procedure_id,
            channel: &self.channel,
            overall: self.overall,
            answers: &self.answers,
            reasons: &self.reasons,
            apart: SetApart::of(self.misuse, self.voided),
            on_time: self.on_time,
        }
    }
}

/// Up to `limit` responses with ids in `(after, to]`, by id, with their answers, reasons and whether voided or
/// restored.
pub(super) async fn responses_between(
    conn: &mut AnyConnection,
    after: i64,
    to: i64,
    limit: i64,
) -> StoreResult<Vec<Counted>> {
    let mut rows: Vec<Counted> = sqlx::query_as(
        "SELECT r.id, unit_id, submitted_at, counter_id, official_id, procedure_id, channel, overall, \
         COALESCE(r.misuse_rule, l.rule) AS misuse, m.response_id AS restored, v.response_id AS voided, comment, \
         on_time FROM responses r \
         LEFT JOIN response_voids v ON v.response_id = r.id LEFT JOIN misuse_later l ON l.response_id = r.id \
         LEFT JOIN misuse_reviews m ON m.response_id = r.id AND m.decision = 'restore' \
         WHERE r.id > $1 AND r.id <= $2 ORDER BY r.id LIMIT $3",
    )
    .bind(after)
    .bind(to)
    .bind(limit)
    .fetch_all(&mut *conn)
    .await?;
    let Some(last) = rows.last().map(|r| r.id) else { return Ok(vec![]) };
    let answers: Vec<(i64, String, i64)> = sqlx::query_as(
        "SELECT response_id, question_key, level FROM response_answers WHERE response_id > $1 AND response_id <= $2",
    )
    .bind(after)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    let reasons: Vec<(i64, String)> = sqlx::query_as(
        "SELECT response_id, reason_key FROM response_reasons WHERE response_id > $1 AND response_id <= $2",
    )
    .bind(after)
    .bind(last)
    .fetch_all(&mut *conn)
    .await?;
    let mut answers_of: HashMap<i64, Vec<(String, u8)>> = HashMap::new();
    for (id, key, level) in answers {
        answers_of.entry(id).or_default().push((key, u8::try_from(level).unwrap_or_default()));
    }
    let mut reasons_of: HashMap<i64, Vec<String>> = HashMap::new();
    for (id, key) in reasons {
        reasons_of.entry(id).or_default().push(key);
    }
    for response in &mut rows {
        response.answers = answers_of.remove(&response.id).unwrap_or_default();
        response.reasons = reasons_of.remove(&response.id).unwrap_or_default();
    }
    Ok(rows)
}

/// Appends the rows of a unit's dimension (one member, or any) in each span, one range scan of the primary key per
/// span (`UNION ALL`: an `OR` of the spans would scan every bucket of the dimension).
fn span_rows(
    sql: &mut Sql,
    spans: &[Span],
    columns: &str,
    (unit, dimension, member): (UnitId, Dimension, Option<i64>),
) {
    let (unit, dimension, member) = (sql.param(unit), sql.param(dimension.key()), sql.param(member.unwrap_or(0)));
    for (i, span) in spans.iter().enumerate() {
        sql.push(if i > 0 { " UNION ALL " } else { "" });
        sql.push(&format!(
            "SELECT {columns}, n FROM rollups WHERE unit_id = {unit} AND dimension = {dimension} AND grain = {} \
             AND ({member} = 0 OR member = {member}) AND period BETWEEN ",
            span.grain.code()
        ));
        sql.bind(span.first).push(" AND ").bind(span.last);
    }
}

fn add(counts: &mut LevelCounts, level: i64, n: i64) {
    let n = u64::try_from(n).unwrap_or_default();
    let slot = match Level::from_score(level) {
        Some(Level::VeryGood) => &mut counts.very_good,
        Some(Level::Good) => &mut counts.good,
        Some(Level::Fair) => &mut counts.fair,
        Some(Level::Poor) => &mut counts.poor,
        None => return,
    };
    *slot = slot.saturating_add(n);
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn each_span_is_its_own_range_scan() {
        let spans = [Span { grain: Grain::Day, first: 1, last: 2 }, Span { grain: Grain::Month, first: 3, last: 4 }];
        let mut sql = Sql::default();
        span_rows(&mut sql, &spans, "level", (UnitId::new(7), Dimension::All, None));
        let text = sql.text();
        assert_eq!(text.matches("SELECT level, n FROM rollups WHERE unit_id = $1 AND dimension = $2").count(), 2);
        assert!(text.contains("grain = 0 AND ($3 = 0 OR member = $3) AND period BETWEEN $4 AND $5 UNION ALL"));
        assert!(text.ends_with("grain = 1 AND ($3 = 0 OR member = $3) AND period BETWEEN $6 AND $7"));
    }
}
