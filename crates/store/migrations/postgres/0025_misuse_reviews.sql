-- A manager's decision on a flagged response (issue 24): confirm it (it stays out of every figure) or restore it
-- (it counts), with a reason. One decision per response, never changed or removed; a restored response can still be
-- voided. Restoring moves its counts out of the `misuse` rollups in the same transaction.
CREATE TABLE misuse_reviews (
    response_id BIGINT PRIMARY KEY REFERENCES responses(id),
    decision    TEXT   NOT NULL CHECK (decision IN ('confirm', 'restore')),
    reason      TEXT   NOT NULL,
    decided_by  BIGINT REFERENCES users(id),
    decided_at  BIGINT NOT NULL
);
CREATE TRIGGER misuse_reviews_append_only BEFORE UPDATE OR DELETE ON misuse_reviews
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
