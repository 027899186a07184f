-- Rollups: running counts that every dashboard figure is read from (docs/decisions/009-rollups.md). A response
-- counts once per dimension in its unit and in every unit above it, per local day (grain 0) and month (grain 1).
-- `hailong rebuild-rollups` recounts them from the responses.
CREATE TABLE rollups (
    unit_id   BIGINT NOT NULL REFERENCES units(id),
    dimension TEXT   NOT NULL,
    grain     BIGINT NOT NULL CHECK (grain IN (0, 1)),
    period    BIGINT NOT NULL,
    member    BIGINT NOT NULL,
    label     TEXT   NOT NULL,
    level     BIGINT NOT NULL CHECK (level BETWEEN 1 AND 4),
    n         BIGINT NOT NULL,
    -- INCLUDE (n): figures are read by index-only scans; rows written in random order would otherwise cost a heap
    -- page each (a province's year of officials: 164 ms → 15 ms at 200,000 ratings).
    PRIMARY KEY (unit_id, dimension, grain, period, member, label, level) INCLUDE (n)
);

-- Responses stored but not yet counted: written in the response's own transaction, taken off in the transaction
-- that counts it (so each response is counted exactly once, whenever and wherever that happens).
CREATE TABLE rollup_queue (
    response_id BIGINT PRIMARY KEY REFERENCES responses(id)
);

-- The comment feed, newest first, without reading responses that have none.
CREATE INDEX responses_comments ON responses(submitted_at) WHERE comment IS NOT NULL;
