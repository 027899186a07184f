-- Paper forms (phiếu giấy, issue 10): each keyed form is a response (channel paper) with its serial number, batch,
-- the surveyor who collected it if any, and who keyed it. A share of the forms
-- is keyed a second time to catch typing errors.
CREATE TABLE paper_forms (
    response_id  BIGINT  PRIMARY KEY REFERENCES responses(id),
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
    serial       TEXT    NOT NULL,
    batch        TEXT    NOT NULL,
    surveyor_id  BIGINT,
    entered_by   BIGINT  NOT NULL,
    -- The second keying of the share chosen for it: 1 matched, 0 did not; NULL until keyed again.
    second_match BIGINT,
    second_by    BIGINT
);
-- A serial stands once per campaign among the forms not voided: a form keyed wrong is voided and keyed anew.
CREATE INDEX paper_forms_serial ON paper_forms (campaign_id, serial);

-- Re-verification (phúc tra): forms drawn for a re-check, and what the re-check found.
CREATE TABLE rechecks (
    response_id  BIGINT  PRIMARY KEY REFERENCES responses(id),
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
    drawn_at     BIGINT  NOT NULL,
    -- confirmed, differs, not_found, refused; NULL until recorded.
    outcome      TEXT,
    note         TEXT,
    recorded_at  BIGINT
);
CREATE INDEX rechecks_campaign ON rechecks (campaign_id);
