-- Surveyors' phones (issue 10, point 4): a surveyor signs in with a one-time code from a manager and enters the
-- interviews of their drawn respondents on the phone (channel survey), offline when need be.

-- The sign-in code (single use, short-lived) and the phone's credential: SHA-256 of each, never the secret itself.
ALTER TABLE surveyors ADD COLUMN sign_in_code_hash TEXT;
ALTER TABLE surveyors ADD COLUMN sign_in_code_expires_at BIGINT;
ALTER TABLE surveyors ADD COLUMN credential_hash TEXT;
ALTER TABLE surveyors ADD COLUMN signed_in_at BIGINT;
ALTER TABLE surveyors ADD COLUMN last_seen_at BIGINT;
CREATE UNIQUE INDEX surveyors_sign_in_code ON surveyors (sign_in_code_hash);
CREATE UNIQUE INDEX surveyors_credential ON surveyors (credential_hash);

-- Every form a campaign collected by hand: paper forms keyed by staff (channel paper; entered_by the account) and
-- the forms surveyors enter on their phones (channel survey; entered_by NULL). Paper forms move here as they were.
-- respondent_id links a surveyor's form to the drawn respondent interviewed, for phúc tra to find them again;
-- it is erased with the respondents' names when the campaign closes.
CREATE TABLE campaign_forms (
    response_id   BIGINT  PRIMARY KEY REFERENCES responses(id),
    campaign_id   BIGINT NOT NULL REFERENCES campaigns(id),
    serial        TEXT    NOT NULL,
    batch         TEXT    NOT NULL,
    surveyor_id   BIGINT,
    entered_by    BIGINT,
    respondent_id BIGINT,
    -- The second keying of the share of paper forms chosen for it: 1 matched, 0 did not; NULL until keyed again.
    second_match  BIGINT,
    second_by     BIGINT
);
INSERT INTO campaign_forms (response_id, campaign_id, serial, batch, surveyor_id, entered_by, second_match, second_by)
    SELECT response_id, campaign_id, serial, batch, surveyor_id, entered_by, second_match, second_by FROM paper_forms;
DROP TABLE paper_forms;
-- A serial stands once per campaign among the forms not voided: a form keyed wrong is voided and keyed anew.
CREATE INDEX campaign_forms_serial ON campaign_forms (campaign_id, serial);
CREATE INDEX campaign_forms_respondent ON campaign_forms (respondent_id);
