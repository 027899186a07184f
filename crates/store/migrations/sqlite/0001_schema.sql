-- hailong schema, SQLite dialect. Times are UTC Unix milliseconds (BIGINT) so that the same
-- portable SQL runs on both backends (docs/decisions/001-one-store-two-dialects.md).

CREATE TABLE units (
    id                 INTEGER PRIMARY KEY,
    parent_id          INTEGER REFERENCES units(id),
    kind               TEXT    NOT NULL,
    name               TEXT    NOT NULL,
    code               TEXT,
    questionnaire_code TEXT    NOT NULL DEFAULT 'short',
    archived           BOOLEAN NOT NULL DEFAULT FALSE,
    created_at         BIGINT  NOT NULL
);
CREATE INDEX units_parent ON units(parent_id);

CREATE TABLE counters (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    name       TEXT    NOT NULL,
    archived   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT  NOT NULL
);
CREATE INDEX counters_unit ON counters(unit_id);

CREATE TABLE officials (
    id         INTEGER PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    counter_id INTEGER REFERENCES counters(id),
    full_name  TEXT    NOT NULL,
    title      TEXT    NOT NULL DEFAULT '',
    staff_code TEXT,
    archived   BOOLEAN NOT NULL DEFAULT FALSE,
    created_at BIGINT  NOT NULL
);
CREATE INDEX officials_unit ON officials(unit_id);

CREATE TABLE official_photos (
    official_id  INTEGER PRIMARY KEY REFERENCES officials(id),
    content_type TEXT    NOT NULL,
    bytes        BLOB    NOT NULL,
    updated_at   BIGINT  NOT NULL
);

-- A procedure code keeps its rows over time: a replaced procedure ends (valid_to) and keeps its history.
CREATE TABLE procedures (
    id         INTEGER PRIMARY KEY,
    code       TEXT NOT NULL,
    name       TEXT NOT NULL,
    field      TEXT NOT NULL,
    level      TEXT,
    valid_from TEXT NOT NULL,
    valid_to   TEXT,
    UNIQUE (code, valid_from)
);

CREATE TABLE unit_procedures (
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    procedure_id INTEGER NOT NULL REFERENCES procedures(id),
    PRIMARY KEY (unit_id, procedure_id)
);

CREATE TABLE questionnaires (
    id         INTEGER PRIMARY KEY,
    code       TEXT    NOT NULL,
    version    INTEGER NOT NULL,
    definition TEXT    NOT NULL,
    created_at BIGINT  NOT NULL,
    UNIQUE (code, version)
);

-- The id is random (not a sequence): it is the signed payload of the token, and must not reveal how many codes exist.
CREATE TABLE qr_codes (
    id          BIGINT  PRIMARY KEY,
    unit_id     INTEGER NOT NULL REFERENCES units(id),
    counter_id  INTEGER REFERENCES counters(id),
    official_id INTEGER REFERENCES officials(id),
    token       TEXT    NOT NULL UNIQUE,
    created_at  BIGINT  NOT NULL,
    revoked_at  BIGINT,
    CHECK (counter_id IS NOT NULL OR official_id IS NOT NULL)
);
CREATE INDEX qr_codes_counter ON qr_codes(counter_id);
CREATE INDEX qr_codes_official ON qr_codes(official_id);

CREATE TABLE responses (
    id               INTEGER PRIMARY KEY,
    submission_id    TEXT    NOT NULL UNIQUE,
    fingerprint      TEXT    NOT NULL,
    unit_id          INTEGER NOT NULL REFERENCES units(id),
    counter_id       INTEGER REFERENCES counters(id),
    official_id      INTEGER REFERENCES officials(id),
    procedure_id     INTEGER REFERENCES procedures(id),
    qr_code_id       BIGINT  REFERENCES qr_codes(id),
    questionnaire_id INTEGER NOT NULL REFERENCES questionnaires(id),
    channel          TEXT    NOT NULL,
    overall          INTEGER NOT NULL CHECK (overall BETWEEN 1 AND 4),
    comment          TEXT,
    contact_phone    TEXT,
    client_hash      TEXT,
    submitted_at     BIGINT  NOT NULL
);
CREATE INDEX responses_unit_time ON responses(unit_id, submitted_at);
CREATE INDEX responses_official_time ON responses(official_id, submitted_at);

CREATE TABLE response_answers (
    response_id  INTEGER NOT NULL REFERENCES responses(id),
    question_key TEXT    NOT NULL,
    level        INTEGER NOT NULL CHECK (level BETWEEN 1 AND 4),
    PRIMARY KEY (response_id, question_key)
);

CREATE TABLE response_reasons (
    response_id INTEGER NOT NULL REFERENCES responses(id),
    reason_key  TEXT    NOT NULL,
    PRIMARY KEY (response_id, reason_key)
);

-- Responses are append-only: corrections are new records, never edits.
CREATE TRIGGER responses_no_update BEFORE UPDATE ON responses
BEGIN SELECT RAISE(ABORT, 'responses are append-only'); END;
CREATE TRIGGER responses_no_delete BEFORE DELETE ON responses
BEGIN SELECT RAISE(ABORT, 'responses are append-only'); END;
CREATE TRIGGER response_answers_no_update BEFORE UPDATE ON response_answers
BEGIN SELECT RAISE(ABORT, 'responses are append-only'); END;
CREATE TRIGGER response_answers_no_delete BEFORE DELETE ON response_answers
BEGIN SELECT RAISE(ABORT, 'responses are append-only'); END;
CREATE TRIGGER response_reasons_no_update BEFORE UPDATE ON response_reasons
BEGIN SELECT RAISE(ABORT, 'responses are append-only'); END;
CREATE TRIGGER response_reasons_no_delete BEFORE DELETE ON response_reasons
BEGIN SELECT RAISE(ABORT, 'responses are append-only'); END;
