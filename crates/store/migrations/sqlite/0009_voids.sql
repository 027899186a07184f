-- Voided responses (issue 8): a manager voids a response with a reason — a form proven false, a test press, a rating
-- given by mistake. The response stays as it was; the void is a record of its own, never changed or removed, and
-- the response leaves every figure (the rollups count it apart, under "void").
CREATE TABLE response_voids (
    response_id INTEGER PRIMARY KEY REFERENCES responses(id),
    reason      TEXT    NOT NULL,
    voided_by   INTEGER REFERENCES users(id),
    voided_at   INTEGER NOT NULL
);
CREATE TRIGGER response_voids_no_update BEFORE UPDATE ON response_voids
BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
CREATE TRIGGER response_voids_no_delete BEFORE DELETE ON response_voids
BEGIN SELECT RAISE(ABORT, 'voids are append-only'); END;
