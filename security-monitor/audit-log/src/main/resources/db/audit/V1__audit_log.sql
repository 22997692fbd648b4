-- The tamper-evident audit log (docs/audit-format.md). Append-only: the database itself refuses
-- UPDATE, DELETE and TRUNCATE, and the writer role may only INSERT.

CREATE TABLE audit_record (
    stream             text        NOT NULL CHECK (length(stream) BETWEEN 1 AND 200),
    seq                bigint      NOT NULL CHECK (seq > 0),
    time               timestamptz NOT NULL,
    type               text        NOT NULL,
    outcome            text        NOT NULL CHECK (outcome IN ('SUCCESS', 'FAILURE', 'DENIED')),
    actor_user_id      text,
    actor_username     text,
    actor_directory    text,
    actor_municipality text,
    client             text,
    source_ip          text,
    session            text,
    target_type        text,
    target_id          text,
    -- the canonical JSON text, byte for byte as hashed (jsonb would reorder it)
    details            text        NOT NULL,
    prev_hash          bytea       NOT NULL CHECK (length(prev_hash) = 32),
    hash               bytea       NOT NULL CHECK (length(hash) = 32),
    PRIMARY KEY (stream, seq)
);
CREATE INDEX audit_record_time ON audit_record (time);
CREATE INDEX audit_record_actor ON audit_record (actor_username, time);

CREATE TABLE audit_checkpoint (
    stream    text        NOT NULL,
    seq       bigint      NOT NULL,
    hash      bytea       NOT NULL CHECK (length(hash) = 32),
    time      timestamptz NOT NULL,
    signature bytea       NOT NULL CHECK (length(signature) = 64),
    PRIMARY KEY (stream, seq)
);

CREATE FUNCTION audit_refuse_change() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_record_no_truncate BEFORE TRUNCATE ON audit_record
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_append_only BEFORE UPDATE OR DELETE ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_checkpoint_no_truncate BEFORE TRUNCATE ON audit_checkpoint
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

-- Where a writer resumes its stream, without being allowed to read the log.
CREATE FUNCTION audit_stream_tail(p_stream text, OUT last_seq bigint, OUT last_hash bytea)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT seq, hash FROM public.audit_record WHERE stream = p_stream ORDER BY seq DESC LIMIT 1
$$;

DO $$
BEGIN
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'audit_writer') THEN
        CREATE ROLE audit_writer NOLOGIN;
    END IF;
    IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'audit_reader') THEN
        CREATE ROLE audit_reader NOLOGIN;
    END IF;
END
$$;
REVOKE ALL ON audit_record, audit_checkpoint FROM PUBLIC;
REVOKE ALL ON FUNCTION audit_stream_tail(text) FROM PUBLIC;
GRANT INSERT ON audit_record, audit_checkpoint TO audit_writer;
GRANT EXECUTE ON FUNCTION audit_stream_tail(text) TO audit_writer;
GRANT SELECT ON audit_record, audit_checkpoint TO audit_reader;
