package lv.pasvaldibas.provisioning.it;

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
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import lv.pasvaldibas.audit.AuditSchema;
import lv.pasvaldibas.audit.keycloak.AuditSetup;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.LibvirtHosts;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.ProvisioningDaemon;
import lv.pasvaldibas.testsupport.SharedEnvironmentExtension;
import lv.pasvaldibas.testsupport.Slapd;
import lv.pasvaldibas.testsupport.TestEnvironment;

/**
 * The provisioning daemon as {@code bin/platform up} runs it, in a process of its own, with real
 * tokens from the platform's Keycloak (demo directories in slapd, the realm from realm-config), its
 * own PostgreSQL database, the real audit log, and three simulated hosts (libvirtd serving libvirt's
 * test hypervisor, decision 97), registered, with templates and quotas, through the API by a
 * platform operator.
 */
public final class ProvisioningEnvironment extends TestEnvironment {

    public static final String REALM = FederationEnvironment.REALM;
    /** A public client with the password grant whose tokens are for provisioning-api, like provisioning-cli's. */
    public static final String TEST_CLIENT = "provisioning-test-cli";
    /** The public client the daemon's page signs in with (authorization code with PKCE), as in the realm file. */
    public static final String PAGE_CLIENT = "provisioning-cli";
    public static final String PLATFORM_OPERATOR = "valdis.jansons@ventspils.lv";
    public static final String KULDIGA_OPERATOR = "karlis.liepins@kuldiga.lv";
    public static final String KULDIGA_VIEWER = "girts.zarins@kuldiga.lv";
    public static final String TALSI_OPERATOR = "karlis.liepins@talsi.lv";
    public static final String VENTSPILS_OPERATOR = "karlis.liepins@ventspils.lv";
    public static final int HOSTS = 3;
    private final int hostCount;
    /** QuotaIT's ten municipalities' clients (a hard-coded municipality claim each): {@code provisioning-load-0..9}. */
    static final String LOAD_CLIENTS = String.join(",", java.util.stream.IntStream.range(0, 10).mapToObj(i -> "provisioning-load-" + i).toList());
    private static final String AUDIT_WRITER_PASSWORD = "audit-provisioning-pw";
    private static final String LOAD_PASSWORD = "Slodze-Parole-2026";

    private static final ObjectMapper JSON = new ObjectMapper();
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();
    private final Map<String, String> tokens = new ConcurrentHashMap<>();
    private Path workDir;
    private Postgres postgres;
    private KeycloakServer keycloak;
    private AuditSetup audit;
    private LibvirtHosts hosts;
    private Postgres.Database database;
    private ProvisioningDaemon daemon;

    public ProvisioningEnvironment() {
        this(HOSTS);
    }

    private ProvisioningEnvironment(int hostCount) {
        this.hostCount = hostCount;
    }

    /** Starts an environment with {@code hosts} hosts outside JUnit (the benchmark, which must close it), in {@code workDir}. */
    public static ProvisioningEnvironment startIn(Path workDir, int hosts) throws Exception {
        ProvisioningEnvironment environment = new ProvisioningEnvironment(hosts);
        try {
            environment.start(workDir);
            return environment;
        } catch (Exception | Error e) {
            environment.close();
            throw e;
        }
    }

    public static final class Extension extends SharedEnvironmentExtension<ProvisioningEnvironment> {
        public Extension() {
            super(ProvisioningEnvironment.class, ProvisioningEnvironment::new);
        }
    }

    @Override
    protected void start(Path workDir) throws Exception {
        this.workDir = workDir;
        Slapd slapd = own(FederationEnvironment.demoDirectories(workDir.resolve("slapd")));
        postgres = own(Postgres.start());
        audit = AuditSetup.create(postgres, workDir.resolve("audit-keys"));
        // as bin/platform does: the daemon's login writes only provisioning/... streams
        postgres.execute("CREATE ROLE audit_provisioning LOGIN PASSWORD '" + AUDIT_WRITER_PASSWORD + "' IN ROLE audit_writer");
        AuditSchema.allowStreams(audit.database().jdbcUrl(), audit.database().user(), audit.database().password(), "audit_provisioning",
                List.of("provisioning/"));
        keycloak = own(audit.configure(FederationEnvironment.platformKeycloak()
                        .database(postgres.createDatabase("keycloak", "keycloak", "kc-test-pw")), "kc-test", workDir.resolve("kc-audit-spool"))
                .start(workDir.resolve("keycloak")));
        FederationEnvironment.importRealm(keycloak, slapd);
        addTestClient();
        database = postgres.createDatabase("provisioning", "provisioning", "provisioning-test-pw");
        hosts = own(LibvirtHosts.start(workDir.resolve("hosts"), hostCount));
        daemon = own(daemon("prov-a").start(workDir.resolve("daemon-prov-a")));
        pointPageSignInAt(daemon.baseUrl());
        setUpAsAPlatformOperator();
    }

    /** The daemon configured as this environment's, as node {@code node}; started by the caller (a second daemon, say). */
    public ProvisioningDaemon.Builder daemon(String node) {
        return ProvisioningDaemon.builder(Path.of(System.getProperty("provisioning.jar")))
                .env("PROVISIONING_DB_URL", "postgresql://127.0.0.1:" + postgres.port() + "/" + database.name())
                .env("PROVISIONING_DB_USER", database.user())
                .env("PROVISIONING_DB_PASSWORD", database.password())
                .env("PROVISIONING_ISSUER", keycloak.baseUrl() + "/realms/" + REALM)
                .env("PROVISIONING_API_SECRET", FederationEnvironment.PROVISIONING_SECRET)
                .env("PROVISIONING_CLIENTS", "provisioning-cli," + TEST_CLIENT + ",provisioning-short-lived," + LOAD_CLIENTS)
                .env("PROVISIONING_AUDIT_JDBC_URL", audit.database().jdbcUrl())
                .env("PROVISIONING_AUDIT_USER", "audit_provisioning")
                .env("PROVISIONING_AUDIT_PASSWORD", AUDIT_WRITER_PASSWORD)
                .env("PROVISIONING_NODE", node)
                .env("PROVISIONING_RECONCILE_SECONDS", "5")
                .env("PROVISIONING_STOP_GRACE_SECONDS", "5")
                .env("PROVISIONING_JOB_LEASE_SECONDS", "6");
    }

    private void setUpAsAPlatformOperator() throws Exception {
        String operator = token(PLATFORM_OPERATOR);
        for (int i = 0; i < hostCount; i++) {
            // room for the benchmark's 1,000 servers on 4 hosts; the tests' limits are the quotas'
            expect(201, call(operator, "POST", "/api/v1/hosts", Map.of("id", "host-" + i, "uri", hosts.uri(i), "vcpus", 1024,
                    "memoryMib", 4_194_304, "diskGib", 100_000)));
        }
        awaitHostsReachable(operator);
        expect(200, call(operator, "PUT", "/api/v1/templates/small", Map.of("nameLv", "Mazs serveris (Debian 12)",
                "nameEn", "Small server (Debian 12)", "vcpus", 1, "memoryMib", 1024, "diskGib", 10, "baseImage", "debian-12")));
        expect(200, call(operator, "PUT", "/api/v1/templates/medium", Map.of("nameLv", "Vidējs serveris (Debian 12)",
                "nameEn", "Medium server (Debian 12)", "vcpus", 2, "memoryMib", 4096, "diskGib", 40, "baseImage", "debian-12")));
        for (String municipality : List.of("kuldiga", "talsi", "ventspils")) {
            expect(200, call(operator, "PUT", "/api/v1/quotas/" + municipality,
                    Map.of("vcpus", 200, "memoryMib", 409600, "diskGib", 10000, "servers", 100))); // room for every test class's servers
        }
    }

    /** Waits until the daemon has reached every host in use (they take servers only then). */
    public void awaitHostsReachable(String operatorToken) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (System.nanoTime() < deadline) {
            Answer hostsNow = call(operatorToken, "GET", "/api/v1/hosts", null);
            if (hostsNow.status() == 200 && java.util.stream.StreamSupport.stream(hostsNow.body().get("hosts").spliterator(), false)
                    .filter(h -> !h.get("state").asText().equals("REMOVED")).allMatch(h -> h.get("reachable").asBoolean())) {
                return;
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("The daemon did not reach every host within 30 s: " + call(operatorToken, "GET", "/api/v1/hosts", null).raw());
    }

    private static void expect(int status, Answer answer) {
        if (answer.status() != status) {
            throw new IllegalStateException("Expected " + status + ", got " + answer.status() + ": " + answer.raw());
        }
    }

    /**
     * The page's sign-in comes back to this environment's daemon: the realm file allows only
     * {@code PROVISIONING_URL} (port 8280 unless set), the daemon here has a port of its own. Keycloak
     * takes the same origin for CORS ({@code webOrigins "+"}) and for the return after sign-out.
     */
    private void pointPageSignInAt(String baseUrl) {
        keycloak.client().adminChangeClient(REALM, PAGE_CLIENT, client -> client.putArray("redirectUris").add(baseUrl + "/*"));
    }

    private void addTestClient() {
        KeycloakClient.Response created = keycloak.client().adminPost("/realms/" + REALM + "/clients", Map.of(
                "clientId", TEST_CLIENT, "publicClient", true, "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("trust-grants-of", "provisioning-api"),
                "protocolMappers", List.of(
                        Map.of("name", "audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                                "config", Map.of("included.client.audience", "provisioning-api", "access.token.claim", "true",
                                        "introspection.token.claim", "true")),
                        Map.of("name", "municipality", "protocol", "openid-connect", "protocolMapper", "oidc-usermodel-attribute-mapper",
                                "config", Map.of("user.attribute", "municipality", "claim.name", "municipality", "jsonType.label", "String",
                                        "access.token.claim", "true", "introspection.token.claim", "true")))));
        if (created.status() != 201) {
            throw new IllegalStateException("Could not add the test client: " + created.status() + " " + created.raw());
        }
    }

    /**
     * {@code count} more municipalities ({@code slodze-0..}) for load: one local operator whose tokens
     * from the clients {@code provisioning-load-N} carry a hard-coded municipality claim each (real
     * tokens, without more directories), each municipality with {@code quota}. Returns a token per
     * municipality (valid for 30 minutes).
     */
    public List<String> loadMunicipalities(int count, Map<String, Object> quota) throws Exception {
        KeycloakClient admin = keycloak.client();
        String realm = "/realms/" + REALM;
        KeycloakClient.Response user = admin.adminPost(realm + "/users", Map.of("username", "slodzes.operators", "enabled", true,
                "firstName", "Slodzes", "lastName", "Operators", "email", "slodzes.operators@example.lv", "emailVerified", true,
                "credentials", List.of(Map.of("type", "password", "value", LOAD_PASSWORD, "temporary", false))));
        if (user.status() != 201) {
            throw new IllegalStateException("Could not add the load operator: " + user.raw());
        }
        String userId = admin.adminGet(realm + "/users?username=slodzes.operators&exact=true").body().get(0).get("id").asText();
        String apiId = admin.adminGet(realm + "/clients?clientId=provisioning-api").body().get(0).get("id").asText();
        JsonNode role = admin.adminGet(realm + "/clients/" + apiId + "/roles/provisioning-operator").body();
        expectStatus(204, admin.adminPost(realm + "/users/" + userId + "/role-mappings/clients/" + apiId, List.of(role)));
        String operator = token(PLATFORM_OPERATOR);
        List<String> loadTokens = new ArrayList<>();
        for (int m = 0; m < count; m++) {
            String clientId = "provisioning-load-" + m;
            expectStatus(201, admin.adminPost(realm + "/clients", Map.of("clientId", clientId, "publicClient", true,
                    "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                    "attributes", Map.of("access.token.lifespan", "1800"),
                    "protocolMappers", List.of(
                            Map.of("name", "audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                                    "config", Map.of("included.client.audience", "provisioning-api", "access.token.claim", "true")),
                            Map.of("name", "municipality", "protocol", "openid-connect", "protocolMapper", "oidc-hardcoded-claim-mapper",
                                    "config", Map.of("claim.name", "municipality", "claim.value", loadMunicipality(m), "jsonType.label", "String",
                                            "access.token.claim", "true"))))));
            KeycloakClient.Response token = admin.passwordGrant(REALM, clientId, null, "slodzes.operators", LOAD_PASSWORD);
            expectStatus(200, token);
            loadTokens.add(token.body().get("access_token").asText());
            expect(200, call(operator, "PUT", "/api/v1/quotas/" + loadMunicipality(m), quota));
        }
        return loadTokens;
    }

    public static String loadMunicipality(int i) {
        return "slodze-" + i;
    }

    private static void expectStatus(int status, KeycloakClient.Response r) {
        if (r.status() != status) {
            throw new IllegalStateException("Expected " + status + ", got " + r.status() + ": " + r.raw());
        }
    }

    public KeycloakServer keycloak() {
        return keycloak;
    }

    public LibvirtHosts hosts() {
        return hosts;
    }

    public ProvisioningDaemon daemon() {
        return daemon;
    }

    /** A new daemon in place of the environment's own, after a test killed it. */
    public void restartDaemon() {
        daemon.close();
        daemon = own(daemon("prov-a").start(workDir.resolve("daemon-prov-a-" + UUID.randomUUID())));
        pointPageSignInAt(daemon.baseUrl()); // a new port: the page's sign-in must come back to it
    }

    public Postgres postgres() {
        return postgres;
    }

    public Path workDir() {
        return workDir;
    }

    /** An access token for provisioning-api of a demo employee (kept for the environment's life; they last 5 minutes, so fetched again after 4). */
    public String token(String username) {
        return tokens.compute(username, (u, known) -> known != null && fresh(known) ? known : freshToken(u));
    }

    public String freshToken(String username) {
        KeycloakClient.Response r = keycloak.client().passwordGrant(REALM, TEST_CLIENT, null, username, DemoDirectories.DEMO_PASSWORD);
        if (r.status() != 200) {
            throw new IllegalStateException("Sign-in of " + username + " failed: " + r.raw());
        }
        return r.body().get("access_token").asText();
    }

    private static boolean fresh(String token) {
        return KeycloakClient.claims(token).get("exp").asLong() - java.time.Instant.now().getEpochSecond() > 60;
    }

    /** Status, parsed JSON body (null when not JSON) and raw text of an answer. */
    public record Answer(int status, JsonNode body, String raw) {
    }

    /** A call to the environment's daemon; a change gets a fresh Idempotency-Key. */
    public Answer call(String token, String method, String path, Object body) throws IOException, InterruptedException {
        return call(URI.create(daemon.baseUrl()), token, method, path, body, "GET".equals(method) ? null : UUID.randomUUID().toString(), null);
    }

    /** A call to the daemon at {@code server}: {@code token} and {@code key} null for none, {@code body} a Map or a String sent as is. */
    public Answer call(URI server, String token, String method, String path, Object body, String key, String language)
            throws IOException, InterruptedException {
        HttpRequest.Builder request = HttpRequest.newBuilder(server.resolve(path)).timeout(Duration.ofSeconds(60))
                .header("Accept", "application/json");
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        if (key != null) {
            request.header("Idempotency-Key", key);
        }
        if (language != null) {
            request.header("Accept-Language", language);
        }
        if (body == null) {
            request.method(method, HttpRequest.BodyPublishers.noBody());
        } else {
            String text = body instanceof String s ? s : JSON.writeValueAsString(body);
            request.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(text, StandardCharsets.UTF_8));
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

    /** Waits until the job has finished and returns it as the API shows it. */
    public JsonNode finished(String token, String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            Answer job = call(token, "GET", "/api/v1/jobs/" + jobId, null);
            if (job.status() != 200) {
                throw new IllegalStateException("Job " + jobId + ": " + job.raw());
            }
            String state = job.body().get("state").asText();
            if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
                return job.body();
            }
            Thread.sleep(100);
        }
        throw new IllegalStateException("Job " + jobId + " did not finish within 60 s");
    }

    /** The audit records of the daemon's streams of {@code type} about {@code targetId}: actor username and details text, oldest first. */
    public List<String[]> auditRecords(String type, String targetId) throws SQLException {
        try (Connection c = audit.reader();
             PreparedStatement q = c.prepareStatement("SELECT actor_username, outcome, details FROM audit_record "
                     + "WHERE stream LIKE 'provisioning/%' AND type = ? AND target_id = ? ORDER BY stream, seq")) {
            q.setString(1, type);
            q.setString(2, targetId);
            List<String[]> records = new ArrayList<>();
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    records.add(new String[] {rs.getString(1), rs.getString(2), rs.getString(3)});
                }
            }
            return records;
        }
    }

    /** How many events of {@code type} (Keycloak's: CODE_TO_TOKEN, REFRESH_TOKEN…) through {@code client} the platform's audit log holds. */
    public int signInEvents(String type, String client) throws SQLException {
        try (Connection c = audit.reader();
             PreparedStatement q = c.prepareStatement("SELECT count(*) FROM audit_record WHERE type = ? AND client = ?")) {
            q.setString(1, type);
            q.setString(2, client);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    /** A connection to the daemon's own database, as its owner (to look, never to set up what the API should). */
    /** The daemon's database URL (as {@code PROVISIONING_DB_URL} takes it) through {@code port} instead of PostgreSQL's own. */
    public String databaseUrlThrough(int port) {
        return "postgresql://127.0.0.1:" + port + "/" + database.name();
    }

    /** The audit database's JDBC URL through {@code port} instead of its PostgreSQL's own. */
    public String auditJdbcUrlThrough(int port) {
        return audit.database().jdbcUrl().replaceFirst("//127\\.0\\.0\\.1:\\d+/", "//127.0.0.1:" + port + "/");
    }

    public Connection database() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
    }
}
