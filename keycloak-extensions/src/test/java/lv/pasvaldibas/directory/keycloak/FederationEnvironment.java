package lv.pasvaldibas.directory.keycloak;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lv.pasvaldibas.audit.keycloak.AuditSetup;
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

    /** The secret of the VPVKAC application's client ({@code vpvkac-app}) in tests. */
    public static final String VPVKAC_SECRET = "vpvkac-test-secret";
    /** The {@code provisioning-api} client's secret in tests (it introspects tokens that carry trust grants). */
    public static final String PROVISIONING_SECRET = "provisioning-test-secret";
    /** The security monitor's service account's secret ({@code security-monitor-observer}) in tests. */
    public static final String MONITOR_OBSERVER_SECRET = "monitor-observer-test-secret";

    /** The audit listener's node name: its stream is {@code keycloak/kc-test}. */
    public static final String AUDIT_STREAM = "keycloak/kc-test";

    private Slapd slapd;
    private KeycloakServer keycloak;
    private Postgres.Database keycloakDatabase;
    private Postgres auditPostgres;
    private AuditSetup audit;

    /** Shares one environment among all test classes that use it. */
    public static final class Extension extends SharedEnvironmentExtension<FederationEnvironment> {
        public Extension() {
            super(FederationEnvironment.class, FederationEnvironment::new);
        }
    }

    @Override
    protected void start(Path workDir) throws Exception {
        slapd = own(demoDirectories(workDir.resolve("slapd")));
        Postgres postgres = own(Postgres.start());
        Postgres.Database db = postgres.createDatabase("keycloak", "keycloak", "kc-test-pw");
        keycloakDatabase = db;
        // the audit log in a PostgreSQL of its own: it can be stopped while Keycloak's stays up
        auditPostgres = own(Postgres.start());
        audit = AuditSetup.create(auditPostgres, workDir.resolve("audit-keys"));
        keycloak = own(audit.configure(platformKeycloak().database(db), "kc-test", workDir.resolve("audit-spool"))
                .start(workDir.resolve("keycloak")));
        importRealm(keycloak, slapd);
    }

    /** The demo directories, one slapd process each. */
    public static Slapd demoDirectories(Path workDir) {
        Slapd.Builder directories = Slapd.builder().processPerDirectory();
        DemoDirectories.directories().forEach(directories::directory);
        return directories.start(workDir);
    }

    /** Keycloak with this module's provider jar and the themes. */
    public static KeycloakServer.Builder platformKeycloak() {
        return KeycloakServer.builder()
                .provider(Path.of(System.getProperty("provider.jar")))
                .provider(Path.of(System.getProperty("themes.jar")));
    }

    /** Imports the realm from {@code realm-config}, pointed at the demo directories in {@code slapd}. */
    public static void importRealm(KeycloakServer keycloak, Slapd slapd) throws IOException {
        Map<String, String> env = new HashMap<>();
        env.put("VENTSPILS_LDAP_URL", slapd.ldapUrl("ventspils"));
        env.put("KULDIGA_LDAP_URL", slapd.ldapUrl("kuldiga"));
        env.put("TALSI_LDAP_URL", slapd.ldapUrl("talsi"));
        env.put("VPVKAC_OIDC_SECRET", VPVKAC_SECRET);
        env.put("PROVISIONING_API_SECRET", PROVISIONING_SECRET);
        env.put("MONITOR_OBSERVER_SECRET", MONITOR_OBSERVER_SECRET);
        String realm = substitute(Files.readString(realmConfig(), StandardCharsets.UTF_8), env);
        KeycloakClient.Response created = keycloak.client().adminPost("/realms", realm);
        if (created.status() != 201) {
            throw new IllegalStateException("Realm import failed: " + created.status() + " " + created.raw());
        }
    }

    /** The realm file, found from any module's folder (the tests run in their module, some of them two levels down). */
    public static Path realmConfig() {
        for (Path dir = Path.of("").toAbsolutePath(); dir != null; dir = dir.getParent()) {
            Path realm = dir.resolve("realm-config").resolve("pasvaldibas-realm.json");
            if (Files.exists(realm)) {
                return realm;
            }
        }
        throw new IllegalStateException("realm-config/pasvaldibas-realm.json is in no folder above " + Path.of("").toAbsolutePath());
    }

    /** Keycloak's import placeholders: {@code ${NAME}} or {@code ${NAME:default}}. */
    public static String substitute(String text, Map<String, String> values) {
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

    /** A connection to Keycloak's own database, for tests that let time pass by moving its dates. */
    public Connection keycloakDatabase() throws SQLException {
        return java.sql.DriverManager.getConnection(keycloakDatabase.jdbcUrl(), keycloakDatabase.user(), keycloakDatabase.password());
    }

    /** The audit database's PostgreSQL, to stop and start it. */
    public Postgres auditPostgres() {
        return auditPostgres;
    }

    /** A connection to the audit log as a reader (SELECT only). */
    public Connection auditReader() throws SQLException {
        return audit.reader();
    }

    public PublicKey auditPublicKey() throws Exception {
        return audit.publicKey();
    }

    public KeycloakClient client() {
        return keycloak.client();
    }

    public KeycloakClient.Response signIn(String username, String password) {
        return client().passwordGrant(REALM, CLIENT, null, username, password);
    }

    /** A demo admin's password grant with a fresh one-time code of the demo seed (realm-config gives them that second factor). */
    public KeycloakClient.Response signInAsAdmin(String username) {
        return signInAsAdmin(client(), username);
    }

    /** The same against any Keycloak with the platform's realm (the VPVKAC tests' own). */
    public static KeycloakClient.Response signInAsAdmin(KeycloakClient client, String username) {
        return client.passwordGrant(REALM, CLIENT, null, username, lv.pasvaldibas.testsupport.DemoDirectories.DEMO_PASSWORD,
                lv.pasvaldibas.testsupport.Totp.demoAdminCode(username));
    }
}
