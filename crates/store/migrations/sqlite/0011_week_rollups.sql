-- Week buckets (grain 2, named by their Monday's day; docs/decisions/012-week-rollups.md): a province's thirty
-- days sum four weeks and a few days of rows instead of thirty days. SQLite cannot change a CHECK in place, so the
-- table is copied; the weeks of the counts so far are summed from their days.
CREATE TABLE rollups_by_week (
    unit_id   INTEGER NOT NULL REFERENCES units(id),
    dimension TEXT    NOT NULL,
    grain     INTEGER NOT NULL CHECK (grain IN (0, 1, 2)),
    period    INTEGER NOT NULL,
    member    INTEGER NOT NULL,
    label     TEXT    NOT NULL,
    level     INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    n         INTEGER NOT NULL,
    PRIMARY KEY (unit_id, dimension, grain, period, member, label, level)
) WITHOUT ROWID;

INSERT INTO rollups_by_week SELECT * FROM rollups;
INSERT INTO rollups_by_week (unit_id, dimension, grain, period, member, label, level, n)
SELECT unit_id, dimension, 2, period - (period + 3) % 7, member, label, level, SUM(n) FROM rollups
WHERE grain = 0 GROUP BY unit_id, dimension, period - (period + 3) % 7, member, label, level;

DROP TABLE rollups;
ALTER TABLE rollups_by_week RENAME TO rollups;
