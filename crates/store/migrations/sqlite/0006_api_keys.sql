-- API keys of machine clients (the one-stop or queue-ticket software): a unit's subtree, scopes, a hash of the key.
CREATE TABLE api_keys (
    id           INTEGER PRIMARY KEY,
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    name         TEXT    NOT NULL,
    -- Comma-separated, e.g. "queue".
    scopes       TEXT    NOT NULL,
    prefix       TEXT    NOT NULL,
    key_hash     TEXT    NOT NULL UNIQUE,
    created_at   BIGINT  NOT NULL,
    revoked_at   BIGINT,
    last_used_at BIGINT
);
CREATE INDEX api_keys_unit ON api_keys(unit_id);
