-- Voided responses (issue 8): a manager voids a response with a reason — a form proven false, a test press, a rating
-- given by mistake. The response stays as it was; the void is a record of its own, never changed or removed, and
-- the response leaves every figure (the rollups count it apart, under "void").
CREATE TABLE response_voids (
    response_id BIGINT PRIMARY KEY REFERENCES responses(id),
    reason      TEXT   NOT NULL,
    voided_by   BIGINT REFERENCES users(id),
    voided_at   BIGINT NOT NULL
);
CREATE TRIGGER response_voids_append_only BEFORE UPDATE OR DELETE ON response_voids
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
