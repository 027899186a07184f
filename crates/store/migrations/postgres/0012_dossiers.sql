-- Receipt links (issue 9, docs/decisions/013-receipt-links.md): a dossier the one-stop software registered, and the
-- one-time rating link printed on its receipt. The dossier code is not kept, only a keyed hash of it (so that
-- registering the same dossier again finds its link); the link is burnt with nothing of the rating that used it —
-- no response id, no time.
CREATE TABLE dossiers (
    -- Random: the signed token's payload, so it reveals no count and cannot be guessed.
    id            BIGINT  PRIMARY KEY,
    unit_id       BIGINT NOT NULL REFERENCES units(id),
    counter_id    BIGINT REFERENCES counters(id),
    official_id   BIGINT REFERENCES officials(id),
    procedure_id  BIGINT REFERENCES procedures(id),
    -- HMAC-SHA256(server secret, unit id and dossier code), hex.
    code_key      TEXT    NOT NULL UNIQUE,
    token         TEXT    NOT NULL,
    received_on   TEXT    NOT NULL,
    due_on        TEXT,
    returned_on   TEXT,
    expires_at    BIGINT  NOT NULL,
    registered_at BIGINT  NOT NULL,
    -- 1 once a rating came through the link.
    used          BIGINT NOT NULL DEFAULT 0 CHECK (used IN (0, 1))
);
-- Registered dossiers per unit and month count as transactions.
CREATE INDEX dossiers_unit_received ON dossiers(unit_id, received_on);

-- Whether the dossier behind a receipt-link rating came back by its due date (1), late (0), or not known: the only
-- thing of the dossier's dates a rating keeps.
ALTER TABLE responses ADD COLUMN on_time BIGINT CHECK (on_time IN (0, 1));
