-- Retention (docs/audit-format.md#retention): records may leave the log only after they were
-- archived with their chain proof, and only up to a signed checkpoint. audit_archive says how far
-- each stream was archived; it is append-only like the log, and the delete trigger below lets
-- through exactly the records it covers.

CREATE TABLE audit_archive (
    stream         text        NOT NULL,
    up_to_seq      bigint      NOT NULL CHECK (up_to_seq > 0),
    -- the hash of record up_to_seq: what the first remaining record must point at (a signed checkpoint's hash)
    up_to_hash     bytea       NOT NULL CHECK (length(up_to_hash) = 32),
    archive_name   text        NOT NULL,
    archive_sha256 bytea       NOT NULL CHECK (length(archive_sha256) = 32),
    archived_at    timestamptz NOT NULL DEFAULT now(),
    PRIMARY KEY (stream, up_to_seq)
);
CREATE TRIGGER audit_archive_append_only BEFORE UPDATE OR DELETE ON audit_archive
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_change();
CREATE TRIGGER audit_archive_no_truncate BEFORE TRUNCATE ON audit_archive
    FOR EACH STATEMENT EXECUTE FUNCTION audit_refuse_change();

CREATE FUNCTION audit_refuse_unarchived_delete() RETURNS trigger LANGUAGE plpgsql AS $$
BEGIN
    IF TG_OP = 'DELETE' AND OLD.seq <= (SELECT max(up_to_seq) FROM audit_archive WHERE stream = OLD.stream) THEN
        RETURN OLD;
    END IF;
    RAISE EXCEPTION 'the audit log is append-only: % on % refused', TG_OP, TG_TABLE_NAME
        USING ERRCODE = 'insufficient_privilege';
END;
$$;
DROP TRIGGER audit_record_append_only ON audit_record;
CREATE TRIGGER audit_record_append_only BEFORE UPDATE OR DELETE ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_refuse_unarchived_delete();

REVOKE ALL ON audit_archive FROM PUBLIC;
GRANT SELECT ON audit_archive TO audit_reader;

-- A writer resumes after the newest archive when retention removed every record of its stream.
CREATE OR REPLACE FUNCTION audit_stream_tail(p_stream text, OUT last_seq bigint, OUT last_hash bytea)
    LANGUAGE sql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
    SELECT seq, hash FROM (
        SELECT seq, hash FROM public.audit_record WHERE stream = p_stream
        UNION ALL
        SELECT up_to_seq, up_to_hash FROM public.audit_archive WHERE stream = p_stream
    ) tail ORDER BY seq DESC LIMIT 1
$$;
