-- Rollups: running counts that every dashboard figure is read from (docs/decisions/009-rollups.md). A response
-- counts once per dimension in its unit and in every unit above it, per local day (grain 0) and month (grain 1).
-- `hailong rebuild-rollups` recounts them from the responses.
CREATE TABLE rollups (
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    dimension TEXT    NOT NULL,
    grain     INTEGER NOT NULL CHECK (grain IN (0, 1)),
    period    INTEGER NOT NULL,
    member    INTEGER NOT NULL,
    label     TEXT    NOT NULL,
    level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    n         INTEGER NOT NULL,
    PRIMARY KEY (unit_id, dimension, grain, period, member, label, level)
) WITHOUT ROWID;

-- Responses stored but not yet counted: written in the response's own transaction, taken off in the transaction
-- that counts it (so each response is counted exactly once, whenever and wherever that happens).
CREATE TABLE rollup_queue (
    response_id INTEGER PRIMARY KEY REFERENCES responses(id)
);

-- The comment feed, newest first, without reading responses that have none.
CREATE INDEX responses_comments ON responses(submitted_at) WHERE comment IS NOT NULL;
