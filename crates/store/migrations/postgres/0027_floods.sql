-- A flood (issue 24, domain::misuse::flooded): once a phone, or one network for one counter or official, sends more
-- than the day's flood, the day's earlier ratings that counted are taken out too. They are flagged here, after they
-- were stored, never changed or removed; a rating's rule is its own `misuse_rule` or, failing that, this one.
CREATE TABLE misuse_later (
    response_id BIGINT PRIMARY KEY REFERENCES responses(id),
    rule        TEXT   NOT NULL,
    flagged_at  BIGINT NOT NULL
);
CREATE TRIGGER misuse_later_append_only BEFORE UPDATE OR DELETE ON misuse_later
    FOR EACH ROW EXECUTE FUNCTION forbid_change();
-- A network's ratings of the day (its client hash changes with the day), read to judge a flood.
CREATE INDEX responses_by_client ON responses (client_hash) WHERE client_hash IS NOT NULL;
