//! Single responses, newest first: the comment feed and the API's list. Figures come from the rollups.
//!
//! A receipt rating is in no list until its day's release, is placed at the start of its day, and among the day's
//! receipt ratings by what it says rather than by id (decision 013): where it stands says nothing of its arrival.

use hailong_domain::time::Timestamp;
use std::collections::HashMap;

use super::sql::Sql;
use super::{Store, StoreResult, SUBTREE};
use hailong_domain::ids::{CounterId, OfficialId, ProcedureId, ResponseId, UnitId};
use hailong_domain::period::LOCAL_UTC_OFFSET_MS;
use hailong_domain::release::{shown_at, RECEIPT};
use hailong_domain::rollup::DAY_MS;

/// Which responses a list covers: a unit's subtree over a half-open time range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// The subtree's root; the subtree is walked in the database.
    pub unit_id: UnitId,
    pub from_ms: i64,
    pub to_ms: i64,
    /// Only this official's responses (an official looking at their own ratings).
    pub official_id: Option<OfficialId>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentRow {
    pub id: ResponseId,
    pub submitted_at: Timestamp,
    pub channel: String,
    pub overall: u8,
    pub comment: String,
    pub unit_id: UnitId,
    pub counter_id: Option<CounterId>,
    pub official_id: Option<OfficialId>,
    pub procedure_id: Option<ProcedureId>,
}

/// One response as the API lists it: when and where, how it came, how it rated. No comment, phone or client hash.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct ResponseRow {
    pub id: ResponseId,
    pub unit_id: UnitId,
    pub submitted_at: Timestamp,
    pub received_at: Option<Timestamp>,
    pub device_at: Option<Timestamp>,
    pub channel: String,
    pub overall: u8,
    pub counter_id: Option<CounterId>,
    pub official_id: Option<OfficialId>,
    pub procedure_id: Option<ProcedureId>,
    pub misuse_rule: Option<String>,
    /// A manager's decision on a flagged response, if one was made.
    pub review: Option<Review>,
    /// Why a manager voided it, if one did.
    pub void_reason: Option<String>,
}

/// A manager's decision on a flagged response: restored (it counts) or confirmed (it stays out), and why.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Review {
    pub restored: bool,
    pub reason: String,
}

/// A response's place in a newest-first list: its shown time (`domain::release::shown_at`), then what it says,
/// then its id — which decides only between responses alike in everything a list shows. The keys as the list's
/// SQL orders them: no official or counter sorts as 0.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub struct ListPlace {
    pub shown_at: i64,
    pub overall: i64,
    pub official_id: i64,
    pub counter_id: i64,
    pub procedure_id: i64,
    pub id: i64,
}

impl ListPlace {
    /// Before every response: a list's first page.
    pub const FIRST: ListPlace = ListPlace {
        shown_at: i64::MAX,
        overall: i64::MAX,
        official_id: i64::MAX,
        counter_id: i64::MAX,
        procedure_id: i64::MAX,
        id: i64::MAX,
    };

    pub fn of(row: &ResponseRow) -> ListPlace {
        ListPlace {
            shown_at: shown_at(&row.channel, row.submitted_at.millis()),
            overall: i64::from(row.overall),
            official_id: row.official_id.map_or(0, OfficialId::get),
            counter_id: row.counter_id.map_or(0, CounterId::get),
            procedure_id: row.procedure_id.map_or(0, ProcedureId::get),
            id: row.id.get(),
        }
    }
}

/// `domain::release::shown_at` in SQL.
fn shown_at_sql() -> String {
    format!(
        "(CASE WHEN r.channel = '{RECEIPT}' THEN r.submitted_at - (r.submitted_at + {LOCAL_UTC_OFFSET_MS}) % {DAY_MS} \
         ELSE r.submitted_at END)"
    )
}

/// Responses a list may show: all but receipt ratings still held for their day's release.
const RELEASED: &str = "NOT EXISTS (SELECT 1 FROM rollup_queue q WHERE q.response_id = r.id AND q.release_at > 0)";

impl Store {
    /// The newest released responses of the scope after `before` in list order ([`ListPlace`]: a page's last row,
    /// for the next page), flagged and voided ones included (with their rule, review or reason); only the flagged
    /// ones if `flagged`.
    pub async fn recent_responses(
        &self,
        scope: &Scope,
        before: ListPlace,
        limit: i64,
        flagged: bool,
    ) -> StoreResult<Vec<ResponseRow>> {
        let shown = shown_at_sql();
        let place = format!(
            "{shown}, r.overall, COALESCE(r.official_id, 0), COALESCE(r.counter_id, 0), COALESCE(r.procedure_id, 0), r.id"
        );
        // The first condition narrows the scan: a response is shown at most a day before its own time.
        let sql = format!(
            "{SUBTREE} SELECT id, unit_id, submitted_at, received_at, device_at, channel, overall, counter_id, \
             official_id, procedure_id, COALESCE(r.misuse_rule, l.rule) AS misuse_rule, \
             m.decision AS review_decision, m.reason AS review_reason, v.reason AS void_reason FROM responses r \
             LEFT JOIN response_voids v ON v.response_id = r.id LEFT JOIN misuse_reviews m ON m.response_id = r.id \
             LEFT JOIN misuse_later l ON l.response_id = r.id \
             WHERE {} AND {RELEASED} AND r.submitted_at - {DAY_MS} < $5 AND ({place}) < ($5, $6, $7, $8, $9, $10) {} \
             ORDER BY {shown} DESC, r.overall DESC, COALESCE(r.official_id, 0) DESC, COALESCE(r.counter_id, 0) DESC, \
             COALESCE(r.procedure_id, 0) DESC, r.id DESC LIMIT {}",
            in_scope(scope),
            if flagged { "AND COALESCE(r.misuse_rule, l.rule) IS NOT NULL" } else { "" },
            limit.clamp(1, 500)
        );
        let query = bind_scope(sqlx::query_as(&sql), scope).bind(before.shown_at).bind(before.overall);
        let query = query.bind(before.official_id).bind(before.counter_id).bind(before.procedure_id).bind(before.id);
        Ok(query.fetch_all(&self.pool).await?)
    }

    /// The newest released, counted responses that carry a comment, in list order (the comment deciding before the
    /// id).
    pub async fn latest_comments(&self, scope: &Scope, limit: i64) -> StoreResult<Vec<CommentRow>> {
        let sql = format!(
            "{SUBTREE} SELECT id, submitted_at, channel, overall, comment, unit_id, counter_id, official_id, procedure_id \
             FROM responses r WHERE {} AND {COUNTED} AND {RELEASED} AND comment IS NOT NULL \
             ORDER BY {} DESC, overall DESC, comment DESC, id DESC LIMIT {}",
            in_scope(scope),
            shown_at_sql(),
            limit.clamp(1, 500)
        );
        Ok(bind_scope(sqlx::query_as(&sql), scope).fetch_all(&self.pool).await?)
    }

    /// The reason chips (keys) picked on these responses.
    pub async fn reasons_of(&self, response_ids: &[ResponseId]) -> StoreResult<HashMap<ResponseId, Vec<String>>> {
        if response_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let mut sql = Sql::new("SELECT response_id, reason_key FROM response_reasons WHERE response_id IN (");
        sql.bind_list(response_ids.iter().copied()).push(") ORDER BY response_id, reason_key");
        let rows: Vec<(i64, String)> = sql.query_as().fetch_all(&self.pool).await?;
        let mut reasons: HashMap<ResponseId, Vec<String>> = HashMap::new();
        for (id, key) in rows {
            reasons.entry(ResponseId::new(id)).or_default().push(key);
        }
        Ok(reasons)
    }
}

/// A counted response as the live feed shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedRow {
    pub id: ResponseId,
    pub unit_id: UnitId,
    pub submitted_at: Timestamp,
    pub overall: u8,
    pub counter_id: Option<CounterId>,
    pub official_id: Option<OfficialId>,
    pub channel: String,
    pub comment: Option<String>,
}

impl Store {
    /// The scope's counted responses after `after_id`, oldest first: what a reconnecting live dashboard missed.
    /// Receipt ratings are not among them: replayed by id they would take their place among arrivals.
    pub async fn responses_after(&self, scope: &Scope, after_id: i64, limit: i64) -> StoreResult<Vec<FeedRow>> {
        let sql = format!(
            "{SUBTREE} SELECT id, unit_id, submitted_at, overall, counter_id, official_id, channel, comment \
             FROM responses r WHERE {} AND {COUNTED} AND r.channel <> '{RECEIPT}' AND r.id > $5 ORDER BY id LIMIT {}",
            in_scope(scope),
            limit.clamp(1, 500)
        );
        Ok(bind_scope(sqlx::query_as(&sql), scope).bind(after_id).fetch_all(&self.pool).await?)
    }
}

/// `$2`–`$3` the time range, `$4` the official or 0 for all. An official's list names the column outright, so that
/// its index serves it (with `($4 = 0 OR official_id = $4)` an official's year of comments took 1.2 s at ten million
/// responses on PostgreSQL; see also `plan_cache_mode` in `Store::connect`).
fn in_scope(scope: &Scope) -> &'static str {
    match scope.official_id {
        Some(_) => {
            "r.submitted_at >= $2 AND r.submitted_at < $3 AND r.official_id = $4 \
                    AND r.unit_id IN (SELECT id FROM subtree)"
        }
        None => {
            "r.submitted_at >= $2 AND r.submitted_at < $3 AND ($4 = 0 OR r.official_id = $4) \
                 AND r.unit_id IN (SELECT id FROM subtree)"
        }
    }
}

/// Responses in the figures: neither flagged as misuse, when stored or later (or restored by a manager), nor voided.
const COUNTED: &str = "((r.misuse_rule IS NULL AND NOT EXISTS (SELECT 1 FROM misuse_later l WHERE l.response_id = r.id)) \
                       OR EXISTS (SELECT 1 FROM misuse_reviews m WHERE m.response_id = r.id AND m.decision = 'restore')) \
                       AND NOT EXISTS (SELECT 1 FROM response_voids v WHERE v.response_id = r.id)";

fn bind_scope<'q, O>(
    query: sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>>,
    scope: &Scope,
) -> sqlx::query::QueryAs<'q, sqlx::Any, O, sqlx::any::AnyArguments<'q>> {
    query
        .bind(scope.unit_id.get())
        .bind(scope.from_ms)
        .bind(scope.to_ms)
        .bind(scope.official_id.map_or(0, OfficialId::get))
}
