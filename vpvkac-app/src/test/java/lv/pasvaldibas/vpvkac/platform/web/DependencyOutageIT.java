package lv.pasvaldibas.vpvkac.platform.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditDatabase;
import lv.pasvaldibas.testsupport.SharedEnvironmentExtension;
import lv.pasvaldibas.testsupport.TcpGate;
import lv.pasvaldibas.testsupport.WildFlyServer;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment.Answer;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;
import org.junit.jupiter.api.TestMethodOrder;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application started while the audit database and Keycloak are both out of reach (each behind a
 * shut {@link TcpGate}; the environment's own WildFly keeps using them directly). One more WildFly,
 * on the environment's database, as node {@code vpvkac-outage}. It starts and answers its health
 * check (its own database is there); it takes no token it cannot check, and takes them once Keycloak
 * answers; it answers an action only once its audit record is durable (spooled while the audit
 * database is away, refused when not even the spool can keep it), and every answered action's record
 * reaches the audit log, chained, when the database answers again (decision 94).
 */
@ExtendWith(VpvkacEnvironment.Extension.class)
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class DependencyOutageIT {

    private static final String NODE = "vpvkac-outage";
    private static final String STREAM = "vpvkac/" + NODE;
    private static final String SPECIALIST = "janis.berzins@ventspils.lv";

    private final VpvkacEnvironment env;
    private final HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
    private TcpGate keycloakGate;
    private TcpGate auditGate;
    private WildFlyServer wildfly;
    private Path spool;
    /** Issued by Keycloak through the gate (its issuer is the gate's address, as the application expects) before the application started. */
    private String token;
    private String keycloakThroughGate;
    private String service;
    private long centre;

    DependencyOutageIT(VpvkacEnvironment env) {
        this.env = env;
    }

    @BeforeAll
    void startTheApplicationWithItsAuditDatabaseAndKeycloakOutOfReach() throws Exception {
        Path workDir = Path.of("target", "it-work", getClass().getSimpleName()).toAbsolutePath();
        SharedEnvironmentExtension.deleteRecursively(workDir);
        String direct = env.token(SPECIALIST);
        for (JsonNode s : env.call(direct, "GET", "/api/services", null, null).body()) {
            if (service == null && s.get("channels").toString().contains("IN_PERSON")) {
                service = s.get("code").asText();
            }
        }
        for (JsonNode c : env.call(direct, "GET", "/api/centres", null, null).body()) {
            if (c.get("municipality").asText().equals("ventspils")) {
                centre = c.get("id").asLong();
            }
        }

        keycloakGate = TcpGate.to(URI.create(env.keycloak().baseUrl()).getPort());
        keycloakThroughGate = "http://127.0.0.1:" + keycloakGate.port();
        keycloakGate.open();
        token = env.token(SPECIALIST, keycloakThroughGate);
        keycloakGate.shut();
        URI audit = URI.create(env.auditJdbcUrl().substring("jdbc:".length()));
        auditGate = TcpGate.to(audit.getPort());
        spool = workDir.resolve("audit-spool");
        wildfly = env.application(NODE, spool)
                .env("VPVKAC_OIDC_PROVIDER_URL", keycloakThroughGate + "/realms/" + VpvkacEnvironment.REALM)
                .env("VPVKAC_AUDIT_JDBC_URL", "jdbc:postgresql://127.0.0.1:" + auditGate.port() + audit.getPath())
                .start(workDir.resolve("wildfly"));
    }

    @AfterAll
    void stop() {
        for (AutoCloseable server : new AutoCloseable[] {wildfly, keycloakGate, auditGate}) {
            try {
                if (server != null) {
                    server.close();
                }
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
    }

    private Answer call(String bearer, String method, String path, Object body) throws Exception {
        return env.call(URI.create(wildfly.baseUrl()), bearer, method, path, body, "en");
    }

    private Map<String, Object> registration(String personalCode) {
        return Map.of("personalCode", personalCode, "givenName", "Dace", "surname", "Ēvele", "serviceCode", service,
                "centreId", centre, "channel", "IN_PERSON");
    }

    /** A navigation of a browser without a session: the sign-in page's redirect, or why there is none. */
    private HttpResponse<String> pageWithoutSession() throws Exception {
        return noRedirects.send(HttpRequest.newBuilder(URI.create(wildfly.baseUrl() + "/index.html"))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8").build(), HttpResponse.BodyHandlers.ofString());
    }

    /** The same token with its signature altered: what no Keycloak issued. */
    private static String forged(String token) {
        int signature = token.lastIndexOf('.') + 1;
        char first = token.charAt(signature);
        return token.substring(0, signature) + (first == 'A' ? 'B' : 'A') + token.substring(signature + 1);
    }

    private static void await(String what, Duration within, Check check) throws Exception {
        long deadline = System.nanoTime() + within.toNanos();
        while (!check.done()) {
            if (System.nanoTime() > deadline) {
                throw new AssertionError("Not within " + within + ": " + what);
            }
            Thread.sleep(500);
        }
    }

    @FunctionalInterface
    private interface Check {
        boolean done() throws Exception;
    }

    private long clientsWithCode(String personalCode) throws Exception {
        try (Connection c = env.database(); PreparedStatement s = c.prepareStatement("SELECT count(*) FROM client WHERE personal_code = ?")) {
            s.setString(1, personalCode);
            try (ResultSet r = s.executeQuery()) {
                r.next();
                return r.getLong(1);
            }
        }
    }

    /** The types of this node's audit records about case {@code id}, in order. */
    private List<String> auditOfCase(long id) throws Exception {
        List<String> types = new ArrayList<>();
        try (Connection c = env.auditReader(); PreparedStatement s = c.prepareStatement(
                "SELECT type FROM audit_record WHERE stream = ? AND target_type = 'case' AND target_id = ? ORDER BY seq")) {
            s.setString(1, STREAM);
            s.setString(2, Long.toString(id));
            try (ResultSet r = s.executeQuery()) {
                while (r.next()) {
                    types.add(r.getString(1));
                }
            }
        }
        return types;
    }

    private Path spoolFile() {
        return spool.resolve(STREAM.replace('/', '_') + ".spool");
    }

    @Test
    @Order(1)
    void noTokenIsTakenWhileKeycloakIsOutOfReachFromTheStartAndTokensAreTakenOnceItAnswers() throws Exception {
        // no token can be checked, a real one or a forged one: each is told "try again shortly", none is taken
        String code = VpvkacEnvironment.personalCode("110371", 715);
        for (String bearer : List.of(token, forged(token))) {
            List<Answer> answers = List.of(call(bearer, "GET", "/api/me", null), call(bearer, "GET", "/api/cases?size=1", null),
                    call(bearer, "POST", "/api/cases", registration(code)));
            for (Answer answer : answers) {
                assertThat(answer.status()).as("while Keycloak is out of reach: " + answer.raw()).isEqualTo(503);
                assertThat(answer.body().get("error").asText()).isEqualTo("signIn.unavailable");
                assertThat(answer.body().get("message").asText()).contains("sign-in service does not answer");
            }
        }
        assertThat(clientsWithCode(code)).isZero();
        // a browser is told the same, in both languages, instead of "forbidden"
        HttpResponse<String> page = pageWithoutSession();
        assertThat(page.statusCode()).as("a page while Keycloak is out of reach: " + page.body()).isEqualTo(503);
        assertThat(page.headers().firstValue("Retry-After")).isPresent();
        assertThat(page.body()).contains("Pieslēgties pašlaik nav iespējams").contains("Signing in is not possible right now");

        keycloakGate.open();
        await("the token taken once Keycloak answers", Duration.ofSeconds(30), () -> call(token, "GET", "/api/me", null).status() == 200);
        // (only what is not audited here: the next test needs this node's spool untouched)
        Answer labels = call(token, "GET", "/api/labels", null);
        assertThat(labels.status()).as(labels.raw()).isEqualTo(200);
        assertThat(call(forged(token), "GET", "/api/me", null).status()).isEqualTo(401);
        HttpResponse<String> signIn = pageWithoutSession();
        assertThat(signIn.statusCode()).isEqualTo(302);
        assertThat(signIn.headers().firstValue("Location").orElse("")).startsWith(keycloakThroughGate + "/realms/");
    }

    @Test
    @Order(2)
    void anActionIsAnsweredOnlyOnceItsRecordIsDurableAndEveryAnsweredRecordReachesTheLogWhenItsDatabaseAnswers() throws Exception {
        keycloakGate.open();
        await("the token taken", Duration.ofSeconds(30), () -> call(token, "GET", "/api/me", null).status() == 200);

        // neither the audit database nor the spool can keep the record (its file's place taken by a folder,
        // as a full or broken disk): the registration is refused and nothing of it stays
        String refusedCode = VpvkacEnvironment.personalCode("120472", 826);
        Files.createDirectories(spoolFile());
        Answer refused;
        try {
            refused = call(token, "POST", "/api/cases", registration(refusedCode));
        } finally {
            Files.delete(spoolFile());
        }
        assertThat(refused.status()).as(refused.raw()).isEqualTo(503);
        assertThat(refused.body().get("error").asText()).isEqualTo("audit.unavailable");
        assertThat(refused.body().get("message").asText()).contains("audit");
        assertThat(clientsWithCode(refusedCode)).isZero();

        // spooled: answered, kept on this node's disk, not yet in the audit log
        Answer created = call(token, "POST", "/api/cases", registration(VpvkacEnvironment.personalCode("130573", 937)));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        Answer read = call(token, "GET", "/api/cases/" + id, null);
        assertThat(read.status()).as(read.raw()).isEqualTo(200);
        assertThat(Files.readString(spoolFile(), StandardCharsets.UTF_8)).contains("VPVKAC_CASE_REGISTERED").contains("VPVKAC_CASE_READ")
                .contains("\"" + id + "\"");
        assertThat(auditOfCase(id)).isEmpty();

        // the audit database answers: every answered action's record arrives, chained onto the stream
        auditGate.open();
        await("the spooled records in the audit log", Duration.ofSeconds(60),
                () -> auditOfCase(id).equals(List.of("VPVKAC_CASE_REGISTERED", "VPVKAC_CASE_READ")));
        await("the spool emptied", Duration.ofSeconds(10), () -> !Files.exists(spoolFile()) || Files.size(spoolFile()) == 0);

        // and from now on straight into the database
        Answer moved = call(token, "POST", "/api/cases/" + id + "/status", Map.of("status", "IN_PROGRESS", "version", read.body().get("version").asInt()));
        assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
        assertThat(auditOfCase(id)).containsExactly("VPVKAC_CASE_REGISTERED", "VPVKAC_CASE_READ", "VPVKAC_CASE_MOVED");
        try (Connection c = env.auditReader()) {
            assertThat(AuditDatabase.verify(c, env.auditPublicKey())).isEmpty();
        }
    }
}
