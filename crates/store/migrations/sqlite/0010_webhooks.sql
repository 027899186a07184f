-- Outgoing webhooks (issue 8): one per unit, set by its managers, for the one-stop software or a chat bot. Each alert
-- raised for the unit queues a delivery in the same transaction; deliveries are signed (HMAC-SHA256 with the
-- webhook's secret), retried with growing delays, and logged with every attempt's outcome.
CREATE TABLE webhooks (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    url        TEXT    NOT NULL,
    -- Kept as is: signing needs it (a receiver checks signatures with the same secret).
    secret     TEXT    NOT NULL,
    created_at INTEGER NOT NULL,
    removed_at INTEGER
);
CREATE UNIQUE INDEX webhooks_one_per_unit ON webhooks(unit_id) WHERE removed_at IS NULL;

CREATE TABLE webhook_deliveries (
    id              INTEGER PRIMARY KEY,
    webhook_id      INTEGER NOT NULL REFERENCES webhooks(id),
    -- 'alert' (alert_id says which) or 'ping' (a manager's test).
    event           TEXT    NOT NULL CHECK (event IN ('alert', 'ping')),
    alert_id        INTEGER REFERENCES alerts(id),
    created_at      INTEGER NOT NULL,
    attempts        INTEGER NOT NULL DEFAULT 0,
    -- When to try next; NULL once delivered or given up.
    next_attempt_at INTEGER,
    last_status     INTEGER,
    last_error      TEXT,
    delivered_at    INTEGER
);
CREATE INDEX webhook_deliveries_due ON webhook_deliveries(next_attempt_at) WHERE next_attempt_at IS NOT NULL;
CREATE INDEX webhook_deliveries_of_hook ON webhook_deliveries(webhook_id, id);
