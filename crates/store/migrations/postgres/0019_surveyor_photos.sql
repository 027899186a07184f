-- A surveyor's photo (issue 10, point 4): printed on the badge and shown by the public check, so a citizen sees the
-- person at the door is the one named. Re-encoded like officials' photos; photo_updated_at says there is one.
CREATE TABLE surveyor_photos (
    surveyor_id  BIGINT PRIMARY KEY REFERENCES surveyors(id),
    content_type TEXT   NOT NULL,
    bytes        BYTEA  NOT NULL,
    updated_at   BIGINT NOT NULL
);
ALTER TABLE surveyors ADD COLUMN photo_updated_at BIGINT;
