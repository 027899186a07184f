-- Patterns that call for a look (issue 24, domain::gaming): four more kinds of alert rule, which every unit gets
-- (its managers may remove them), and the official an alert is about.
ALTER TABLE alert_rules DROP CONSTRAINT alert_rules_kind_check;
ALTER TABLE alert_rules ADD CONSTRAINT alert_rules_kind_check CHECK (kind IN ('poor', 'low_index', 'silent_counter',
    'burst', 'off_hours', 'one_level_run', 'flagged_share'));
ALTER TABLE alerts ADD COLUMN official_id BIGINT REFERENCES officials(id);
INSERT INTO alert_rules (unit_id, kind, created_at)
    SELECT u.id, k.kind, CAST(EXTRACT(EPOCH FROM now()) * 1000 AS BIGINT) FROM units u
    CROSS JOIN (VALUES ('burst'), ('off_hours'), ('one_level_run'), ('flagged_share')) AS k(kind);
