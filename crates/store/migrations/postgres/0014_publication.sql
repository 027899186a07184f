-- Public results (issue 10, point 8): a unit's public page shows its officials' figures only when the unit opts in.
ALTER TABLE units ADD COLUMN publish_officials BOOLEAN NOT NULL DEFAULT FALSE;
