package lv.pasvaldibas.vpvkac;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditSchema;
import lv.pasvaldibas.audit.keycloak.AuditSetup;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.SharedEnvironmentExtension;
import lv.pasvaldibas.testsupport.Slapd;
import lv.pasvaldibas.testsupport.TestEnvironment;
import lv.pasvaldibas.testsupport.WildFlyServer;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The VPVKAC application on a real WildFly, signed in through the platform's real Keycloak (the
 * demo directories in slapd, the realm from realm-config), on PostgreSQL databases of its own and
 * writing to a real audit database, as {@code bin/platform up} runs it.
 */
public final class VpvkacEnvironment extends TestEnvironment {

    public static final String REALM = FederationEnvironment.REALM;
    /** A client the tests sign in with by password; its tokens are issued for vpvkac-app (audience mapper), like an API consumer's. */
    public static final String TEST_CLIENT = "vpvkac-api-test";
    /** The key of the clients' audit references (HMAC of personal codes), as bin/platform generates one. */
    public static final byte[] CLIENT_REF_KEY = HexFormat.of().parseHex(
            "3f1e2d4c5b6a798807162534435261708f9eadbcdbcafe011223344556677889");
    private static final String AUDIT_WRITER_PASSWORD = "audit-vpvkac-pw";
    /** The audit node of this environment's WildFly: its records are stream {@code vpvkac/vpvkac-test}. */
    public static final String NODE = "vpvkac-test";

    private static final ObjectMapper JSON = new ObjectMapper();

    private final HttpClient http = HttpClient.newHttpClient();
    private Path workDir;
    private Postgres postgres;
    private KeycloakServer keycloak;
    private WildFlyServer wildfly;
    private AuditSetup audit;
    private Postgres.Database database;

    /** Shares one environment among all test classes that use it. */
    public static final class Extension extends SharedEnvironmentExtension<VpvkacEnvironment> {
        public Extension() {
            super(VpvkacEnvironment.class, VpvkacEnvironment::new);
        }
    }

    /** The environment the test classes with {@link Extension} share, for other extensions (started now if none is yet). */
    public static VpvkacEnvironment shared(ExtensionContext context) {
        return new Extension().environment(context);
    }

    /** Starts an environment outside JUnit (the benchmark, which must close it), in {@code workDir}. */
    public static VpvkacEnvironment startIn(Path workDir) throws Exception {
        VpvkacEnvironment environment = new VpvkacEnvironment();
        try {
            environment.start(workDir);
            return environment;
        } catch (Exception | Error e) {
            environment.close();
            throw e;
        }
    }

    @Override
    protected void start(Path workDir) throws Exception {
        this.workDir = workDir;
        Slapd slapd = own(FederationEnvironment.demoDirectories(workDir.resolve("slapd")));
        postgres = own(Postgres.start());
        audit = AuditSetup.create(postgres, workDir.resolve("audit-keys"));
        // as bin/platform does: the application's login writes only vpvkac/... streams
        postgres.execute("CREATE ROLE audit_vpvkac LOGIN PASSWORD '" + AUDIT_WRITER_PASSWORD + "' IN ROLE audit_writer");
        AuditSchema.allowStreams(audit.database().jdbcUrl(), audit.database().user(), audit.database().password(), "audit_vpvkac",
                List.of("vpvkac/"));
        keycloak = own(audit.configure(FederationEnvironment.platformKeycloak()
                        .database(postgres.createDatabase("keycloak", "keycloak", "kc-test-pw")), "kc-test", workDir.resolve("kc-audit-spool"))
                .start(workDir.resolve("keycloak")));
        FederationEnvironment.importRealm(keycloak, slapd);
        addTestClient();
        database = postgres.createDatabase("vpvkac", "vpvkac", "vpvkac-test-pw");
        wildfly = own(application(NODE, workDir.resolve("vpvkac-audit-spool"))
                .env("VPVKAC_DEMO_DATA", "true")
                .start(workDir.resolve("wildfly")));
        redirectVpvkacSignInTo(wildfly.baseUrl());
    }

    /**
     * The application on a WildFly of its own, set up as this environment's (its database, this
     * Keycloak, the audit log as node {@code node} with its spool in {@code spool}), without the demo
     * data, for a test that starts one more with some settings changed: a later {@code env} of the
     * same name replaces the setting. Started and stopped by the caller.
     */
    public WildFlyServer.Builder application(String node, Path spool) {
        return configured(database, node, spool)
                .deployment(Path.of(System.getProperty("vpvkac.war")))
                .healthPath("/health");
    }

    /**
     * WildFly configured as bin/platform configures it for VPVKAC, against this environment's Keycloak
     * and audit database: the application's own {@code database}, audit stream {@code vpvkac/<node>}.
     */
    private WildFlyServer.Builder configured(Postgres.Database database, String node, Path spool) {
        return WildFlyServer.builder()
                .cliScript(Path.of("src/main/wildfly/vpvkac.cli"))
                .env("VPVKAC_DB_URL", database.jdbcUrl())
                .env("VPVKAC_DB_USER", database.user())
                .env("VPVKAC_DB_PASSWORD", database.password())
                .env("VPVKAC_OIDC_PROVIDER_URL", keycloak.baseUrl() + "/realms/" + REALM)
                .env("VPVKAC_OIDC_SECRET", FederationEnvironment.VPVKAC_SECRET)
                .env("VPVKAC_AUDIT_JDBC_URL", audit.database().jdbcUrl())
                .env("VPVKAC_AUDIT_USER", "audit_vpvkac")
                .env("VPVKAC_AUDIT_PASSWORD", AUDIT_WRITER_PASSWORD)
                .env("VPVKAC_AUDIT_SPOOL", spool.toString())
                .env("VPVKAC_NODE", node)
                .env("VPVKAC_CLIENT_REF_KEY", HexFormat.of().formatHex(CLIENT_REF_KEY));
    }

    /** A VPVKAC server that another tool starts ({@link #prepareServer}): its home and a login that may only read the audit log. */
    public record PreparedServer(WildFlyServer.Home home, Postgres.Database auditReader) {
    }

    /**
     * A second VPVKAC server, for Arquillian, which starts it and deploys into it: configured like the
     * environment's own (vpvkac.cli, the demo data, this Keycloak and audit database) but with a
     * database and an audit stream ({@code vpvkac/vpvkac-<name>}) of its own, so that neither server's
     * tests see the other's cases. Unpacked and configured, not started, nothing deployed.
     */
    public PreparedServer prepareServer(String name) {
        Postgres.Database own = postgres.createDatabase("vpvkac_" + name, "vpvkac_" + name, "vpvkac-" + name + "-pw");
        String reader = "audit_reader_" + name;
        postgres.execute("CREATE ROLE " + reader + " LOGIN PASSWORD '" + reader + "-pw' IN ROLE audit_reader");
        WildFlyServer.Home home = configured(own, "vpvkac-" + name, workDir.resolve(name).resolve("audit-spool"))
                .env("VPVKAC_DEMO_DATA", "true")
                .prepare(workDir.resolve(name));
        return new PreparedServer(home, new Postgres.Database(audit.database().name(), audit.database().jdbcUrl(), reader, reader + "-pw"));
    }

    /** The realm file lets vpvkac-app's sign-ins return to the platform's port; the tests' WildFly has its own. */
    private void redirectVpvkacSignInTo(String baseUrl) {
        KeycloakClient admin = keycloak.client();
        JsonNode client = admin.adminGet("/realms/" + REALM + "/clients?clientId=vpvkac-app").body().get(0);
        ((com.fasterxml.jackson.databind.node.ObjectNode) client).set("redirectUris", JSON.createArrayNode().add(baseUrl + "/*"));
        KeycloakClient.Response updated = admin.adminPut("/realms/" + REALM + "/clients/" + client.get("id").asText(), client);
        if (updated.status() != 204) {
            throw new IllegalStateException("Could not point vpvkac-app's sign-in at " + baseUrl + ": " + updated.raw());
        }
    }

    /** A public client with the password grant whose access tokens carry vpvkac-app's audience and the municipality. */
    private void addTestClient() {
        KeycloakClient.Response created = keycloak.client().adminPost("/realms/" + REALM + "/clients", Map.of(
                "clientId", TEST_CLIENT, "publicClient", true, "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                "protocolMappers", List.of(
                        Map.of("name", "audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                                "config", Map.of("included.client.audience", "vpvkac-app", "access.token.claim", "true")),
                        Map.of("name", "municipality", "protocol", "openid-connect", "protocolMapper", "oidc-usermodel-attribute-mapper",
                                "config", Map.of("user.attribute", "municipality", "claim.name", "municipality", "jsonType.label", "String",
                                        "access.token.claim", "true")))));
        if (created.status() != 201) {
            throw new IllegalStateException("Could not add the test client: " + created.status() + " " + created.raw());
        }
    }

    /**
     * A valid old-form personal code of someone born on {@code ddmmyy} in the 1900s: the first serial
     * from {@code serial} on (3 digits) for which a check digit exists (for some, the formula gives 10).
     */
    public static String personalCode(String ddmmyy, int serial) {
        for (int s = serial; s < serial + 50; s++) {
            for (int check = 0; check <= 9; check++) {
                String candidate = ddmmyy + "-1" + String.format("%03d", s % 1000) + check;
                try {
                    return lv.pasvaldibas.vpvkac.client.PersonalCode.parse(candidate).canonical();
                } catch (RuntimeException wrongCheckDigit) {
                    // try the next one
                }
            }
        }
        throw new IllegalStateException("no valid personal code for " + ddmmyy);
    }

    /** Status, parsed JSON body (null when empty or not JSON, e.g. an HTML error page) and raw text of an API answer. */
    public record Answer(int status, JsonNode body, String raw) {
    }

    /** A call to VPVKAC: {@code token} null for none, {@code body} serialized as JSON, {@code language} for Accept-Language. */
    public Answer call(String token, String method, String path, Object body, String language) throws IOException, InterruptedException {
        return call(URI.create(wildfly.baseUrl()), token, method, path, body, language);
    }

    /** A call to the VPVKAC at {@code server} (another server than the environment's: one a test started, one Arquillian deployed to). */
    public Answer call(URI server, String token, String method, String path, Object body, String language)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path))
                .timeout(Duration.ofSeconds(60)).header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (language != null) {
            request.header("Accept-Language", language);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            request.header("Content-Type", "application/json")
                    .method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body), StandardCharsets.UTF_8));
        }
        HttpResponse<String> response = http.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
        JsonNode parsed = null;
        try {
            parsed = response.body().isBlank() ? null : JSON.readTree(response.body());
        } catch (IOException notJson) {
            // the raw text says what it was
        }
        return new Answer(response.statusCode(), parsed, response.body());
    }

    /**
     * An access token issued to vpvkac-app itself, as the pages get one: the authorization code flow
     * with PKCE through the platform's login page (vpvkac-app has no password grant).
     */
    public String appToken(String username) {
        KeycloakClient.Response r = keycloak.client().authorizationCodeGrant(REALM, "vpvkac-app", FederationEnvironment.VPVKAC_SECRET,
                wildfly.baseUrl() + "/", username, DemoDirectories.DEMO_PASSWORD);
        if (r.status() != 200) {
            throw new IllegalStateException("Sign-in of " + username + " to vpvkac-app failed: " + r.raw());
        }
        return r.body().get("access_token").asText();
    }

    /** An access token of a municipality's demo LDAP admin (second factor included), for the platform's admin API. */
    public String municipalAdminToken(String municipality) {
        String username = "andris.kalnins@" + municipality + ".lv";
        KeycloakClient.Response r = FederationEnvironment.signInAsAdmin(keycloak.client(), username);
        if (r.status() != 200) {
            throw new IllegalStateException("Sign-in of " + username + " failed: " + r.raw());
        }
        return r.body().get("access_token").asText();
    }

    /** An access token for vpvkac-app of a demo employee. */
    public String token(String username) {
        return token(username, keycloak.client());
    }

    /**
     * The same, asked of Keycloak at another address ({@code keycloakUrl}, e.g. a gate in front of it):
     * the token's issuer is that address, as Keycloak names itself after the address it is asked at.
     */
    public String token(String username, String keycloakUrl) {
        return token(username, new KeycloakClient(keycloakUrl, null, null));
    }

    private static String token(String username, KeycloakClient keycloak) {
        KeycloakClient.Response r = keycloak.passwordGrant(REALM, TEST_CLIENT, null, username, DemoDirectories.DEMO_PASSWORD);
        if (r.status() != 200) {
            throw new IllegalStateException("Sign-in of " + username + " failed: " + r.raw());
        }
        return r.body().get("access_token").asText();
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public WildFlyServer wildfly() {
        return wildfly;
    }

    /** A connection to the audit log as a reader (SELECT only). */
    public Connection auditReader() throws SQLException {
        return audit.reader();
    }

    /** Where the audit log's database is, as the application's writer login reaches it. */
    public String auditJdbcUrl() {
        return audit.database().jdbcUrl();
    }

    /** The public half of the audit log's checkpoint key, to verify its chains. */
    public java.security.PublicKey auditPublicKey() throws Exception {
        return audit.publicKey();
    }

    /** A connection to the application's own database, to look behind the API. */
    public Connection database() throws SQLException {
        return java.sql.DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }
}
