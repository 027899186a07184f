-- Survey campaigns (đợt khảo sát, issue 10): a period, the unit whose subtree is surveyed, the method and the
-- questionnaire, the rule that sets each unit's target. Targets and quotas by field are fixed when it is planned.
CREATE TABLE campaigns (
    id                INTEGER PRIMARY KEY,
    unit_id           INTEGER NOT NULL REFERENCES units(id),
    name              TEXT    NOT NULL,
    -- Local days, YYYY-MM-DD, both included.
    first_day         TEXT    NOT NULL,
    last_day          TEXT    NOT NULL,
    -- on_site (QR codes and tablets) or field (surveyors, paper).
    method            TEXT    NOT NULL,
    -- short, detailed or paper2 (the 2-level paper form).
    questionnaire     TEXT    NOT NULL,
    -- tiered, slovin, per_kind or fixed:N.
    target_rule       TEXT    NOT NULL,
    -- The decision that authorises the survey, as printed on surveyors' letters.
    decision          TEXT    NOT NULL,
    -- VND paid per completed form (seed 002: 30,000).
    payment_per_form  BIGINT  NOT NULL,
    -- The draw of respondents: the seed and the rule, so anyone can redo it.
    sample_seed       BIGINT,
    sample_rule       TEXT,
    created_at        BIGINT  NOT NULL,
    closed_at         BIGINT
);

CREATE TABLE campaign_targets (
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    -- '' for the unit's whole target; a field (lĩnh vực) for its quota.
    field        TEXT    NOT NULL,
    target       BIGINT  NOT NULL,
    PRIMARY KEY (campaign_id, unit_id, field)
);

-- The customer list of a field survey, from the one-stop software. Name and contact are personal data: blanked
-- when the campaign closes.
CREATE TABLE respondents (
    id           INTEGER PRIMARY KEY,
    campaign_id  INTEGER NOT NULL REFERENCES campaigns(id),
    unit_id      INTEGER NOT NULL REFERENCES units(id),
    name         TEXT,
    contact      TEXT,
    procedure    TEXT    NOT NULL,
    field        TEXT    NOT NULL,
    served_on    TEXT    NOT NULL,
    drawn        BOOLEAN NOT NULL DEFAULT FALSE,
    surveyor_id  BIGINT,
    -- pending, completed, refused, not_reached.
    outcome      TEXT    NOT NULL DEFAULT 'pending'
);
CREATE INDEX respondents_campaign ON respondents (campaign_id, unit_id, field);

-- Surveyors (điều tra viên) of a campaign, whose badge anyone can check at /xac-minh/{token}.
CREATE TABLE surveyors (
    id            INTEGER PRIMARY KEY,
    campaign_id   INTEGER NOT NULL REFERENCES campaigns(id),
    full_name     TEXT    NOT NULL,
    organisation  TEXT    NOT NULL,
    created_at    BIGINT  NOT NULL,
    revoked_at    BIGINT
);
