package lv.pasvaldibas.vpvkac.access.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A trust lends a municipality's VPVKAC queue (issue 12, acceptance 2): Ventspils trusts Kuldīga's
 * directory's {@code vpvkac-specialisti} with {@code vpvkac-specialist} on vpvkac-app. Kuldīga's
 * specialists then see and work exactly Ventspils' centre queue, nothing else of Ventspils, and
 * suspending the trust stops that at the very next request, with the token they already hold.
 */
@ExtendWith(VpvkacEnvironment.Extension.class)
class TrustGrantIT {

    private static final String TRUSTS = "/realms/pasvaldibas/municipal-trusts";
    private static final String VENTSPILS_SPECIALIST = "janis.berzins@ventspils.lv";
    private static final String KULDIGA_SPECIALIST = "janis.berzins@kuldiga.lv";
    /** A Kuldīga employee outside vpvkac-specialisti: the trust does not accept them. */
    private static final String KULDIGA_CLERK = "eriks.krumins@kuldiga.lv";

    private final VpvkacEnvironment env;

    TrustGrantIT(VpvkacEnvironment env) {
        this.env = env;
    }

    private KeycloakClient.Response trusts(String adminToken, String method, String path, String body) {
        return env.keycloak().client().withToken(adminToken, method, TRUSTS + path, body);
    }

    private long centreOf(String token, String municipality) throws Exception {
        Answer centres = env.call(token, "GET", "/api/centres", null, null);
        assertThat(centres.status()).as(centres.raw()).isEqualTo(200);
        for (JsonNode centre : centres.body()) {
            if (centre.get("municipality").asText().equals(municipality)) {
                return centre.get("id").asLong();
            }
        }
        return -1;
    }

    private List<Long> queue(String token, long centre) throws Exception {
        Answer queue = env.call(token, "GET", "/api/cases?centre=" + centre + "&status=RECEIVED&size=200", null, null);
        assertThat(queue.status()).as(queue.raw()).isEqualTo(200);
        List<Long> ids = new ArrayList<>();
        queue.body().forEach(row -> ids.add(row.get("id").asLong()));
        return ids;
    }

    private long registerAtVentspils() throws Exception {
        String token = env.token(VENTSPILS_SPECIALIST);
        Answer services = env.call(token, "GET", "/api/services", null, null);
        String service = null;
        for (JsonNode s : services.body()) {
            if (s.get("channels").toString().contains("IN_PERSON")) {
                service = s.get("code").asText();
                break;
            }
        }
        Answer created = env.call(token, "POST", "/api/cases", Map.of("personalCode", VpvkacEnvironment.personalCode("021290", 310),
                "givenName", "Ģirts", "surname", "Ļaviņš", "serviceCode", service, "centreId", centreOf(token, "ventspils"),
                "channel", "IN_PERSON"), null);
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return created.body().get("id").asLong();
    }

    @Test
    void aTrustLendsExactlyTheTrustingMunicipalitysQueueUntilItIsSuspended() throws Exception {
        long ventspilsCase = registerAtVentspils();
        long ventspilsCentre = centreOf(env.token(VENTSPILS_SPECIALIST), "ventspils");

        // before any trust: Ventspils is invisible to Kuldīga
        String before = env.appToken(KULDIGA_SPECIALIST);
        assertThat(KeycloakClient.claims(before).has("trust_grants")).isFalse();
        assertThat(centreOf(before, "ventspils")).isEqualTo(-1);
        assertThat(env.call(before, "GET", "/api/cases/" + ventspilsCase, null, null).status()).isEqualTo(404);
        assertThat(queue(before, ventspilsCentre)).isEmpty();

        // Ventspils proposes, Kuldīga approves
        String ventspilsAdmin = env.municipalAdminToken("ventspils");
        KeycloakClient.Response proposed = trusts(ventspilsAdmin, "POST", "", """
                {"trustingMunicipality":"ventspils","trustedDirectory":"kuldiga","acceptedGroups":["vpvkac-specialisti"],
                 "grantedRoles":{"vpvkac-app":["vpvkac-specialist"]}}""");
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(201);
        String id = proposed.body().get("id").asText();
        KeycloakClient.Response approved = trusts(env.municipalAdminToken("kuldiga"), "POST", "/" + id + "/approve", null);
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        try {
            String lent = env.appToken(KULDIGA_SPECIALIST);
            JsonNode claims = KeycloakClient.claims(lent);
            assertThat(claims.get("trust_grants").toString()).isEqualTo("{\"ventspils\":[\"vpvkac-specialist\"]}");
            assertThat(claims.get("municipality").asText()).isEqualTo("kuldiga");
            // what the pages are told: their own roles, what is lent, and where they work cases
            Answer me = env.call(lent, "GET", "/api/me", null, null);
            assertThat(me.status()).as(me.raw()).isEqualTo(200);
            assertThat(me.body().get("roles").toString()).isEqualTo("[\"vpvkac-specialist\"]");
            assertThat(me.body().get("grants").toString()).isEqualTo("{\"ventspils\":[\"vpvkac-specialist\"]}");
            assertThat(me.body().get("worksIn").toString()).isEqualTo("[\"kuldiga\",\"ventspils\"]");

            // exactly Ventspils' queue, and the case in it can be worked
            assertThat(centreOf(lent, "ventspils")).isEqualTo(ventspilsCentre);
            assertThat(centreOf(lent, "kuldiga")).isPositive();
            assertThat(centreOf(lent, "talsi")).isEqualTo(-1);
            assertThat(queue(lent, ventspilsCentre)).contains(ventspilsCase);
            Answer read = env.call(lent, "GET", "/api/cases/" + ventspilsCase, null, null);
            assertThat(read.status()).as(read.raw()).isEqualTo(200);
            Answer moved = env.call(lent, "POST", "/api/cases/" + ventspilsCase + "/status",
                    Map.of("status", "IN_PROGRESS", "version", read.body().get("version").asInt()), null);
            assertThat(moved.status()).as(moved.raw()).isEqualTo(200);
            assertThat(moved.body().get("assignee").asText()).isEqualTo(KULDIGA_SPECIALIST);
            // the audit names the lent specialist as actor, from Kuldīga, on Ventspils' case
            try (java.sql.Connection audit = env.auditReader(); java.sql.PreparedStatement q = audit.prepareStatement(
                    "SELECT actor_username, actor_municipality, details::text FROM audit_record WHERE type = 'VPVKAC_CASE_MOVED'"
                            + " AND target_id = ? ORDER BY seq DESC LIMIT 1")) {
                q.setString(1, Long.toString(ventspilsCase));
                try (java.sql.ResultSet row = q.executeQuery()) {
                    assertThat(row.next()).isTrue();
                    assertThat(row.getString(1)).isEqualTo(KULDIGA_SPECIALIST);
                    assertThat(row.getString(2)).isEqualTo("kuldiga");
                    assertThat(row.getString(3)).contains("\"municipality\":\"ventspils\"");
                }
            }
            // a specialist's grant is no supervisor's: Ventspils' reports stay closed (they show the caller's own municipality only)
            Answer report = env.call(lent, "GET", "/api/reports/quality?from=2026-01&to=2026-12&by=MUNICIPALITY", null, null);
            assertThat(report.status()).as(report.raw()).isEqualTo(403);

            // a Kuldīga employee outside the accepted group, and a token of another client, get nothing of Ventspils
            String clerk = env.appToken(KULDIGA_CLERK);
            assertThat(KeycloakClient.claims(clerk).has("trust_grants")).isFalse();
            assertThat(env.call(clerk, "GET", "/api/cases/" + ventspilsCase, null, null).status()).isIn(403, 404);
            String otherClient = env.token(KULDIGA_SPECIALIST);
            assertThat(env.call(otherClient, "GET", "/api/cases/" + ventspilsCase, null, null).status()).isEqualTo(404);

            // suspended: the token Kuldīga's specialist holds stops working on Ventspils at the next request
            KeycloakClient.Response suspended = trusts(ventspilsAdmin, "POST", "/" + id + "/suspend", "{\"reason\":\"Pārbaude\"}");
            assertThat(suspended.status()).as(suspended.raw()).isEqualTo(200);
            assertThat(env.call(lent, "GET", "/api/cases/" + ventspilsCase, null, null).status()).isEqualTo(404);
            assertThat(queue(lent, ventspilsCentre)).isEmpty();
            assertThat(centreOf(lent, "ventspils")).isEqualTo(-1);
            // their own municipality's work goes on
            assertThat(centreOf(lent, "kuldiga")).isPositive();
            Answer meSuspended = env.call(lent, "GET", "/api/me", null, null);
            assertThat(meSuspended.body().get("grants").toString()).isEqualTo("{}");
            assertThat(meSuspended.body().get("worksIn").toString()).isEqualTo("[\"kuldiga\"]");
        } finally {
            trusts(ventspilsAdmin, "POST", "/" + id + "/revoke", "{\"reason\":\"Tests beidzas\"}");
        }
    }

    @Test
    void aTrustCannotLendWhatVpvkacDoesNotOffer() throws Exception {
        String ventspilsAdmin = env.municipalAdminToken("ventspils");
        for (String grant : List.of("{\"vpvkac-app\":[\"vpvkac-admin\"]}", "{\"vpvkac-app\":[\"platform-admin\"]}",
                "{\"platform-cli\":[\"vpvkac-specialist\"]}")) {
            KeycloakClient.Response proposed = trusts(ventspilsAdmin, "POST", "", """
                    {"trustingMunicipality":"ventspils","trustedDirectory":"kuldiga","allUsers":true,"grantedRoles":%s}""".formatted(grant));
            assertThat(proposed.status()).as(grant + ": " + proposed.raw()).isEqualTo(400);
        }
    }
}
