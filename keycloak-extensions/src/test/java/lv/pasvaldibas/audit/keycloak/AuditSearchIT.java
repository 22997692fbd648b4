package lv.pasvaldibas.audit.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The security officers' search API: filters and pages, CSV, refusals, and every search is itself recorded. */
@ExtendWith(FederationEnvironment.Extension.class)
class AuditSearchIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String OFFICER = "drosibas.speciaaliste";
    private static final String OFFICER_PASSWORD = "Drošības-Parole-2026";

    private final FederationEnvironment env;
    private final AuditRecords audit;
    private String officerId;

    AuditSearchIT(FederationEnvironment env) {
        this.env = env;
        this.audit = new AuditRecords(env);
    }

    @BeforeEach
    void anOfficer() {
        env.client().adminPost("/realms/pasvaldibas/users", Map.of("username", OFFICER, "firstName", "Ināra", "lastName", "Drošā",
                "enabled", true, "credentials", List.of(Map.of("type", "password", "value", OFFICER_PASSWORD, "temporary", false))));
        officerId = env.client().adminGet("/realms/pasvaldibas/users?exact=true&username=" + OFFICER).body().get(0).get("id").asText();
        JsonNode role = env.client().adminGet("/realms/pasvaldibas/roles/security-officer").body();
        env.client().adminPost("/realms/pasvaldibas/users/" + officerId + "/role-mappings/realm", List.of(role));
    }

    @AfterEach
    void removeOfficer() {
        env.client().adminDelete("/realms/pasvaldibas/users/" + officerId);
    }

    private HttpResponse<String> search(String token, String query) throws Exception {
        return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.keycloak().baseUrl()
                        + "/realms/pasvaldibas/municipal-audit/records?" + query)).header("Authorization", "Bearer " + token).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private String token(String username, String password) {
        KeycloakClient.Response r = env.signIn(username, password);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().get("access_token").asText();
    }

    private static String q(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }

    @Test
    void anOfficerPagesThroughOnePersonsSignInsAndEverySearchIsRecorded() throws Exception {
        for (int i = 0; i < 3; i++) {
            token("ilze.ozolina@talsi.lv", DemoDirectories.DEMO_PASSWORD);
        }
        String officer = token(OFFICER, OFFICER_PASSWORD);
        String filter = "user=" + q("ilze.ozolina@talsi.lv") + "&type=LOGIN&outcome=SUCCESS&municipality=talsi&limit=2";

        HttpResponse<String> first = search(officer, filter);
        assertThat(first.statusCode()).as(first.body()).isEqualTo(200);
        JsonNode page = JSON.readTree(first.body());
        assertThat(page.get("records")).hasSize(2);
        assertThat(page.get("records").get(0).get("actor_username").asText()).isEqualTo("ilze.ozolina@talsi.lv");
        String cursor = page.get("nextCursor").asText();
        assertThat(first.headers().firstValue("X-Next-Cursor")).contains(cursor);

        HttpResponse<String> second = search(officer, filter + "&cursor=" + q(cursor));
        JsonNode rest = JSON.readTree(second.body());
        assertThat(rest.get("records").size()).isGreaterThanOrEqualTo(1);
        assertThat(rest.get("records").get(0).get("seq").asLong()).isNotEqualTo(page.get("records").get(1).get("seq").asLong());

        HttpResponse<String> csv = search(officer, filter + "&format=csv");
        assertThat(csv.headers().firstValue("Content-Type").orElse("")).startsWith("text/csv");
        assertThat(csv.body().split("\r\n")[0]).startsWith("\"time\",\"stream\",\"seq\"");
        assertThat(csv.body()).contains("\"ilze.ozolina@talsi.lv\"");

        List<Map<String, String>> searches = audit.where("type = 'AUDIT_QUERY' AND actor_username = ?", OFFICER);
        assertThat(searches).hasSize(3).allSatisfy(r -> {
            assertThat(r.get("outcome")).isEqualTo("SUCCESS");
            assertThat(r.get("details")).contains("\"user\":\"ilze.ozolina@talsi.lv\"", "\"returned\":");
        });
    }

    @Test
    void othersAreRefusedAndTheAttemptIsRecorded() throws Exception {
        HttpResponse<String> refused = search(token("anna.berzina@ventspils.lv", DemoDirectories.DEMO_PASSWORD), "type=LOGIN");
        assertThat(refused.statusCode()).isEqualTo(403);
        assertThat(refused.body()).contains("drošības speciālista", "security-officer");
        assertThat(audit.where("type = 'AUDIT_QUERY' AND outcome = 'DENIED' AND actor_username = 'anna.berzina@ventspils.lv'")).hasSize(1);

        HttpResponse<String> anonymous = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(env.keycloak().baseUrl()
                + "/realms/pasvaldibas/municipal-audit/records")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(anonymous.statusCode()).isEqualTo(401);
    }

    @Test
    void badQueriesGetAReasonInBothLanguages() throws Exception {
        String officer = token(OFFICER, OFFICER_PASSWORD);
        for (String bad : List.of("limit=5000", "from=yesterday", "outcome=MAYBE", "cursor=garbage", "format=xml")) {
            HttpResponse<String> r = search(officer, bad);
            assertThat(r.statusCode()).as(bad).isEqualTo(400);
            assertThat(r.body()).as(bad).contains("Nederīgs vaicājums / Invalid query");
        }
    }
}
