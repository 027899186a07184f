-- Alerts that close the loop (issue 8): rules a unit's managers set, and the alerts they raised, with who
-- acknowledged each and what was done. An alert is raised once: per rating for the Chưa tốt rule, and for the other
-- rules once until acknowledged (per counter for a silent counter).
CREATE TABLE alert_rules (
    id                INTEGER PRIMARY KEY,
    unit_id           INTEGER NOT NULL REFERENCES units(id),
    kind              TEXT    NOT NULL CHECK (kind IN ('poor', 'low_index', 'silent_counter')),
    threshold_percent INTEGER NOT NULL DEFAULT 0,
    window_hours      INTEGER NOT NULL DEFAULT 0,
    min_count         INTEGER NOT NULL DEFAULT 0,
    created_at        INTEGER NOT NULL,
    removed_at        INTEGER
);
CREATE INDEX alert_rules_unit ON alert_rules(unit_id);

CREATE TABLE alerts (
    id              INTEGER PRIMARY KEY,
    rule_id         INTEGER NOT NULL REFERENCES alert_rules(id),
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    raised_at       INTEGER NOT NULL,
    -- What it is about: a rating (Chưa tốt), a counter (silent), or the rule's unit as a whole (low index).
    response_id     INTEGER REFERENCES responses(id),
    counter_id      INTEGER REFERENCES counters(id),
    detail          TEXT    NOT NULL,
    acknowledged_at INTEGER,
    acknowledged_by INTEGER REFERENCES users(id),
    action_taken    TEXT
);
CREATE INDEX alerts_unit_time ON alerts(unit_id, raised_at);
CREATE UNIQUE INDEX alerts_once_per_rating ON alerts(rule_id, response_id) WHERE response_id IS NOT NULL;

-- Each counter's latest rating (silent-counter rules).
CREATE INDEX responses_counter_time ON responses(counter_id, submitted_at);
