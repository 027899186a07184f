-- Accounts with roles scoped to a unit subtree, their sessions, and the audit log of administrative changes.

CREATE TABLE users (
    id                   INTEGER PRIMARY KEY,
    username             TEXT    NOT NULL UNIQUE,
    full_name            TEXT    NOT NULL,
    password_hash        TEXT    NOT NULL,
    role                 TEXT    NOT NULL,
    unit_id              INTEGER REFERENCES units(id),
    official_id          INTEGER REFERENCES officials(id),
    disabled             BOOLEAN NOT NULL DEFAULT FALSE,
    must_change_password BOOLEAN NOT NULL DEFAULT FALSE,
    failed_logins        BIGINT  NOT NULL DEFAULT 0,
    locked_until         BIGINT,
    created_at           BIGINT  NOT NULL
);

CREATE TABLE sessions (
    id          TEXT   PRIMARY KEY,
    data        TEXT   NOT NULL,
    expiry_date BIGINT NOT NULL
);
CREATE INDEX sessions_expiry ON sessions(expiry_date);

CREATE TABLE audit_log (
    id        INTEGER PRIMARY KEY,
    at        BIGINT  NOT NULL,
    user_id   INTEGER REFERENCES users(id),
    username  TEXT    NOT NULL,
    unit_id   INTEGER REFERENCES units(id),
    action    TEXT    NOT NULL,
    target    TEXT    NOT NULL,
    before    TEXT,
    after     TEXT
);
CREATE INDEX audit_log_unit_at ON audit_log(unit_id, at);
