//! Single responses, newest first: the comment feed and the API's list. Figures come from the rollups.

use std::collections::HashMap;

use super::{placeholders, Store, StoreResult, SUBTREE};

/// Which responses a list covers: a unit's subtree over a half-open time range.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Scope {
    /// The subtree's root; the subtree is walked in the database.
    pub unit_id: i64,
    pub from_ms: i64,
    pub to_ms: i64,
    /// Only this official's responses (an official looking at their own ratings).
    pub official_id: Option<i64>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct CommentRow {
    pub id: i64,
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
    pub unit_id: i64,
    pub submitted_at: i64,
    pub received_at: Option<i64>,
    pub device_at: Option<i64>,
    pub channel: String,
    pub overall: u8,
    pub counter_id: Option<i64>,
    pub official_id: Option<i64>,
    pub procedure_id: Option<i64>,
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

impl Store {
    /// The newest responses of the scope before `(submitted_at, id)` (a page's last row, for the next page),
    /// flagged and voided ones included (with their rule, review or reason); only the flagged ones if `flagged`.
    pub async fn recent_responses(
        &self,
        scope: &Scope,
        before: (i64, i64),
        limit: i64,
        flagged: bool,
    ) -> StoreResult<Vec<ResponseRow>> {
        let sql = format!(
            "{SUBTREE} SELECT id, unit_id, submitted_at, received_at, device_at, channel, overall, counter_id, \
             official_id, procedure_id, COALESCE(r.misuse_rule, l.rule) AS misuse_rule, \
             m.decision AS review_decision, m.reason AS review_reason, v.reason AS void_reason FROM responses r \
             LEFT JOIN response_voids v ON v.response_id = r.id LEFT JOIN misuse_reviews m ON m.response_id = r.id \
             LEFT JOIN misuse_later l ON l.response_id = r.id \
             WHERE {} AND (r.submitted_at < $5 OR (r.submitted_at = $5 AND r.id < $6)) {} \
             ORDER BY submitted_at DESC, id DESC LIMIT {}",
            in_scope(scope),
            if flagged { "AND COALESCE(r.misuse_rule, l.rule) IS NOT NULL" } else { "" },
            limit.clamp(1, 500)
        );
        Ok(bind_scope(sqlx::query_as(&sql), scope).bind(before.0).bind(before.1).fetch_all(&self.pool).await?)
    }

    /// The newest counted responses that carry a comment.
    pub async fn latest_comments(&self, scope: &Scope, limit: i64) -> StoreResult<Vec<CommentRow>> {
        let sql = format!(
            "{SUBTREE} SELECT id, submitted_at, overall, comment, unit_id, counter_id, official_id, procedure_id \
             FROM responses r WHERE {} AND {COUNTED} AND comment IS NOT NULL \
             ORDER BY submitted_at DESC, id DESC LIMIT {}",
            in_scope(scope),
            limit.clamp(1, 500)
        );
        Ok(bind_scope(sqlx::query_as(&sql), scope).fetch_all(&self.pool).await?)
    }

    /// The reason chips (keys) picked on these responses.
    pub async fn reasons_of(&self, response_ids: &[i64]) -> StoreResult<HashMap<i64, Vec<String>>> {
        if response_ids.is_empty() {
            return Ok(HashMap::new());
        }
        let sql = format!(
            "SELECT response_id, reason_key FROM response_reasons WHERE response_id IN ({}) \
             ORDER BY response_id, reason_key",
            placeholders(1, response_ids.len())
        );
        let rows: Vec<(i64, String)> =
            response_ids.iter().fold(sqlx::query_as(&sql), |q, id| q.bind(*id)).fetch_all(&self.pool).await?;
        let mut reasons: HashMap<i64, Vec<String>> = HashMap::new();
        for (id, key) in rows {
            reasons.entry(id).or_default().push(key);
        }
        Ok(reasons)
    }
}

/// A counted response as the live feed shows it.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct FeedRow {
    pub id: i64,
    pub unit_id: i64,
    pub submitted_at: i64,
    pub overall: u8,
    pub counter_id: Option<i64>,
    pub official_id: Option<i64>,
    pub channel: String,
    pub comment: Option<String>,
}

impl Store {
    /// The scope's counted responses after `after_id`, oldest first: what a reconnecting live dashboard missed.
    pub async fn responses_after(&self, scope: &Scope, after_id: i64, limit: i64) -> StoreResult<Vec<FeedRow>> {
        let sql = format!(
            "{SUBTREE} SELECT id, unit_id, submitted_at, overall, counter_id, official_id, channel, comment \
             FROM responses r WHERE {} AND {COUNTED} AND r.id > $5 ORDER BY id LIMIT {}",
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
    query.bind(scope.unit_id).bind(scope.from_ms).bind(scope.to_ms).bind(scope.official_id.unwrap_or(0))
}
