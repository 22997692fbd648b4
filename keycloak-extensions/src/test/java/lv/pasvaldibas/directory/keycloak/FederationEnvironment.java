package lv.pasvaldibas.directory.keycloak;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lv.pasvaldibas.audit.AuditSchema;
import lv.pasvaldibas.audit.CheckpointKeys;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.SharedEnvironmentExtension;
import lv.pasvaldibas.testsupport.Slapd;
import lv.pasvaldibas.testsupport.TestEnvironment;

/**
 * The demo directories in real slapd (one process each), PostgreSQL, and Keycloak with this
 * module's provider jar and the realm from {@code realm-config}, pointed at those directories;
 * Keycloak's audit listener writes to an audit database in a second PostgreSQL.
 */
public final class FederationEnvironment extends TestEnvironment {

    public static final String REALM = "pasvaldibas";
    public static final String CLIENT = "platform-cli";

    /** The audit listener's node name: its stream is {@code keycloak/kc-test}. */
    public static final String AUDIT_STREAM = "keycloak/kc-test";
    private static final String AUDIT_WRITER_PASSWORD = "audit-kc-pw";
    private static final String AUDIT_READER_PASSWORD = "audit-officer-pw";

    private Slapd slapd;
    private KeycloakServer keycloak;
    private Postgres auditPostgres;
    private Postgres.Database auditDatabase;
    private Path auditKeys;

    /** Shares one environment among all test classes that use it. */
    public static final class Extension extends SharedEnvironmentExtension<FederationEnvironment> {
        public Extension() {
            super(FederationEnvironment.class, FederationEnvironment::new);
        }
    }

    @Override
    protected void start(Path workDir) throws Exception {
        Slapd.Builder directories = Slapd.builder().processPerDirectory();
        DemoDirectories.directories().forEach(directories::directory);
        slapd = own(directories.start(workDir.resolve("slapd")));
        Postgres postgres = own(Postgres.start());
        Postgres.Database db = postgres.createDatabase("keycloak", "keycloak", "kc-test-pw");
        startAuditDatabase(workDir);
        keycloak = own(KeycloakServer.builder()
                .provider(Path.of(System.getProperty("provider.jar")))
                .provider(Path.of(System.getProperty("themes.jar")))
                .database(db)
                .runOption("--spi-events-listener--municipal-audit--jdbc-url=" + auditDatabase.jdbcUrl())
                .runOption("--spi-events-listener--municipal-audit--username=audit_keycloak")
                .runOption("--spi-events-listener--municipal-audit--node=kc-test")
                .runOption("--spi-events-listener--municipal-audit--checkpoint-key=" + auditKeys.resolve(CheckpointKeys.PRIVATE_FILE))
                .runOption("--spi-events-listener--municipal-audit--checkpoint-interval=2")
                .runOption("--spi-events-listener--municipal-audit--spool-dir=" + workDir.resolve("audit-spool"))
                .env("KC_SPI_EVENTS_LISTENER__MUNICIPAL_AUDIT__PASSWORD", AUDIT_WRITER_PASSWORD)
                .start(workDir.resolve("keycloak")));
        Map<String, String> env = new HashMap<>();
        env.put("VENTSPILS_LDAP_URL", slapd.ldapUrl("ventspils"));
        env.put("KULDIGA_LDAP_URL", slapd.ldapUrl("kuldiga"));
        env.put("TALSI_LDAP_URL", slapd.ldapUrl("talsi"));
        String realm = substitute(Files.readString(realmConfig(), StandardCharsets.UTF_8), env);
        KeycloakClient.Response created = keycloak.client().adminPost("/realms", realm);
        if (created.status() != 201) {
            throw new IllegalStateException("Realm import failed: " + created.status() + " " + created.raw());
        }
    }

    /**
     * The audit log in a PostgreSQL of its own (so that it can be stopped while Keycloak's database
     * stays up), migrated by its owner, with a writer login for Keycloak and a reader login for checks.
     */
    private void startAuditDatabase(Path workDir) throws Exception {
        auditPostgres = own(Postgres.start());
        auditDatabase = auditPostgres.createDatabase("audit", "audit_owner", "audit-owner-pw");
        auditPostgres.execute("ALTER ROLE audit_owner CREATEROLE");
        AuditSchema.migrate(auditDatabase.jdbcUrl(), auditDatabase.user(), auditDatabase.password());
        auditPostgres.execute("CREATE ROLE audit_keycloak LOGIN PASSWORD '" + AUDIT_WRITER_PASSWORD + "' IN ROLE audit_writer",
                "CREATE ROLE audit_officer LOGIN PASSWORD '" + AUDIT_READER_PASSWORD + "' IN ROLE audit_reader");
        auditKeys = workDir.resolve("audit-keys");
        CheckpointKeys.generate(auditKeys);
    }

    static Path realmConfig() {
        Path fromModule = Path.of("..", "realm-config", "pasvaldibas-realm.json");
        return Files.exists(fromModule) ? fromModule : Path.of("realm-config", "pasvaldibas-realm.json");
    }

    /** Keycloak's import placeholders: {@code ${NAME}} or {@code ${NAME:default}}. */
    static String substitute(String text, Map<String, String> values) {
        Matcher m = Pattern.compile("\\$\\{([A-Z0-9_]+)(?::([^}]*))?}").matcher(text);
        StringBuilder out = new StringBuilder();
        while (m.find()) {
            String value = values.getOrDefault(m.group(1), m.group(2));
            if (value == null) {
                throw new IllegalArgumentException("No value for placeholder " + m.group(1));
            }
            m.appendReplacement(out, Matcher.quoteReplacement(value));
        }
        m.appendTail(out);
        return out.toString();
    }

    public Slapd slapd() {
        return slapd;
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    /** The audit database's PostgreSQL, to stop and start it. */
    public Postgres auditPostgres() {
        return auditPostgres;
    }

    /** A connection to the audit log as a reader (SELECT only). */
    public Connection auditReader() throws SQLException {
        return DriverManager.getConnection(auditDatabase.jdbcUrl(), "audit_officer", AUDIT_READER_PASSWORD);
    }

    /** A superuser connection to the audit database, for tampering tests. */
    public Connection auditSuperuser() throws SQLException {
        return DriverManager.getConnection(auditDatabase.jdbcUrl(), "postgres", auditPostgres.superPassword());
    }

    public PublicKey auditPublicKey() throws Exception {
        return CheckpointKeys.readPublic(auditKeys.resolve(CheckpointKeys.PUBLIC_FILE));
    }

    public KeycloakClient client() {
        return keycloak.client();
    }

    public KeycloakClient.Response signIn(String username, String password) {
        return client().passwordGrant(REALM, CLIENT, null, username, password);
    }
}
