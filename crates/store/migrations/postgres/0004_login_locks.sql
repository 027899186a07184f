-- Failed sign-ins count per account *and* client (the daily client hash), so that someone elsewhere typing wrong
-- passwords locks only themselves out of that account, never its owner. Replaces the per-account counters.
CREATE TABLE login_failures (
    user_id      BIGINT NOT NULL REFERENCES users(id),
    client_hash  TEXT   NOT NULL,
    failures     BIGINT NOT NULL,
    locked_until BIGINT,
    updated_at   BIGINT NOT NULL,
    PRIMARY KEY (user_id, client_hash)
);
CREATE INDEX login_failures_updated ON login_failures(updated_at);

ALTER TABLE users DROP COLUMN failed_logins;
ALTER TABLE users DROP COLUMN locked_until;
