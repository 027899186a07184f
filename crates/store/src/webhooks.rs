//! Outgoing webhooks: a unit's webhook (one in force at a time), its deliveries and their log. Alerts queue their
//! deliveries in the transaction that raises them (`Store::raise_alerts`); senders claim due deliveries with a lease,
//! so several instances never send one twice at once.

use hailong_domain::time::Timestamp;
use sqlx::any::AnyRow;
use sqlx::{FromRow, Row};

use super::sql::Sql;
use super::{Backend, Store, StoreError, StoreResult, Tx};
use hailong_domain::ids::{AlertId, CounterId, DeliveryId, UnitId, WebhookId};

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Webhook {
    pub id: WebhookId,
    pub unit_id: UnitId,
    pub url: String,
    pub secret: String,
    pub created_at: Timestamp,
}

/// A delivery due now, with what sending it needs.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DueDelivery {
    pub id: DeliveryId,
    pub event: String,
    pub attempts: u32,
    pub url: String,
    pub secret: String,
    /// The alert it carries (none for a ping), with its rule's kind and its unit's name.
    pub alert: Option<DeliveredAlert>,
}

#[derive(Clone, Debug, PartialEq, Eq)]
pub struct DeliveredAlert {
    pub id: AlertId,
    pub kind: String,
    pub unit_id: UnitId,
    pub unit: String,
    pub counter_id: Option<CounterId>,
    pub raised_at: Timestamp,
    pub detail: String,
    /// For an alert raised by one rating: how it arrived (`qr`, `receipt`…) and its procedure's code and name —
    /// what the one-stop software needs to find the service, never who rated.
    pub channel: Option<String>,
    pub procedure: Option<(String, String)>,
    /// When that rating was made: the sender gives a receipt rating's day only.
    pub rated_at: Option<Timestamp>,
}

/// One line of the delivery log.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Delivery {
    pub id: DeliveryId,
    pub event: String,
    pub created_at: Timestamp,
    pub attempts: i64,
    pub next_attempt_at: Option<Timestamp>,
    pub last_status: Option<i64>,
    pub delivered_at: Option<Timestamp>,
}

/// The outcome of one attempt.
#[derive(Clone, Debug, PartialEq, Eq)]
pub struct Attempt<'a> {
    pub status: Option<i64>,
    pub error: Option<&'a str>,
    pub delivered_at: Option<Timestamp>,
    /// When to try again; `None` when delivered or given up.
    pub next_attempt_at: Option<Timestamp>,
}

type DeliveryRecord = (i64, String, i64, i64, Option<i64>, Option<i64>, Option<i64>);

impl Tx {
    /// Puts `url` in force for the unit with a new secret, replacing the one before.
    pub async fn set_webhook(
        &mut self,
        unit_id: UnitId,
        url: &str,
        secret: &str,
        now: Timestamp,
    ) -> StoreResult<WebhookId> {
        self.remove_webhook(unit_id, now).await?;
        sqlx::query_scalar(
            "INSERT INTO webhooks (unit_id, url, secret, created_at) VALUES ($1, $2, $3, $4) RETURNING id",
        )
        .bind(unit_id.get())
        .bind(url)
        .bind(secret)
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await
        .map(WebhookId::new)
        .map_err(|e| StoreError::from_write(e, "webhook"))
    }

    /// Takes the unit's webhook out of force; its pending deliveries are dropped. `false` if there was none.
    pub async fn remove_webhook(&mut self, unit_id: UnitId, now: Timestamp) -> StoreResult<bool> {
        let ids: Vec<i64> = sqlx::query_scalar(
            "UPDATE webhooks SET removed_at = $1 WHERE unit_id = $2 AND removed_at IS NULL RETURNING id",
        )
        .bind(now.millis())
        .bind(unit_id.get())
        .fetch_all(&mut *self.0)
        .await?;
        for id in &ids {
            sqlx::query(
                "UPDATE webhook_deliveries SET next_attempt_at = NULL, last_error = 'webhook removed' \
                 WHERE webhook_id = $1 AND next_attempt_at IS NOT NULL",
            )
            .bind(id)
            .execute(&mut *self.0)
            .await?;
        }
        Ok(!ids.is_empty())
    }

    /// Queues a test delivery to the webhook.
    pub async fn queue_ping(&mut self, webhook_id: WebhookId, now: Timestamp) -> StoreResult<DeliveryId> {
        Ok(sqlx::query_scalar(
            "INSERT INTO webhook_deliveries (webhook_id, event, created_at, next_attempt_at) \
             VALUES ($1, 'ping', $2, $2) RETURNING id",
        )
        .bind(webhook_id.get())
        .bind(now.millis())
        .fetch_one(&mut *self.0)
        .await
        .map(DeliveryId::new)?)
    }
}

/// Queues each alert's delivery to its unit's webhook, where the unit has one: inside the raising transaction.
pub(super) async fn queue_alerts(conn: &mut sqlx::AnyConnection, alert_ids: &[i64]) -> StoreResult<()> {
    if alert_ids.is_empty() {
        return Ok(());
    }
    let mut sql = Sql::new(
        "INSERT INTO webhook_deliveries (webhook_id, event, alert_id, created_at, next_attempt_at) \
         SELECT w.id, 'alert', a.id, a.raised_at, a.raised_at FROM alerts a \
         JOIN webhooks w ON w.unit_id = a.unit_id AND w.removed_at IS NULL WHERE a.id IN (",
    );
    sql.bind_list(alert_ids.iter().copied()).push(") ORDER BY a.id");
    sql.query().execute(conn).await?;
    Ok(())
}

impl Store {
    /// The unit's webhook in force, if any.
    pub async fn webhook_of(&self, unit_id: UnitId) -> StoreResult<Option<Webhook>> {
        Ok(sqlx::query_as(
            "SELECT id, unit_id, url, secret, created_at FROM webhooks WHERE unit_id = $1 AND removed_at IS NULL",
        )
        .bind(unit_id.get())
        .fetch_optional(&self.pool)
        .await?
        .map(|(id, unit_id, url, secret, created_at)| Webhook {
            id: WebhookId::new(id),
            unit_id: UnitId::new(unit_id),
            url,
            secret,
            created_at: Timestamp::from_millis(created_at),
        }))
    }

    /// The newest deliveries of the unit's webhooks (those removed included), for the log.
    pub async fn deliveries_of(&self, unit_id: UnitId, limit: i64) -> StoreResult<Vec<Delivery>> {
        let rows: Vec<DeliveryRecord> = sqlx::query_as(&format!(
            "SELECT d.id, d.event, d.created_at, d.attempts, d.next_attempt_at, d.last_status, d.delivered_at \
                 FROM webhook_deliveries d JOIN webhooks w ON w.id = d.webhook_id \
                 WHERE w.unit_id = $1 ORDER BY d.id DESC LIMIT {}",
            limit.clamp(1, 500)
        ))
        .bind(unit_id.get())
        .fetch_all(&self.pool)
        .await?;
        Ok(rows
            .into_iter()
            .map(|(id, event, created_at, attempts, next_attempt_at, last_status, delivered_at)| Delivery {
                id: DeliveryId::new(id),
                event,
                created_at: Timestamp::from_millis(created_at),
                attempts,
                next_attempt_at: next_attempt_at.map(Timestamp::from_millis),
                last_status,
                delivered_at: delivered_at.map(Timestamp::from_millis),
            })
            .collect())
    }

    /// Claims up to `limit` deliveries due at `now` for `lease_ms` (another sender skips them meanwhile; a
    /// sender that dies lets them fall due again) and returns them with what sending needs.
    pub async fn claim_deliveries(&self, now: Timestamp, lease_ms: i64, limit: i64) -> StoreResult<Vec<DueDelivery>> {
        let mut tx = self.writer.begin().await?;
        let skip_locked = if self.backend == Backend::Postgres { " FOR UPDATE SKIP LOCKED" } else { "" };
        let ids: Vec<i64> = sqlx::query_scalar(&format!(
            "UPDATE webhook_deliveries SET next_attempt_at = $1 WHERE id IN (SELECT id FROM webhook_deliveries \
             WHERE next_attempt_at <= $2 ORDER BY next_attempt_at LIMIT $3{skip_locked}) RETURNING id"
        ))
        .bind(now.plus_millis(lease_ms).millis())
        .bind(now.millis())
        .bind(limit)
        .fetch_all(&mut *tx)
        .await?;
        if ids.is_empty() {
            tx.commit().await?;
            return Ok(vec![]);
        }
        let mut sql = Sql::new(
            "SELECT d.id, d.event, d.attempts, w.url, w.secret, a.id AS alert_id, r.kind, a.unit_id, u.name AS unit, \
             a.counter_id, a.raised_at, a.detail, rs.channel, rs.submitted_at AS rated_at, p.code AS procedure_code, p.name AS procedure_name \
             FROM webhook_deliveries d \
             JOIN webhooks w ON w.id = d.webhook_id LEFT JOIN alerts a ON a.id = d.alert_id \
             LEFT JOIN alert_rules r ON r.id = a.rule_id LEFT JOIN units u ON u.id = a.unit_id \
             LEFT JOIN responses rs ON rs.id = a.response_id LEFT JOIN procedures p ON p.id = rs.procedure_id \
             WHERE d.id IN (",
        );
        sql.bind_list(ids.iter().copied()).push(") ORDER BY d.id");
        let due: Vec<DueDelivery> = sql.query_as().fetch_all(&mut *tx).await?;
        tx.commit().await?;
        Ok(due)
    }

    /// Records an attempt at a delivery.
    pub async fn record_attempt(&self, delivery_id: DeliveryId, attempt: &Attempt<'_>) -> StoreResult<()> {
        sqlx::query(
            "UPDATE webhook_deliveries SET attempts = attempts + 1, last_status = $1, last_error = $2, \
             delivered_at = $3, next_attempt_at = $4 WHERE id = $5",
        )
        .bind(attempt.status)
        .bind(attempt.error)
        .bind(attempt.delivered_at.map(Timestamp::millis))
        .bind(attempt.next_attempt_at.map(Timestamp::millis))
        .bind(delivery_id.get())
        .execute(&self.writer)
        .await?;
        Ok(())
    }
}

/// A due delivery as `claim_deliveries` reads it: the alert's columns are all there or (a ping) all empty.
impl FromRow<'_, AnyRow> for DueDelivery {
    fn from_row(row: &AnyRow) -> sqlx::Result<DueDelivery> {
        let alert = match row.try_get::<Option<i64>, _>("alert_id")? {
            Some(id) => Some(DeliveredAlert {
                id: AlertId::new(id),
                kind: row.try_get("kind")?,
                unit_id: UnitId::new(row.try_get("unit_id")?),
                unit: row.try_get("unit")?,
                counter_id: row.try_get::<Option<i64>, _>("counter_id")?.map(CounterId::new),
                raised_at: Timestamp::from_millis(row.try_get("raised_at")?),
                detail: row.try_get("detail")?,
                channel: row.try_get("channel")?,
                procedure: row
                    .try_get::<Option<String>, _>("procedure_code")?
                    .zip(row.try_get::<Option<String>, _>("procedure_name")?),
                rated_at: row.try_get::<Option<i64>, _>("rated_at")?.map(Timestamp::from_millis),
            }),
            None => None,
        };
        Ok(DueDelivery {
            id: DeliveryId::new(row.try_get("id")?),
            event: row.try_get("event")?,
            attempts: u32::try_from(row.try_get::<i64, _>("attempts")?).unwrap_or(0),
            url: row.try_get("url")?,
            secret: row.try_get("secret")?,
            alert,
        })
    }
}
