-- A flood (issue 24, domain::misuse::flooded): once a phone, or one network for one counter or official, sends more
-- than the day's flood, the day's earlier ratings that counted are taken out too. They are flagged here, after they
-- were stored, never changed or removed; a rating's rule is its own `misuse_rule` or, failing that, this one.
CREATE TABLE misuse_later (
    response_id INTEGER PRIMARY KEY REFERENCES responses(id),
    rule        TEXT    NOT NULL,
    flagged_at  INTEGER NOT NULL
);
CREATE TRIGGER misuse_later_no_update BEFORE UPDATE ON misuse_later
BEGIN SELECT RAISE(ABORT, 'later flags are append-only'); END;
CREATE TRIGGER misuse_later_no_delete BEFORE DELETE ON misuse_later
BEGIN SELECT RAISE(ABORT, 'later flags are append-only'); END;
-- A network's ratings of the day (its client hash changes with the day), read to judge a flood.
CREATE INDEX responses_by_client ON responses (client_hash) WHERE client_hash IS NOT NULL;
