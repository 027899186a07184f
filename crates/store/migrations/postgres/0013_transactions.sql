-- Transaction counts (issue 9): how many dossiers a unit handled in a month, per procedure, as the one-stop
-- software or a manager's CSV says. They size the surveys' samples and give the dashboard its response rate.
-- procedure_id 0: the unit's count with no procedure named. month: year × 12 + month − 1, as rollups name months.
CREATE TABLE transaction_counts (
    unit_id      BIGINT NOT NULL REFERENCES units(id),
    procedure_id BIGINT  NOT NULL,
    month        BIGINT  NOT NULL,
    count        BIGINT  NOT NULL CHECK (count >= 0),
    updated_at   BIGINT  NOT NULL,
    PRIMARY KEY (unit_id, month, procedure_id)
);
