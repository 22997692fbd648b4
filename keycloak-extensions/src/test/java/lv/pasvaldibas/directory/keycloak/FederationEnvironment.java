package lv.pasvaldibas.directory.keycloak;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.SharedEnvironmentExtension;
import lv.pasvaldibas.testsupport.Slapd;
import lv.pasvaldibas.testsupport.TestEnvironment;

/**
 * The demo directories in real slapd (one process each), PostgreSQL, and Keycloak with this
 * module's provider jar and the realm from {@code realm-config}, pointed at those directories.
 */
public final class FederationEnvironment extends TestEnvironment {

    public static final String REALM = "pasvaldibas";
    public static final String CLIENT = "platform-cli";

    private Slapd slapd;
    private KeycloakServer keycloak;

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
        keycloak = own(KeycloakServer.builder()
                .provider(Path.of(System.getProperty("provider.jar")))
                .provider(Path.of(System.getProperty("themes.jar")))
                .database(db)
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

    public KeycloakClient client() {
        return keycloak.client();
    }

    public KeycloakClient.Response signIn(String username, String password) {
        return client().passwordGrant(REALM, CLIENT, null, username, password);
    }
}
