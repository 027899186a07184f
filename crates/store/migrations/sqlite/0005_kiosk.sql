-- Counter tablets (kiosk): paired devices, their pairing codes, officials on duty, what the queue system says is
-- being served, and on responses the device, its clock and the misuse flag (repeat presses).

CREATE TABLE kiosk_devices (
    id              INTEGER PRIMARY KEY,
    unit_id         INTEGER NOT NULL REFERENCES units(id),
    counter_id      INTEGER NOT NULL REFERENCES counters(id),
    name            TEXT    NOT NULL,
    -- SHA-256 of the device credential; the credential itself lives only on the tablet.
    credential_hash TEXT    NOT NULL UNIQUE,
    paired_at       BIGINT  NOT NULL,
    revoked_at      BIGINT,
    last_seen_at    BIGINT,
    app_version     TEXT,
    queue_length    BIGINT,
    -- Server clock minus device clock, as the last heartbeat measured it.
    clock_skew_ms   BIGINT
);
CREATE INDEX kiosk_devices_unit ON kiosk_devices(unit_id);

-- Single use, short-lived; only a hash is kept.
CREATE TABLE kiosk_pairing_codes (
    code_hash  TEXT    PRIMARY KEY,
    unit_id    INTEGER NOT NULL REFERENCES units(id),
    counter_id INTEGER NOT NULL REFERENCES counters(id),
    created_at BIGINT  NOT NULL,
    expires_at BIGINT  NOT NULL,
    used_at    BIGINT,
    device_id  INTEGER REFERENCES kiosk_devices(id)
);

CREATE TABLE kiosk_duties (
    id          INTEGER PRIMARY KEY,
    device_id   INTEGER NOT NULL REFERENCES kiosk_devices(id),
    official_id INTEGER NOT NULL REFERENCES officials(id),
    started_at  BIGINT  NOT NULL,
    -- The configured end of the working day, fixed when the duty starts.
    ends_at     BIGINT  NOT NULL,
    ended_at    BIGINT,
    end_reason  TEXT
);
CREATE INDEX kiosk_duties_device ON kiosk_duties(device_id, ended_at);

-- The official's kiosk PIN (argon2), set by a manager.
ALTER TABLE officials ADD COLUMN kiosk_pin_hash TEXT;

-- What the queue-ticket software says a counter is serving now (one row per counter, replaced each call).
CREATE TABLE counter_serving (
    counter_id   INTEGER PRIMARY KEY REFERENCES counters(id),
    ticket       TEXT    NOT NULL,
    procedure_id INTEGER REFERENCES procedures(id),
    set_at       BIGINT  NOT NULL,
    expires_at   BIGINT  NOT NULL
);

ALTER TABLE responses ADD COLUMN device_id INTEGER REFERENCES kiosk_devices(id);
-- The tap on the device's own clock; submitted_at is that time corrected by the device's measured skew.
ALTER TABLE responses ADD COLUMN device_at BIGINT;
ALTER TABLE responses ADD COLUMN received_at BIGINT;
-- The rule that flagged the response as misuse (e.g. a repeat press); such responses stay out of every index.
ALTER TABLE responses ADD COLUMN misuse_rule TEXT;
CREATE INDEX responses_device_time ON responses(device_id, device_at);
