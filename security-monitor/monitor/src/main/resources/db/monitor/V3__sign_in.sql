-- Security officers' sign-in (issue 14, decision 108): the SAML requests this service provider sent and
-- not yet seen answered, the assertions already used (the replay cache) and the sessions. In the
-- database, not in one process's memory, so a restart or a second node neither forgets a request nor
-- accepts a replayed assertion.

CREATE TABLE saml_request (
    id         text        PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 100),
    purpose    text        NOT NULL CHECK (purpose IN ('SIGN_IN', 'LOGOUT')),
    expires_at timestamptz NOT NULL
);
CREATE INDEX saml_request_expiry ON saml_request (expires_at);

CREATE TABLE saml_assertion_seen (
    id         text        PRIMARY KEY CHECK (length(id) BETWEEN 1 AND 200),
    expires_at timestamptz NOT NULL
);
CREATE INDEX saml_assertion_seen_expiry ON saml_assertion_seen (expires_at);

-- a session cookie's SHA-256 only: a copy of this table signs nobody in
CREATE TABLE web_session (
    token_hash     bytea       PRIMARY KEY CHECK (length(token_hash) = 32),
    username       text        NOT NULL,
    municipality   text,
    platform_wide  boolean     NOT NULL,
    name_id        text        NOT NULL,
    name_id_format text,
    session_index  text,
    csrf           text        NOT NULL,
    created_at     timestamptz NOT NULL,
    last_seen_at   timestamptz NOT NULL,
    expires_at     timestamptz NOT NULL
);
CREATE INDEX web_session_name_id ON web_session (name_id);
CREATE INDEX web_session_expiry ON web_session (expires_at);
