-- A manager's decision on a flagged response (issue 24): confirm it (it stays out of every figure) or restore it
-- (it counts), with a reason. One decision per response, never changed or removed; a restored response can still be
-- voided. Restoring moves its counts out of the `misuse` rollups in the same transaction.
CREATE TABLE misuse_reviews (
    response_id INTEGER PRIMARY KEY REFERENCES responses(id),
    decision    TEXT    NOT NULL CHECK (decision IN ('confirm', 'restore')),
    reason      TEXT    NOT NULL,
    decided_by  INTEGER REFERENCES users(id),
    decided_at  INTEGER NOT NULL
);
CREATE TRIGGER misuse_reviews_no_update BEFORE UPDATE ON misuse_reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
CREATE TRIGGER misuse_reviews_no_delete BEFORE DELETE ON misuse_reviews
BEGIN SELECT RAISE(ABORT, 'reviews are append-only'); END;
