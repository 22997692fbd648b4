package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.annotation.PostConstruct;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.HexFormat;
import java.util.Map;
import java.util.Properties;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.audit.CheckpointKeys;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.client.Client;
import lv.pasvaldibas.vpvkac.client.PersonalCode;

/**
 * Every VPVKAC action, reading a client's personal data included, into the platform's audit log
 * (stream {@code vpvkac/<node>}). {@link #record} returns only once the record is committed to the
 * audit database or spooled to local disk; it is called inside the action's transaction, so an
 * action whose record cannot be kept fails and changes nothing. Never give it a personal code in
 * clear: {@code PersonalCode.auditReference} is what identifies a client here. The refusal is
 * {@link RecordNotKept}, answered 503 {@code audit.unavailable} ({@link AuditOutageMapper}). The
 * database may be out of reach from the start: records are spooled unchained and chained on replay
 * (decision 38), so the application starts and works without it (decision 94).
 * <p>
 * Settings from the environment: {@code VPVKAC_AUDIT_JDBC_URL}, {@code VPVKAC_AUDIT_USER},
 * {@code VPVKAC_AUDIT_PASSWORD}, {@code VPVKAC_CLIENT_REF_KEY} (hex, at least 32 bytes), optional {@code VPVKAC_AUDIT_SPOOL} (folder), {@code VPVKAC_NODE}
 * and {@code VPVKAC_AUDIT_CHECKPOINT_KEY} (Ed25519 PEM). Without a database the application does
 * not start: there is no unaudited mode.
 */
@ApplicationScoped
public class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class.getName());
    private static final Duration DURABLE_WITHIN = Duration.ofSeconds(10);
    private static final String NO_AUDIT = "VPVKAC keeps no unaudited actions";

    private AuditWriter writer;
    /** Key of the clients' audit references (HMAC of the personal code): the log can tie one client's records together, never name them. */
    private byte[] referenceKey;

    @PostConstruct
    void open() {
        String url = Settings.required("VPVKAC_AUDIT_JDBC_URL", NO_AUDIT);
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalStateException("VPVKAC_AUDIT_JDBC_URL must be a jdbc:postgresql: URL");
        }
        Properties login = new Properties();
        login.setProperty("user", Settings.required("VPVKAC_AUDIT_USER", NO_AUDIT));
        login.setProperty("password", Settings.required("VPVKAC_AUDIT_PASSWORD", NO_AUDIT));
        login.setProperty("connectTimeout", "5");
        login.setProperty("socketTimeout", "30");
        login.setProperty("ApplicationName", "vpvkac-audit");
        String stream = "vpvkac/" + Settings.optional("VPVKAC_NODE", hostName());
        AuditWriter.Builder builder = AuditWriter.builder(stream, () -> connect(url, login))
                .spool(Path.of(Settings.optional("VPVKAC_AUDIT_SPOOL", Path.of(System.getProperty("jboss.server.data.dir", "."), "audit-spool").toString())));
        String key = Settings.optional("VPVKAC_AUDIT_CHECKPOINT_KEY", null);
        if (key == null) {
            LOG.warning("No audit checkpoint key (VPVKAC_AUDIT_CHECKPOINT_KEY): removal of the newest audit records would not be detectable");
        } else {
            try {
                builder.checkpoints(CheckpointKeys.readPrivate(Path.of(key)), Duration.ofMinutes(1));
            } catch (Exception e) {
                throw new IllegalStateException("Cannot read the audit checkpoint key " + key + ": " + e.getMessage(), e);
            }
        }
        referenceKey = HexFormat.of().parseHex(Settings.required("VPVKAC_CLIENT_REF_KEY", NO_AUDIT));
        if (referenceKey.length < PersonalCode.MIN_AUDIT_KEY_BYTES) {
            throw new IllegalStateException("VPVKAC_CLIENT_REF_KEY must be at least " + PersonalCode.MIN_AUDIT_KEY_BYTES + " bytes (hex)");
        }
        writer = builder.start();
        LOG.info(() -> "Audit log: writing stream " + stream);
    }

    /** The WAR's own driver, not the server's module: DriverManager does not see drivers of other class loaders. */
    private static Connection connect(String url, Properties login) throws SQLException {
        Connection c = new org.postgresql.Driver().connect(url, login);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: " + url);
        }
        return c;
    }

    /** An action's record could be neither stored nor spooled in time: the action must not be done (answered 503). */
    public static final class RecordNotKept extends IllegalStateException {
        RecordNotKept(String message, Throwable cause) {
            super(message, cause);
        }
    }

    /**
     * Records one action of {@code caller} and waits until it is durable.
     *
     * @throws RecordNotKept when the record could be neither stored nor spooled in time
     */
    public void record(Caller caller, String type, AuditEvent.Outcome outcome, String targetType, String targetId,
                       Map<String, Object> details) {
        AuditEvent event = new AuditEvent(Instant.now(), type, outcome,
                new AuditEvent.Actor(null, caller == null ? null : caller.username(), null, caller == null ? null : caller.municipality()),
                "vpvkac-app", null, null, targetType, targetId, details);
        try {
            writer.write(event).get(DURABLE_WITHIN.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new RecordNotKept("Interrupted while writing the audit record of " + type, e);
        } catch (ExecutionException | TimeoutException e) {
            throw new RecordNotKept("The audit record of " + type + " could not be kept; the action is refused", e);
        }
    }

    /** How the audit log names a client: a keyed hash of a person's code, an organisation's public registration number. */
    public String clientReference(Client client) {
        return switch (client) {
            case Client.Person person -> codeReference(person.personalCode());
            case Client.Organisation organisation -> "org-" + organisation.registrationNumber().digits();
        };
    }

    /** The audit log's name for whoever has this personal code (a search for it, say). */
    public String codeReference(lv.pasvaldibas.vpvkac.client.PersonalCode code) {
        return code.auditReference(referenceKey);
    }

    @PreDestroy
    void close() {
        if (writer != null) {
            writer.close();
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "node";
        }
    }
}
