-- Week buckets (grain 2, named by their Monday's day; docs/decisions/012-week-rollups.md): a province's thirty
-- days sum four weeks and a few days of rows instead of thirty days. The weeks of the counts so far are summed
-- from their days.
ALTER TABLE rollups DROP CONSTRAINT rollups_grain_check;
ALTER TABLE rollups ADD CONSTRAINT rollups_grain_check CHECK (grain IN (0, 1, 2));

INSERT INTO rollups (unit_id, dimension, grain, period, member, label, level, n)
SELECT unit_id, dimension, 2, period - (period + 3) % 7, member, label, level, SUM(n) FROM rollups
WHERE grain = 0 GROUP BY unit_id, dimension, period - (period + 3) % 7, member, label, level;
