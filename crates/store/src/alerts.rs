//! Alert rules and the alerts they raised (cảnh báo): raised by the counting loop, acknowledged by a unit's leaders
//! with what was done, kept as history.

use hailong_domain::time::Timestamp;
use sqlx::AnyConnection;

use std::collections::BTreeSet;

use super::sql::{Sql, Value};
use super::{Store, StoreResult, Tx, SUBTREE};
use hailong_domain::alert::{Rule, RuleKind};
use hailong_domain::ids::{AlertId, AlertRuleId, CounterId, OfficialId, ResponseId, UnitId, UserId};
use hailong_domain::release::RECEIPT;

/// A rule in force for a unit.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct AlertRule {
    pub id: AlertRuleId,
    pub unit_id: UnitId,
    pub rule: Rule,
    pub created_at: Timestamp,
}

/// An alert to raise.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct NewAlert {
    pub rule_id: AlertRuleId,
    pub unit_id: UnitId,
    pub raised_at: Timestamp,
    pub response_id: Option<ResponseId>,
    pub counter_id: Option<CounterId>,
    /// The official a pattern is about.
    pub official_id: Option<OfficialId>,
    pub detail: String,
    /// For an alert not about one rating: after it is acknowledged, the same rule and target raise nothing for
    /// this long (a pattern stays in its day's window after it was looked at).
    pub quiet_ms: i64,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Alert {
    pub id: AlertId,
    pub rule_id: AlertRuleId,
    pub kind: String,
    pub unit_id: UnitId,
    pub raised_at: Timestamp,
    pub response_id: Option<ResponseId>,
    pub counter_id: Option<CounterId>,
    pub detail: String,
    pub acknowledged_at: Option<Timestamp>,
    /// Who acknowledged it (their full name).
    pub acknowledged_by: Option<String>,
    pub action_taken: Option<String>,
}

type RuleRecord = (i64, i64, String, i64, i64, i64, i64);
const RULE_COLUMNS: &str = "id, unit_id, kind, threshold_percent, window_hours, min_count, created_at";
type AlertRecord =
    (i64, i64, String, i64, i64, Option<i64>, Option<i64>, String, Option<i64>, Option<String>, Option<String>);

const ALERT_COLUMNS: &str = "a.id, a.rule_id, r.kind, a.unit_id, a.raised_at, a.response_id, a.counter_id, a.detail, \
                             a.acknowledged_at, u.full_name, a.action_taken";
const ALERTS_FROM: &str =
    "FROM alerts a JOIN alert_rules r ON r.id = a.rule_id LEFT JOIN users u ON u.id = a.acknowledged_by";

impl Store {
    /// The rules in force for these units.
    pub async fn alert_rules_of(&self, unit_ids: &[UnitId]) -> StoreResult<Vec<AlertRule>> {
        if unit_ids.is_empty() {
            return Ok(vec![]);
        }
        let mut sql =
            Sql::new(&format!("SELECT {RULE_COLUMNS} FROM alert_rules WHERE removed_at IS NULL AND unit_id IN ("));
        sql.bind_list(unit_ids.iter().copied()).push(") ORDER BY unit_id, id");
        let rows: Vec<RuleRecord> = sql.query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().filter_map(rule_of).collect())
    }

    /// Every rule of these kinds in force, anywhere (the once-a-minute checks: silent counters, patterns).
    pub async fn alert_rules_of_kinds(&self, kinds: &[RuleKind]) -> StoreResult<Vec<AlertRule>> {
        if kinds.is_empty() {
            return Ok(vec![]);
        }
        let mut sql =
            Sql::new(&format!("SELECT {RULE_COLUMNS} FROM alert_rules WHERE removed_at IS NULL AND kind IN ("));
        sql.bind_list(kinds.iter().map(|kind| kind.key())).push(") ORDER BY id");
        let rows: Vec<RuleRecord> = sql.query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().filter_map(rule_of).collect())
    }

    /// Raises alerts, each once: a rating's alert only once per rule; any other only while none of its rule (and
    /// counter) is still open. One transaction for them all (a batch's Chưa tốt ratings may raise hundreds, and a
    /// commit each made the counting loop fall behind the ratings); returns those raised, oldest first.
    pub async fn raise_alerts(&self, alerts: &[NewAlert]) -> StoreResult<Vec<Alert>> {
        if alerts.is_empty() {
            return Ok(vec![]);
        }
        let mut tx = self.writer.begin().await?;
        let mut fresh = Vec::with_capacity(alerts.len());
        let mut windows = BTreeSet::new();
        for alert in alerts {
            // A window's, a silent counter's or a pattern's alert is raised once while it stays open (and quiet
            // after); a rating's, once ever.
            let first = alert.response_id.is_some()
                || (windows.insert((alert.rule_id, alert.counter_id, alert.official_id))
                    && !still_open(&mut tx, alert).await?);
            if first {
                fresh.push(alert);
            }
        }
        let mut ids = Vec::with_capacity(fresh.len());
        // Many rows a statement: a batch of ratings can raise hundreds of alerts, each a round trip otherwise.
        for chunk in fresh.chunks(ALERTS_PER_STATEMENT) {
            let raised = insert_alerts(&mut tx, chunk).await?;
            super::webhooks::queue_alerts(&mut tx, &raised).await?;
            ids.extend(raised);
        }
        tx.commit().await?;
        self.alerts_by_id(&ids).await
    }

    async fn alerts_by_id(&self, ids: &[i64]) -> StoreResult<Vec<Alert>> {
        if ids.is_empty() {
            return Ok(vec![]);
        }
        let mut sql = Sql::new(&format!("SELECT {ALERT_COLUMNS} {ALERTS_FROM} WHERE a.id IN ("));
        sql.bind_list(ids.iter().copied()).push(") ORDER BY a.id");
        let rows: Vec<AlertRecord> = sql.query_as().fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(alert_of).collect())
    }

    pub async fn alert(&self, id: AlertId) -> StoreResult<Alert> {
        let row: Option<AlertRecord> = sqlx::query_as(&format!("SELECT {ALERT_COLUMNS} {ALERTS_FROM} WHERE a.id = $1"))
            .bind(id.get())
            .fetch_optional(&self.pool)
            .await?;
        row.map(alert_of).ok_or(super::StoreError::NotFound)
    }

    /// The subtree's alerts, newest first: the open ones only, or all (the history).
    pub async fn alerts_in(&self, unit_id: UnitId, open_only: bool, limit: i64) -> StoreResult<Vec<Alert>> {
        let open = if open_only { " AND a.acknowledged_at IS NULL" } else { "" };
        let sql = format!(
            "{SUBTREE} SELECT {ALERT_COLUMNS} {ALERTS_FROM} WHERE a.unit_id IN (SELECT id FROM subtree){open} \
             ORDER BY a.raised_at DESC, a.id DESC LIMIT {}",
            limit.clamp(1, 500)
        );
        let rows: Vec<AlertRecord> = sqlx::query_as(&sql).bind(unit_id.get()).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(alert_of).collect())
    }

    /// The subtree's counters with the time of their latest rating (none yet: `None`) — receipt ratings aside: a
    /// silence they ended would date them (decision 013).
    pub async fn counters_last_rated(&self, unit_id: UnitId) -> StoreResult<Vec<(CounterId, String, Option<i64>)>> {
        let sql = format!(
            "{SUBTREE} SELECT c.id, c.name, (SELECT MAX(r.submitted_at) FROM responses r \
             WHERE r.counter_id = c.id AND r.channel <> '{RECEIPT}') \
             FROM counters c WHERE c.archived = FALSE AND c.unit_id IN (SELECT id FROM subtree) ORDER BY c.id"
        );
        let rows: Vec<(i64, String, Option<i64>)> =
            sqlx::query_as(&sql).bind(unit_id.get()).fetch_all(&self.pool).await?;
        Ok(rows.into_iter().map(|(id, name, last)| (CounterId::new(id), name, last)).collect())
    }
}

impl Tx {
    pub async fn add_alert_rule(&mut self, unit_id: UnitId, rule: &Rule, now: Timestamp) -> StoreResult<AlertRuleId> {
        Ok(sqlx::query_scalar(
            "INSERT INTO alert_rules (unit_id, kind, threshold_percent, window_hours, min_count, created_at) \
             VALUES ($1, $2, $3, $4, $5, $6) RETURNING id",
        )
        .bind(unit_id.get())
        .bind(rule.kind.key())
        .bind(i64::from(rule.threshold_percent))
        .bind(i64::from(rule.window_hours))
        .bind(i64::from(rule.min_count))
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await
        .map(AlertRuleId::new)?)
    }

    /// A rule, in force or not.
    pub async fn alert_rule(&mut self, id: AlertRuleId) -> StoreResult<AlertRule> {
        let row: Option<RuleRecord> = sqlx::query_as(
            "SELECT id, unit_id, kind, threshold_percent, window_hours, min_count, created_at FROM alert_rules \
             WHERE id = $1",
        )
        .bind(id.get())
        .fetch_optional(&mut *self.0)
        .await?;
        row.and_then(rule_of).ok_or(super::StoreError::NotFound)
    }

    /// Takes a rule out of force (once: again is harmless); its alerts stay in the history.
    pub async fn remove_alert_rule(&mut self, id: AlertRuleId, now: Timestamp) -> StoreResult<()> {
        sqlx::query("UPDATE alert_rules SET removed_at = $1 WHERE id = $2 AND removed_at IS NULL")
            .bind(now.millis())
            .bind(id.get())
            .execute(&mut *self.0)
            .await?;
        Ok(())
    }

    /// Records who acknowledged an open alert and what was done; an alert is acknowledged once.
    pub async fn acknowledge_alert(
        &mut self,
        id: AlertId,
        user_id: UserId,
        action: &str,
        now: Timestamp,
    ) -> StoreResult<()> {
        super::found(
            sqlx::query(
                "UPDATE alerts SET acknowledged_at = $1, acknowledged_by = $2, action_taken = $3 \
                 WHERE id = $4 AND acknowledged_at IS NULL",
            )
            .bind(now.millis())
            .bind(user_id.get())
            .bind(action)
            .bind(id.get())
            .execute(&mut *self.0)
            .await?,
        )
    }
}

fn rule_of((id, unit_id, kind, threshold, window, min_count, created_at): RuleRecord) -> Option<AlertRule> {
    let rule = Rule {
        kind: RuleKind::parse(&kind)?,
        threshold_percent: u8::try_from(threshold).ok()?,
        window_hours: u32::try_from(window).ok()?,
        min_count: u32::try_from(min_count).ok()?,
    };
    Some(AlertRule {
        id: AlertRuleId::new(id),
        unit_id: UnitId::new(unit_id),
        rule,
        created_at: Timestamp::from_millis(created_at),
    })
}

fn alert_of(row: AlertRecord) -> Alert {
    let (id, rule_id, kind, unit_id, raised_at, response_id, counter_id, detail, acknowledged_at, by, action) = row;
    Alert {
        id: AlertId::new(id),
        rule_id: AlertRuleId::new(rule_id),
        kind,
        unit_id: UnitId::new(unit_id),
        raised_at: Timestamp::from_millis(raised_at),
        response_id: response_id.map(ResponseId::new),
        counter_id: counter_id.map(CounterId::new),
        detail,
        acknowledged_at: acknowledged_at.map(Timestamp::from_millis),
        acknowledged_by: by,
        action_taken: action,
    }
}

/// Inserts `alert` unless it was raised already (see [`Store::raise_alerts`]), with its webhook delivery; its id.
/// Alerts per INSERT (seven values each): few statements, yet well within SQLite's cheap range of parameters.
const ALERTS_PER_STATEMENT: usize = 50;

/// Whether an alert of this rule (and counter or official) is raised and not yet acknowledged, or was raised within
/// its quiet time.
async fn still_open(tx: &mut AnyConnection, alert: &NewAlert) -> StoreResult<bool> {
    let open: Option<i64> = sqlx::query_scalar(
        "SELECT id FROM alerts WHERE rule_id = $1 AND response_id IS NULL AND COALESCE(counter_id, 0) = $2 \
         AND COALESCE(official_id, 0) = $3 AND (acknowledged_at IS NULL OR raised_at > $4) LIMIT 1",
    )
    .bind(alert.rule_id.get())
    .bind(alert.counter_id.map_or(0, CounterId::get))
    .bind(alert.official_id.map_or(0, OfficialId::get))
    .bind(alert.raised_at.plus_millis(-alert.quiet_ms).millis())
    .fetch_optional(&mut *tx)
    .await?;
    Ok(open.is_some())
}

/// Inserts the alerts not raised before (a rating's alert exists at most once per rule); returns the new ids.
async fn insert_alerts(tx: &mut AnyConnection, alerts: &[&NewAlert]) -> StoreResult<Vec<i64>> {
    let mut sql = Sql::new(
        "INSERT INTO alerts (rule_id, unit_id, raised_at, response_id, counter_id, official_id, detail) VALUES ",
    );
    sql.bind_rows(alerts, |a| -> [Value; 7] {
        [
            a.rule_id.into(),
            a.unit_id.into(),
            a.raised_at.into(),
            a.response_id.into(),
            a.counter_id.into(),
            a.official_id.into(),
            a.detail.as_str().into(),
        ]
    });
    sql.push(" ON CONFLICT DO NOTHING RETURNING id");
    Ok(sql.query_scalar().fetch_all(&mut *tx).await?)
}
