-- Each verification of the whole audit log and what it found (decision 105): the monthly evidence
-- report says how often the log was verified in a month and the latest result, which an alert alone
-- (raised only for a break) cannot tell.

CREATE TABLE integrity_check (
    checked_at timestamptz NOT NULL,
    intact     boolean     NOT NULL,
    -- empty when intact; else the first break of each broken stream, one per line
    breaks     text        NOT NULL
);
CREATE INDEX integrity_check_time ON integrity_check (checked_at);
