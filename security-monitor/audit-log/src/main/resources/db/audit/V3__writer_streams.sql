-- Each writer login may append only to its own streams (decision 40): Keycloak's login cannot
-- write records of vpvkac/... or of another component. audit_writer_stream names, per login, the
-- stream name prefixes it may write (a full stream name binds a login to one node). The check runs
-- in the insert trigger with session_user, the login that connected, which SET ROLE cannot change.
-- Logins outside audit_writer (the schema owner, retention) are not writers and are not checked.

CREATE TABLE audit_writer_stream (
    login         name NOT NULL,
    stream_prefix text NOT NULL CHECK (length(stream_prefix) BETWEEN 1 AND 200),
    PRIMARY KEY (login, stream_prefix)
);
REVOKE ALL ON audit_writer_stream FROM PUBLIC;

CREATE FUNCTION audit_check_writer_stream() RETURNS trigger
    LANGUAGE plpgsql SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF pg_has_role(session_user, 'audit_writer', 'MEMBER')
            AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
            AND NOT EXISTS (SELECT 1 FROM public.audit_writer_stream w
                            WHERE w.login = session_user AND starts_with(NEW.stream, w.stream_prefix)) THEN
        RAISE EXCEPTION 'audit login % may not write stream %', session_user, left(NEW.stream, 200)
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    RETURN NEW;
END;
$$;
REVOKE ALL ON FUNCTION audit_check_writer_stream() FROM PUBLIC;

CREATE TRIGGER audit_record_writer_stream BEFORE INSERT ON audit_record
    FOR EACH ROW EXECUTE FUNCTION audit_check_writer_stream();
CREATE TRIGGER audit_checkpoint_writer_stream BEFORE INSERT ON audit_checkpoint
    FOR EACH ROW EXECUTE FUNCTION audit_check_writer_stream();

-- a writer may not even learn another stream's tail (and learns nothing by trying)
CREATE OR REPLACE FUNCTION audit_stream_tail(p_stream text, OUT last_seq bigint, OUT last_hash bytea)
    LANGUAGE plpgsql STABLE SECURITY DEFINER SET search_path = pg_catalog, public AS $$
BEGIN
    IF pg_has_role(session_user, 'audit_writer', 'MEMBER')
            AND NOT (SELECT rolsuper FROM pg_roles WHERE rolname = session_user)
            AND NOT EXISTS (SELECT 1 FROM public.audit_writer_stream w
                            WHERE w.login = session_user AND starts_with(p_stream, w.stream_prefix)) THEN
        RAISE EXCEPTION 'audit login % may not write stream %', session_user, left(p_stream, 200)
            USING ERRCODE = 'insufficient_privilege';
    END IF;
    -- as in V2: after the newest archive when retention removed every record of the stream
    SELECT t.seq, t.hash INTO last_seq, last_hash FROM (
        SELECT seq, hash FROM public.audit_record WHERE stream = p_stream
        UNION ALL
        SELECT up_to_seq, up_to_hash FROM public.audit_archive WHERE stream = p_stream
    ) t ORDER BY t.seq DESC LIMIT 1;
END;
$$;
