//! Aggregates for dashboards and the API: counts per level, grouped as asked. The index arithmetic on
//! top of these counts lives in `domain::index`; the store only counts.

use std::collections::BTreeMap;

use serde::Serialize;

use super::{placeholders, Store, StoreResult};
use crate::domain::index::LevelCounts;
use crate::domain::rating::Level;

/// Which responses a figure covers: some units (usually a subtree) over a half-open time range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    pub unit_ids: Vec<i64>,
    pub from_ms: i64,
    pub to_ms: i64,
    /// Only this official's responses (an official looking at their own ratings).
    pub official_id: Option<i64>,
}

/// Counts of one group (an official, a procedure, a counter, a day…).
#[derive(Clone, Debug, PartialEq, Eq, Serialize)]
pub struct GroupCounts {
    pub key: i64,
    pub counts: LevelCounts,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentRow {
    pub submitted_at: i64,
    pub overall: u8,
    pub comment: String,
    pub unit_id: i64,
    pub counter_id: Option<i64>,
    pub official_id: Option<i64>,
    pub procedure_id: Option<i64>,
}

/// One response as the API lists it: when and where, how it came, how it rated. No comment, phone or client hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseRow {
    pub id: i64,
    pub submitted_at: i64,
    pub received_at: Option<i64>,
    pub device_at: Option<i64>,
    pub channel: String,
    pub overall: u8,
    pub counter_id: Option<i64>,
    pub official_id: Option<i64>,
    pub procedure_id: Option<i64>,
    pub misuse_rule: Option<String>,
}

/// A column responses can be grouped by. A closed set, so no caller text ever reaches the SQL.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum GroupBy {
    Official,
    Procedure,
    Counter,
    Unit,
}

impl GroupBy {
    fn column(self) -> &'static str {
        match self {
            GroupBy::Official => "official_id",
            GroupBy::Procedure => "procedure_id",
            GroupBy::Counter => "counter_id",
            GroupBy::Unit => "unit_id",
        }
    }
}

impl Store {
    /// Counts of the overall question (every response answers it).
    pub async fn overall_counts(&self, scope: &Scope) -> StoreResult<LevelCounts> {
        let sql =
            format!("SELECT 0, overall, COUNT(*) FROM responses r WHERE {} GROUP BY overall", scope_filter(scope));
        let rows = bind_scope(sqlx::query_as(&sql), scope).fetch_all(&self.pool).await?;
        Ok(fold::<i64>(rows).remove(&0).unwrap_or_default())
    }

    /// Counts per group; responses without that dimension (no official, no procedure) are left out.
    pub async fn counts_by(&self, scope: &Scope, group: GroupBy) -> StoreResult<Vec<GroupCounts>> {
        let column = group.column();
        let sql = format!(
            "SELECT {column}, overall, COUNT(*) FROM responses r WHERE {} AND {column} IS NOT NULL \
             GROUP BY {column}, overall",
            scope_filter(scope)
        );
        let rows = bind_scope(sqlx::query_as(&sql), scope).fetch_all(&self.pool).await?;
        Ok(grouped(fold(rows)))
    }

    /// Counts per local calendar day: `day = (submitted_at + utc_offset_ms) / 86 400 000` (days since epoch).
    /// Asia/Ho_Chi_Minh has a fixed +7 h offset with no daylight saving, so one offset serves a whole range.
    pub async fn daily_counts(&self, scope: &Scope, utc_offset_ms: i64) -> StoreResult<Vec<GroupCounts>> {
        let sql = format!(
            "SELECT (submitted_at + {utc_offset_ms}) / 86400000 AS day, overall, COUNT(*) FROM responses r \
             WHERE {} GROUP BY day, overall",
            scope_filter(scope)
        );
        let rows = bind_scope(sqlx::query_as(&sql), scope).fetch_all(&self.pool).await?;
        Ok(grouped(fold(rows)))
    }

    /// Counts per question of the questionnaire (factor or criterion questions; the overall one is apart).
    pub async fn answer_counts(&self, scope: &Scope) -> StoreResult<BTreeMap<String, LevelCounts>> {
        let sql = format!(
            "SELECT a.question_key, a.level, COUNT(*) FROM response_answers a \
             JOIN responses r ON r.id = a.response_id WHERE {} GROUP BY a.question_key, a.level",
            scope_filter(scope)
        );
        let rows = bind_scope(sqlx::query_as(&sql), scope).fetch_all(&self.pool).await?;
        Ok(fold(rows))
    }

    /// How many times each reason chip was picked.
    pub async fn reason_counts(&self, scope: &Scope) -> StoreResult<Vec<(String, i64)>> {
        let sql = format!(
            "SELECT x.reason_key, COUNT(*) AS n FROM response_reasons x \
             JOIN responses r ON r.id = x.response_id WHERE {} GROUP BY x.reason_key ORDER BY n DESC",
            scope_filter(scope)
        );
        Ok(bind_scope(sqlx::query_as(&sql), scope).fetch_all(&self.pool).await?)
    }

    /// How many of the scope's responses were flagged as misuse (repeat presses): shown apart, counted nowhere else.
    pub async fn misuse_count(&self, scope: &Scope) -> StoreResult<i64> {
        let sql =
            format!("SELECT COUNT(*) FROM responses r WHERE {}", responses_in(scope, "r.misuse_rule IS NOT NULL"));
        let (count,): (i64,) = bind_scope(sqlx::query_as(&sql), scope).fetch_one(&self.pool).await?;
        Ok(count)
    }

    /// The newest responses of the scope, flagged ones included (with their rule).
    pub async fn recent_responses(&self, scope: &Scope, limit: i64) -> StoreResult<Vec<ResponseRow>> {
        let sql = format!(
            "SELECT id, submitted_at, received_at, device_at, channel, overall, counter_id, official_id, procedure_id, \
             misuse_rule FROM responses r WHERE {} ORDER BY submitted_at DESC, id DESC LIMIT {}",
            responses_in(scope, "1 = 1"),
            limit.clamp(1, 500)
        );
        Ok(bind_scope(sqlx::query_as(&sql), scope).fetch_all(&self.pool).await?)
    }

    /// The newest responses that carry a comment.
    pub async fn latest_comments(&self, scope: &Scope, limit: i64) -> StoreResult<Vec<CommentRow>> {
        let sql = format!(
            "SELECT submitted_at, overall, comment, unit_id, counter_id, official_id, procedure_id \
             FROM responses r WHERE {} AND comment IS NOT NULL ORDER BY submitted_at DESC, id DESC LIMIT {}",
            scope_filter(scope),
            limit.clamp(1, 500)
        );
        Ok(bind_scope(sqlx::query_as(&sql), scope).fetch_all(&self.pool).await?)
    }
}

/// `$1` and `$2` are the time range, `$3` the official if any; the unit ids follow. Responses flagged as misuse
/// are left out of every figure.
fn scope_filter(scope: &Scope) -> String {
    responses_in(scope, "r.misuse_rule IS NULL")
}

/// The scope's responses that also meet `condition`.
fn responses_in(scope: &Scope, condition: &str) -> String {
    if scope.unit_ids.is_empty() {
        return "1 = 0".to_owned();
    }
    let (official, first_unit) = match scope.official_id {
        Some(_) => (" AND r.official_id = $3", 4),
        None => ("", 3),
    };
    format!(
        "r.submitted_at >= $1 AND r.submitted_at < $2{official} AND {condition} AND r.unit_id IN ({})",
        placeholders(first_unit, scope.unit_ids.len())
    )
}

fn bind_scope<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    scope: &Scope,
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    if scope.unit_ids.is_empty() {
        return query;
    }
    let mut query = query.bind(scope.from_ms).bind(scope.to_ms);
    if let Some(official) = scope.official_id {
        query = query.bind(official);
    }
    scope.unit_ids.iter().fold(query, |q, id| q.bind(*id))
}

/// Folds `(group, level, count)` rows into counts per group; levels outside 1–4 cannot be stored (CHECK).
fn fold<K: Ord>(rows: Vec<(K, i64, i64)>) -> BTreeMap<K, LevelCounts> {
    let mut groups: BTreeMap<K, LevelCounts> = BTreeMap::new();
    for (key, level, count) in rows {
        if let Some(level) = Level::from_score(level) {
            let counts = groups.entry(key).or_default();
            let slot = match level {
                Level::VeryGood => &mut counts.very_good,
                Level::Good => &mut counts.good,
                Level::Fair => &mut counts.fair,
                Level::Poor => &mut counts.poor,
            };
            *slot += u64::try_from(count).unwrap_or_default();
        }
    }
    groups
}

fn grouped(groups: BTreeMap<i64, LevelCounts>) -> Vec<GroupCounts> {
    groups.into_iter().map(|(key, counts)| GroupCounts { key, counts }).collect()
}
