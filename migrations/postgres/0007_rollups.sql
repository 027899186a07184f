-- Rollups: running counts that every dashboard figure is read from (docs/decisions/009-rollups.md). A response
-- counts once per dimension in its unit and in every unit above it, per local day (grain 0) and month (grain 1),
-- in the transaction that stores it. `hailong rebuild-rollups` recounts them from the responses.
CREATE TABLE rollups (
    unit_id   BIGINT NOT NULL REFERENCES units(id),
    dimension TEXT   NOT NULL,
    grain     BIGINT NOT NULL CHECK (grain IN (0, 1)),
    period    BIGINT NOT NULL,
    member    BIGINT NOT NULL,
    label     TEXT   NOT NULL,
    level     BIGINT NOT NULL CHECK (level BETWEEN 1 AND 4),
    n         BIGINT NOT NULL,
    PRIMARY KEY (unit_id, dimension, grain, period, member, label, level)
);

-- The comment feed, newest first, without reading responses that have none.
CREATE INDEX responses_comments ON responses(submitted_at) WHERE comment IS NOT NULL;
