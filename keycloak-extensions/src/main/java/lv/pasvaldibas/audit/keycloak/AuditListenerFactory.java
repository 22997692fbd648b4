package lv.pasvaldibas.audit.keycloak;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.List;
import java.util.Properties;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.audit.CheckpointKeys;
import org.jboss.logging.Logger;
import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.EventListenerProviderFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Writes every user and admin event of every realm to the platform's audit log (DESIGN.md §4).
 * Global: a realm admin cannot switch it off. One {@link AuditWriter} per Keycloak node, stream
 * {@code keycloak/<node>}; it spools to local disk while the audit database is down. With
 * {@code fail-closed}, sign-ins are refused instead while the database is unreachable.
 * <p>
 * Options: {@code --spi-events-listener--municipal-audit--<name>=...}; the password preferably as
 * {@code KC_SPI_EVENTS_LISTENER__MUNICIPAL_AUDIT__PASSWORD}, out of the process list.
 */
public final class AuditListenerFactory implements EventListenerProviderFactory {

    public static final String PROVIDER_ID = "municipal-audit";
    private static final Logger LOG = Logger.getLogger(AuditListenerFactory.class);

    private Config.Scope config;
    private volatile AuditWriter writer;
    private String url;
    private Properties readerLogin;
    private final org.postgresql.Driver driver = new org.postgresql.Driver();
    private boolean failClosed;
    /** How long a request waits for its records to become durable before it logs that they did not. */
    private static final Duration ACK_TIMEOUT = Duration.ofSeconds(10);

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public boolean isGlobal() {
        return true;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return ProviderConfigurationBuilder.create()
                .property().name("jdbc-url").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("PostgreSQL JDBC URL of the audit database, e.g. jdbc:postgresql://db:5432/audit").add()
                .property().name("username").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("A login in the audit_writer role (it can only INSERT)").add()
                .property().name("password").type(ProviderConfigProperty.PASSWORD).secret(true)
                .helpText("Its password; pass it in the environment, not on the command line").add()
                .property().name("node").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("This node's name in the stream keycloak/<node>; default: the host name").add()
                .property().name("spool-dir").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Local folder for records written while the database is down; default data/audit-spool").add()
                .property().name("checkpoint-key").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("Ed25519 private key (PEM) that signs checkpoints; keep it off the database host").add()
                .property().name("checkpoint-interval").type(ProviderConfigProperty.STRING_TYPE).defaultValue("60")
                .helpText("Seconds between signed checkpoints").add()
                .property().name("fail-closed").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue("false")
                .helpText("Refuse sign-ins while the audit database is unreachable").add()
                .property().name("reader-username").type(ProviderConfigProperty.STRING_TYPE)
                .helpText("A login in the audit_reader role, for the security officers' search API; none: the API is off").add()
                .property().name("reader-password").type(ProviderConfigProperty.PASSWORD).secret(true)
                .helpText("Its password; pass it in the environment").add()
                .build();
    }

    @Override
    public void init(Config.Scope config) {
        this.config = config;
        this.failClosed = config.getBoolean("fail-closed", false);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        url = config.get("jdbc-url");
        if (url == null || url.isBlank()) {
            LOG.error("No audit database configured (--spi-events-listener--municipal-audit--jdbc-url):"
                    + " events are NOT written to the audit log" + (failClosed ? ", and sign-ins are refused (fail-closed)" : ""));
            return;
        }
        if (!url.startsWith("jdbc:postgresql:")) {
            throw new IllegalArgumentException("municipal-audit jdbc-url must be a jdbc:postgresql: URL");
        }
        Properties login = login(config.get("username", "audit_keycloak"), config.get("password", ""));
        if (config.get("reader-username") != null) {
            readerLogin = login(config.get("reader-username"), config.get("reader-password", ""));
        }
        String stream = "keycloak/" + config.get("node", hostName());
        AuditWriter.Builder builder = AuditWriter.builder(stream, () -> connect(login))
                // fail-closed: only the database counts as durable, so a success it cannot take is refused (decision 39)
                .mode(failClosed ? AuditWriter.Mode.FAIL_CLOSED : AuditWriter.Mode.SPOOL_WHEN_DOWN)
                .spool(Path.of(config.get("spool-dir", Path.of(System.getProperty("kc.home.dir", "."), "data", "audit-spool").toString())));
        String keyFile = config.get("checkpoint-key");
        if (keyFile == null || keyFile.isBlank()) {
            LOG.warn("No audit checkpoint key (checkpoint-key): removal of the newest audit records would not be detectable");
        } else {
            builder.checkpoints(readKey(keyFile), Duration.ofSeconds(config.getInt("checkpoint-interval", 60)));
        }
        writer = builder.start();
        LOG.infof("Audit log: writing stream %s%s", stream, failClosed ? " (fail-closed)" : "");
    }

    private static Properties login(String user, String password) {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password);
        login.setProperty("connectTimeout", "5");
        login.setProperty("socketTimeout", "30");
        login.setProperty("ApplicationName", "keycloak-audit");
        return login;
    }

    private Connection connect(Properties login) throws SQLException {
        Connection c = driver.connect(url, login);
        if (c == null) {
            throw new SQLException("not a PostgreSQL URL: " + url);
        }
        return c;
    }

    private static PrivateKey readKey(String file) {
        try {
            return CheckpointKeys.readPrivate(Path.of(file));
        } catch (Exception e) {
            throw new IllegalStateException("Cannot read the audit checkpoint key " + file + ": " + e.getMessage(), e);
        }
    }

    private static String hostName() {
        try {
            return InetAddress.getLocalHost().getHostName();
        } catch (UnknownHostException e) {
            return "kc";
        }
    }

    /** This node's writer, or null when no audit database is configured. */
    AuditWriter writer() {
        return writer;
    }

    /** A connection as the reader role, for the search API; empty when no reader login is configured. */
    java.util.Optional<Connection> reader() throws SQLException {
        return readerLogin == null || writer == null ? java.util.Optional.empty() : java.util.Optional.of(connect(readerLogin));
    }

    @Override
    public EventListenerProvider create(KeycloakSession session) {
        return new AuditListener(session, writer, ACK_TIMEOUT);
    }

    /**
     * True when sign-ins must be refused: fail-closed mode and the audit database unreachable (or
     * never configured). The user storage provider asks this before it checks a password.
     */
    public static boolean refusesSignIns(KeycloakSession session) {
        if (session.getKeycloakSessionFactory().getProviderFactory(EventListenerProvider.class, PROVIDER_ID)
                instanceof AuditListenerFactory factory) {
            return factory.failClosed && (factory.writer == null || !factory.writer.databaseReachable());
        }
        return false;
    }

    @Override
    public void close() {
        if (writer != null) {
            writer.close();
        }
    }
}
