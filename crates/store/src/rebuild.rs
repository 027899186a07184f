//! Recounting every rollup from the stored responses, in the database: one `INSERT … SELECT … GROUP BY` per
//! dimension for the day buckets, then the month buckets summed from the days. The database does the counting (a
//! province-year of ten million responses is minutes, not an hour of row-by-row work in Rust); the arithmetic is
//! the same as `domain::rollup` (local days at +07:00, Monday-first hours of the week), and the rollups-vs-recount
//! test holds both to a plain count.

use super::rollups::unit_nodes;
use super::sql::Sql;
use super::{Backend, Store, StoreResult};
use hailong_domain::period::LOCAL_UTC_OFFSET_MS;
use hailong_domain::release::RECEIPT;
use hailong_domain::rollup::{month_of_day, Dimension, DAY_MS, HOUR_MS};
use hailong_domain::unit_tree;

/// Rows per INSERT of the helper tables.
const CHUNK: usize = 200;

/// What a dimension counts, as SQL over `r` (the response, with `r.day` its local day) and, for questions and
/// reasons, `x` (the answer or reason joined in).
struct Counting {
    member: String,
    label: &'static str,
    level: &'static str,
    join: &'static str,
    /// Which responses.
    filter: String,
}

/// Which responses the figures count, over [`responses_as_they_stand`].
pub(super) const COUNTED: &str = "(r.misuse_rule IS NULL OR r.restored) AND NOT r.voided";

/// The responses with their local day and whether voided, flagged or restored, receipt ratings still held for their
/// day's release left out (that release counts them).
pub(super) fn responses_as_they_stand() -> String {
    format!(
        "SELECT r.id, r.unit_id, r.submitted_at, r.counter_id, r.official_id, r.procedure_id, r.channel, \
         r.overall, COALESCE(r.misuse_rule, l.rule) AS misuse_rule, r.on_time, ((r.submitted_at + {LOCAL_UTC_OFFSET_MS}) / {DAY_MS}) AS day, \
         (v.response_id IS NOT NULL) AS voided, (m.response_id IS NOT NULL) AS restored FROM responses r \
         LEFT JOIN response_voids v ON v.response_id = r.id LEFT JOIN misuse_later l ON l.response_id = r.id \
         LEFT JOIN misuse_reviews m ON m.response_id = r.id AND m.decision = 'restore' \
         WHERE NOT EXISTS (SELECT 1 FROM rollup_queue q WHERE q.response_id = r.id AND q.release_at > 0)"
    )
}

fn counted(dimension: Dimension) -> Counting {
    let plain = |member: &str, label| Counting {
        member: member.to_owned(),
        label,
        level: "r.overall",
        join: "",
        filter: COUNTED.to_owned(),
    };
    let of_column =
        |column: &str| Counting { filter: format!("{column} IS NOT NULL AND {COUNTED}"), ..plain(column, "''") };
    let joined = |join, label, level| Counting { join, level, ..plain("0", label) };
    let apart = |filter: &str| Counting { filter: filter.to_owned(), ..plain("0", "''") };
    match dimension {
        Dimension::All => plain("0", "''"),
        Dimension::Counter => of_column("r.counter_id"),
        Dimension::Official => of_column("r.official_id"),
        Dimension::Procedure => of_column("r.procedure_id"),
        Dimension::Channel => plain("0", "r.channel"),
        Dimension::HourOfWeek => Counting {
            filter: format!("r.channel <> '{RECEIPT}' AND {COUNTED}"),
            ..plain(
                &format!("((r.day + 3) % 7) * 24 + ((r.submitted_at + {LOCAL_UTC_OFFSET_MS}) % {DAY_MS}) / {HOUR_MS}"),
                "''",
            )
        },
        Dimension::Question => joined("JOIN response_answers x ON x.response_id = r.id", "x.question_key", "x.level"),
        Dimension::Reason => joined("JOIN response_reasons x ON x.response_id = r.id", "x.reason_key", "r.overall"),
        Dimension::Misuse => apart("r.misuse_rule IS NOT NULL AND NOT r.restored AND NOT r.voided"),
        Dimension::Void => apart("r.voided"),
        Dimension::Timeliness => of_column("r.on_time"),
    }
}

impl Store {
    /// Recounts every rollup from the stored responses, in one transaction: a rating that arrives meanwhile waits
    /// and is counted once, after. Returns how many responses there are.
    pub async fn rebuild_rollups(&self) -> StoreResult<i64> {
        let mut tx = self.writer.begin().await?;
        if self.backend == Backend::Postgres {
            // One snapshot for every statement below: a rating stored meanwhile is in none of them and keeps its
            // place in the queue. Writers of rollups wait for the recount rather than add to rows being replaced.
            sqlx::query("SET TRANSACTION ISOLATION LEVEL REPEATABLE READ").execute(&mut *tx).await?;
            sqlx::query("LOCK TABLE rollups IN EXCLUSIVE MODE").execute(&mut *tx).await?;
        }
        sqlx::query("DELETE FROM rollups").execute(&mut *tx).await?;
        // Everything in the snapshot is counted here, so none of it may be counted again from the queue — but for
        // receipt ratings still held for their day's release, which that release counts (and announces).
        sqlx::query("DELETE FROM rollup_queue WHERE response_id <= (SELECT MAX(id) FROM responses) AND release_at = 0")
            .execute(&mut *tx)
            .await?;
        // Helper tables: each unit with itself and every unit above it, and each day with its month.
        sqlx::query("CREATE TEMPORARY TABLE rebuild_chain (unit_id BIGINT NOT NULL, ancestor_id BIGINT NOT NULL)")
            .execute(&mut *tx)
            .await?;
        sqlx::query("CREATE TEMPORARY TABLE rebuild_month (day BIGINT PRIMARY KEY, month BIGINT NOT NULL)")
            .execute(&mut *tx)
            .await?;
        let nodes = unit_nodes(&mut tx).await?;
        let pairs: Vec<(i64, i64)> = nodes
            .iter()
            .flat_map(|(id, _)| {
                unit_tree::chain(&nodes, *id).into_iter().map(move |ancestor| (id.get(), ancestor.get()))
            })
            .collect();
        insert_pairs(&mut tx, "rebuild_chain (unit_id, ancestor_id)", &pairs).await?;
        let (first, last): (Option<i64>, Option<i64>) =
            sqlx::query_as("SELECT MIN(submitted_at), MAX(submitted_at) FROM responses").fetch_one(&mut *tx).await?;
        if let (Some(first), Some(last)) = (first, last) {
            let day = |ms: i64| (ms + LOCAL_UTC_OFFSET_MS).div_euclid(DAY_MS);
            let months: Vec<(i64, i64)> =
                (day(first)..=day(last)).filter_map(|d| month_of_day(d).map(|m| (d, m))).collect();
            insert_pairs(&mut tx, "rebuild_month (day, month)", &months).await?;
        }
        // Read once per dimension.
        let responses = responses_as_they_stand();
        for dimension in Dimension::ALL {
            let Counting { member, label, level, join, filter } = counted(dimension);
            // Constants stay out of GROUP BY (both databases read a number there as a column's position).
            let grouped: Vec<&str> =
                [member.as_str(), label, level].into_iter().filter(|e| *e != "0" && *e != "''").collect();
            let grouped = grouped.join(", ");
            let sql = format!(
                "INSERT INTO rollups (unit_id, dimension, grain, period, member, label, level, n) \
                 SELECT c.ancestor_id, '{key}', 0, r.day, {member}, {label}, {level}, COUNT(*) \
                 FROM ({responses}) r {join} JOIN rebuild_chain c ON c.unit_id = r.unit_id WHERE {filter} \
                 GROUP BY c.ancestor_id, r.day, {grouped}",
                key = dimension.key(),
            );
            sqlx::query(&sql).execute(&mut *tx).await?;
        }
        sqlx::query(
            "INSERT INTO rollups (unit_id, dimension, grain, period, member, label, level, n) \
             SELECT d.unit_id, d.dimension, 1, m.month, d.member, d.label, d.level, SUM(d.n) \
             FROM rollups d JOIN rebuild_month m ON m.day = d.period WHERE d.grain = 0 \
             GROUP BY d.unit_id, d.dimension, m.month, d.member, d.label, d.level",
        )
        .execute(&mut *tx)
        .await?;
        sqlx::query(WEEKS_FROM_DAYS).execute(&mut *tx).await?;
        sqlx::query("DROP TABLE rebuild_chain").execute(&mut *tx).await?;
        sqlx::query("DROP TABLE rebuild_month").execute(&mut *tx).await?;
        let counted: i64 = sqlx::query_scalar("SELECT COUNT(*) FROM responses").fetch_one(&mut *tx).await?;
        tx.commit().await?;
        Ok(counted)
    }
}

/// Week rows summed from day rows: `period - (period + 3) % 7` is `domain::rollup::week_of_day` for the days
/// after 1970 that responses have. Migration 0011 sums the weeks of rollups counted before weeks the same way.
const WEEKS_FROM_DAYS: &str = "INSERT INTO rollups (unit_id, dimension, grain, period, member, label, level, n) \
    SELECT unit_id, dimension, 2, period - (period + 3) % 7, member, label, level, SUM(n) FROM rollups \
    WHERE grain = 0 GROUP BY unit_id, dimension, period - (period + 3) % 7, member, label, level";

async fn insert_pairs(conn: &mut sqlx::AnyConnection, table: &str, pairs: &[(i64, i64)]) -> StoreResult<()> {
    for chunk in pairs.chunks(CHUNK) {
        let mut sql = Sql::new(&format!("INSERT INTO {table} VALUES "));
        sql.bind_rows(chunk, |&(a, b)| [a, b]);
        sql.query().execute(&mut *conn).await?;
    }
    Ok(())
}
