-- The security monitor's own state (issue 14): where it is in each audit stream, the alerts, and the
-- deliveries still to make. Positions and the alerts raised from the records before them change in
-- one transaction, so a restart neither skips a record nor raises its alert twice.

CREATE TABLE stream_position (
    stream text PRIMARY KEY,
    seq    bigint      NOT NULL CHECK (seq >= 0),
    time   timestamptz NOT NULL
);

CREATE TABLE alert (
    id              uuid PRIMARY KEY,
    key             text        NOT NULL,
    rule_id         text        NOT NULL,
    title           text        NOT NULL,
    level           text        NOT NULL,
    grp             jsonb       NOT NULL,
    municipality    text,
    state           text        NOT NULL CHECK (state IN ('OPEN', 'ACKNOWLEDGED', 'CLOSED')),
    raised_at       timestamptz NOT NULL,
    first_event     timestamptz NOT NULL,
    last_event      timestamptz NOT NULL,
    findings        bigint      NOT NULL CHECK (findings > 0),
    events          jsonb       NOT NULL,
    acknowledged_by text,
    acknowledged_at timestamptz,
    closed_by       text,
    closed_at       timestamptz,
    note            text CHECK (length(note) <= 2000)
);
CREATE INDEX alert_latest_per_key ON alert (key, raised_at DESC);
-- one alert per finding while it is being handled
CREATE UNIQUE INDEX alert_one_unclosed_per_key ON alert (key) WHERE state <> 'CLOSED';
CREATE INDEX alert_list ON alert (raised_at DESC, id);

-- the outbox: a raised alert's deliveries, made after the commit and retried until they succeed
CREATE TABLE alert_delivery (
    id           bigserial PRIMARY KEY,
    alert_id     uuid        NOT NULL REFERENCES alert (id),
    channel      text        NOT NULL,
    created_at   timestamptz NOT NULL DEFAULT now(),
    attempts     integer     NOT NULL DEFAULT 0,
    next_attempt timestamptz NOT NULL DEFAULT now(),
    delivered_at timestamptz,
    last_error   text
);
CREATE INDEX alert_delivery_due ON alert_delivery (next_attempt) WHERE delivered_at IS NULL;
