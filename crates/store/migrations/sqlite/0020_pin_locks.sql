-- Wrong duty PINs count per official *and* tablet (the duty request names the official it is for): five in a row
-- lock that official's PIN at that tablet until a manager clears it or the official signs in on the staff side.
-- Someone typing wrong PINs under a colleague's photo locks that colleague out of this one tablet at most, never
-- anyone else, never another tablet, and never the duty under way.
CREATE TABLE kiosk_pin_failures (
    device_id   INTEGER NOT NULL REFERENCES kiosk_devices(id),
    official_id INTEGER NOT NULL REFERENCES officials(id),
    failures    BIGINT  NOT NULL,
    -- Set by the failure that locked the PIN; the row goes away when it is cleared or the right PIN is typed.
    locked_at   BIGINT,
    updated_at  BIGINT  NOT NULL,
    PRIMARY KEY (device_id, official_id)
);
CREATE INDEX kiosk_pin_failures_official ON kiosk_pin_failures(official_id);
