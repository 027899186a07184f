-- A draw of forms for phúc tra (re-checking), as the campaign's page shows it: when, the share of each surveyor's
-- or batch's forms, the seed that makes it reproducible, and how many forms it drew. Kept as drawn, like the
-- rechecks it made.
CREATE TABLE recheck_draws (
    id          INTEGER PRIMARY KEY,
    campaign_id INTEGER NOT NULL REFERENCES campaigns(id),
    drawn_at    INTEGER NOT NULL,
    percent     INTEGER NOT NULL,
    seed        INTEGER NOT NULL,
    drawn       INTEGER NOT NULL
);
CREATE INDEX recheck_draws_campaign ON recheck_draws (campaign_id);
CREATE TRIGGER recheck_draws_no_update BEFORE UPDATE ON recheck_draws
BEGIN SELECT RAISE(ABORT, 'recheck draws are append-only'); END;
CREATE TRIGGER recheck_draws_no_delete BEFORE DELETE ON recheck_draws
BEGIN SELECT RAISE(ABORT, 'recheck draws are append-only'); END;
