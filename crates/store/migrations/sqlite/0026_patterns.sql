-- Patterns that call for a look (issue 24, domain::gaming): four more kinds of alert rule, which every unit gets
-- (its managers may remove them), and the official an alert is about.
--
-- SQLite cannot change a CHECK in place, and copying the rules into a new table would rewrite the alerts' reference
-- to it (foreign keys are on in a migration's transaction). Allowing more kinds only loosens the CHECK, which changes
-- nothing stored: SQLite's documented way for such a change is to edit the table's definition and reload the schema.
PRAGMA writable_schema = ON;
UPDATE sqlite_schema
   SET sql = replace(sql, '''silent_counter'')',
                     '''silent_counter'', ''burst'', ''off_hours'', ''one_level_run'', ''flagged_share'')')
 WHERE type = 'table' AND name = 'alert_rules';
PRAGMA writable_schema = RESET;
ALTER TABLE alerts ADD COLUMN official_id INTEGER REFERENCES officials(id);
INSERT INTO alert_rules (unit_id, kind, created_at)
    SELECT u.id, k.kind, CAST(strftime('%s', 'now') AS INTEGER) * 1000 FROM units u
    CROSS JOIN (SELECT 'burst' AS kind UNION ALL SELECT 'off_hours' UNION ALL SELECT 'one_level_run'
                UNION ALL SELECT 'flagged_share') k;
