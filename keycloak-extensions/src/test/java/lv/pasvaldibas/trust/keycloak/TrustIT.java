package lv.pasvaldibas.trust.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A trust from proposal to suspension through the API, enforced at sign-in (direct grant), with
 * every step and every refusal in the audit log. Andris Kalniņš is each demo municipality's LDAP
 * admin; Jānis Bērziņš of Ventspils is a VPVKAC specialist, Māris Ozoliņš is not.
 */
@ExtendWith(FederationEnvironment.Extension.class)
class TrustIT {

    private static final String TRUSTS = "/realms/pasvaldibas/municipal-trusts";
    private static final String PORTAL = KuldigaPortal.CLIENT_ID;

    private final FederationEnvironment env;
    private KuldigaPortal portal;

    TrustIT(FederationEnvironment env) {
        this.env = env;
    }

    @BeforeEach
    void kuldigasPortal() {
        portal = KuldigaPortal.create(env.client());
    }

    @AfterEach
    void removePortal() {
        portal.close();
    }

    private KeycloakClient.Response toPortal(String username) {
        return portal.signIn(username);
    }

    private String admin(String municipality) {
        return env.signInAsAdmin("andris.kalnins@" + municipality + ".lv").body().get("access_token").asText();
    }

    private KeycloakClient.Response call(String token, String method, String path, String body) {
        return env.client().withToken(token, method, TRUSTS + path, body);
    }

    @Test
    void aTrustOpensKuldigasPortalToVentspilsSpecialistsOnlyWhileItIsActive() throws Exception {
        java.sql.Timestamp start = java.sql.Timestamp.from(java.time.Instant.now());
        KuldigaPortal.refusedByKuldiga(toPortal("janis.berzins@ventspils.lv"));

        String kuldiga = admin("kuldiga");
        String ventspils = admin("ventspils");
        String talsi = admin("talsi");
        KeycloakClient.Response proposed = call(kuldiga, "POST", "", """
                {"trustingMunicipality":"kuldiga","trustedDirectory":"ventspils","acceptedGroups":["vpvkac-specialisti"],
                 "grantedRoles":{"kuldiga-portal":["viewer"]}}""");
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(201);
        assertThat(proposed.body().get("state").asText()).isEqualTo("PROPOSED");
        assertThat(proposed.body().get("trustedMunicipality").asText()).isEqualTo("ventspils");
        String id = proposed.body().get("id").asText();
        KuldigaPortal.refusedByKuldiga(toPortal("janis.berzins@ventspils.lv"));

        KeycloakClient.Response own = call(kuldiga, "POST", "/" + id + "/approve", null);
        assertThat(own.status()).isEqualTo(403);
        assertThat(own.body().get("error_description").asText()).contains("Savu priekšlikumu", "only the other side");

        assertThat(call(talsi, "GET", "", null).body()).extracting(t -> t.get("id").asText()).doesNotContain(id);
        assertThat(call(talsi, "GET", "/graph", null).body().get("edges")).extracting(e -> e.get("trust").asText()).doesNotContain(id);
        JsonNode graph = call(ventspils, "GET", "/graph", null).body();
        assertThat(graph.get("edges")).anySatisfy(e -> {
            assertThat(e.get("trust").asText()).isEqualTo(id);
            assertThat(e.get("from").asText()).isEqualTo("municipality:kuldiga");
            assertThat(e.get("to").asText()).isEqualTo("directory:ventspils");
            assertThat(e.get("state").asText()).isEqualTo("PROPOSED");
        });
        assertThat(graph.get("nodes")).extracting(n -> n.get("id").asText()).contains("municipality:kuldiga", "directory:ventspils");
        assertThat(call(talsi, "GET", "/" + id, null).status()).isEqualTo(403);
        assertThat(call(talsi, "POST", "/" + id + "/approve", null).status()).isEqualTo(403);

        KeycloakClient.Response approved = call(ventspils, "POST", "/" + id + "/approve", null);
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        assertThat(approved.body().get("state").asText()).isEqualTo("ACTIVE");

        KeycloakClient.Response admitted = toPortal("janis.berzins@ventspils.lv");
        assertThat(admitted.status()).as(admitted.raw()).isEqualTo(200);
        JsonNode claims = KeycloakClient.claims(admitted.body().get("access_token").asText());
        assertThat(claims.get("trust")).extracting(JsonNode::asText).containsExactly(id);
        assertThat(claims.get("resource_access").get(PORTAL).get("roles")).extracting(JsonNode::asText).containsExactly("viewer");
        assertThat(claims.has("realm_access")).as("Ventspils roles do not travel to Kuldīga's portal").isFalse();
        KuldigaPortal.refusedByKuldiga(toPortal("maris.ozolins@ventspils.lv"));

        KeycloakClient.Response suspended = call(kuldiga, "POST", "/" + id + "/suspend", "{\"reason\":\"Pārskatām piekļuvi\"}");
        assertThat(suspended.body().get("state").asText()).isEqualTo("SUSPENDED");
        KuldigaPortal.refusedByKuldiga(toPortal("janis.berzins@ventspils.lv"));
        KeycloakClient.Response refresh = env.client().postForm("/realms/pasvaldibas/protocol/openid-connect/token", Map.of(
                "grant_type", "refresh_token", "client_id", PORTAL, "refresh_token", admitted.body().get("refresh_token").asText()));
        KuldigaPortal.refusedByKuldiga(refresh);
        JsonNode history = call(ventspils, "GET", "/" + id, null).body().get("history");
        assertThat(history).extracting(h -> h.get("action").asText()).containsExactly("PROPOSED", "APPROVED", "SUSPENDED");
        assertThat(history.get(2).get("reason").asText()).isEqualTo("Pārskatām piekļuvi");

        // the audit log has every step, the refusals and the denied sign-ins
        try (Connection c = env.auditReader(); ResultSet rs = c.createStatement().executeQuery(
                "SELECT type, outcome, actor_username FROM audit_record WHERE target_id = '" + id + "' ORDER BY seq")) {
            StringBuilder steps = new StringBuilder();
            while (rs.next()) {
                steps.append(rs.getString(1)).append(' ').append(rs.getString(2)).append(' ').append(rs.getString(3)).append('\n');
            }
            assertThat(steps.toString()).contains("TRUST_PROPOSE SUCCESS andris.kalnins@kuldiga.lv",
                    "TRUST_APPROVE DENIED andris.kalnins@kuldiga.lv", "TRUST_APPROVE DENIED andris.kalnins@talsi.lv",
                    "TRUST_APPROVE SUCCESS andris.kalnins@ventspils.lv", "TRUST_SUSPEND SUCCESS andris.kalnins@kuldiga.lv");
        }
        try (Connection c = env.auditReader(); java.sql.PreparedStatement s = c.prepareStatement(
                "SELECT actor_username, actor_municipality FROM audit_record WHERE type = 'LOGIN_ERROR' AND outcome = 'DENIED'"
                        + " AND client = '" + PORTAL + "' AND details LIKE '%\"error\":\"trust_denied\"%'"
                        + " AND details LIKE '%\"resource_municipality\":\"kuldiga\"%' AND time >= ?")) {
            s.setTimestamp(1, start);
            ResultSet rs = s.executeQuery();
            List<String> denied = new java.util.ArrayList<>();
            while (rs.next()) {
                denied.add(rs.getString(1) + " " + rs.getString(2));
            }
            // before the trust, while proposed, after suspension; and the outsider while it was active
            assertThat(denied).containsOnly("janis.berzins@ventspils.lv ventspils", "maris.ozolins@ventspils.lv ventspils")
                    .hasSize(4);
        }
    }

    @Test
    void aTrustStopsAtTheEndOfItsWindowWithoutAnyoneActing() throws Exception {
        // both admins sign in first: a one-time code may mean waiting for the next 30 s step
        String ventspils = admin("ventspils");
        String kuldiga = admin("kuldiga");
        String until = java.time.Instant.now().plusSeconds(12).toString();
        KeycloakClient.Response proposed = call(ventspils, "POST", "", """
                {"trustingMunicipality":"kuldiga","trustedDirectory":"ventspils","allUsers":true,
                 "grantedRoles":{"kuldiga-portal":["editor"]},"validUntil":"%s"}""".formatted(until));
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(201);
        String id = proposed.body().get("id").asText();
        assertThat(call(kuldiga, "POST", "/" + id + "/approve", null).status()).isEqualTo(200);

        KeycloakClient.Response before = toPortal("maris.ozolins@ventspils.lv");
        assertThat(before.status()).as(before.raw()).isEqualTo(200);
        assertThat(KeycloakClient.claims(before.body().get("access_token").asText()).get("resource_access").get(PORTAL).get("roles"))
                .extracting(JsonNode::asText).containsExactly("editor");

        Thread.sleep(Math.max(0, java.time.Duration.between(java.time.Instant.now(), java.time.Instant.parse(until)).toMillis()) + 500);
        KuldigaPortal.refusedByKuldiga(toPortal("maris.ozolins@ventspils.lv"));
        assertThat(call(kuldiga, "GET", "/" + id, null).body().get("state").asText()).isEqualTo("EXPIRED");
        assertThat(call(kuldiga, "GET", "?state=EXPIRED", null).body()).extracting(t -> t.get("id").asText()).contains(id);
        assertThat(call(kuldiga, "POST", "/" + id + "/suspend", "{\"reason\":\"par vēlu\"}").status()).as("nothing left to stop").isEqualTo(409);
    }

    @Test
    void aReviewThatFellDueIsListedUntilKuldigaReApprovesIt() throws Exception {
        KeycloakClient.Response proposed = call(admin("ventspils"), "POST", "", """
                {"trustingMunicipality":"kuldiga","trustedDirectory":"ventspils","allUsers":true,
                 "grantedRoles":{"kuldiga-portal":["viewer"]}}""");
        String id = proposed.body().get("id").asText();
        String kuldiga = admin("kuldiga");
        String ventspils = admin("ventspils");
        assertThat(call(kuldiga, "POST", "/" + id + "/approve", null).status()).isEqualTo(200);
        assertThat(call(kuldiga, "GET", "?overdue=true", null).body()).extracting(t -> t.get("id").asText()).doesNotContain(id);

        // a year passes for this trust: its review date moves into the past
        try (Connection c = env.keycloakDatabase();
             java.sql.PreparedStatement s = c.prepareStatement("UPDATE pas_trust SET next_review = ? WHERE id = ?")) {
            s.setLong(1, java.time.Instant.now().minusSeconds(60).toEpochMilli());
            s.setString(2, id);
            assertThat(s.executeUpdate()).isEqualTo(1);
        }
        for (String side : List.of(kuldiga, ventspils)) {
            assertThat(call(side, "GET", "?overdue=true", null).body()).anySatisfy(t -> {
                assertThat(t.get("id").asText()).isEqualTo(id);
                assertThat(t.get("reviewOverdue").asBoolean()).isTrue();
            });
        }
        assertThat(call(admin("talsi"), "GET", "?overdue=true", null).body()).extracting(t -> t.get("id").asText()).doesNotContain(id);
        assertThat(toPortal("maris.ozolins@ventspils.lv").status()).as("an overdue review warns; it does not stop access").isEqualTo(200);

        KeycloakClient.Response byAccountSide = call(ventspils, "POST", "/" + id + "/review", null);
        assertThat(byAccountSide.status()).as("only the side whose applications it opens re-approves").isEqualTo(403);
        KeycloakClient.Response reviewed = call(kuldiga, "POST", "/" + id + "/review", null);
        assertThat(reviewed.status()).as(reviewed.raw()).isEqualTo(200);
        assertThat(java.time.Instant.parse(reviewed.body().get("nextReview").asText()))
                .isAfter(java.time.Instant.now().plus(java.time.Duration.ofDays(364)));
        assertThat(call(kuldiga, "GET", "?overdue=true", null).body()).extracting(t -> t.get("id").asText()).doesNotContain(id);
        assertThat(reviewed.body().get("history")).extracting(h -> h.get("action").asText()).containsExactly("PROPOSED", "APPROVED", "REVIEWED");
        call(kuldiga, "POST", "/" + id + "/revoke", "{\"reason\":\"tests beigas\"}");
    }

    @Test
    void onlyTokensOfAdminClientsOpenTheApisAndMunicipalServiceAccountsStillGetTokens() {
        // Kuldīga's admin signs in to Kuldīga's own portal: an application holding that token cannot act as them
        KeycloakClient.Response portalToken = env.client().passwordGrant(FederationEnvironment.REALM, KuldigaPortal.CLIENT_ID, null,
                "andris.kalnins@kuldiga.lv", DemoDirectories.DEMO_PASSWORD, lv.pasvaldibas.testsupport.Totp.demoAdminCode("andris.kalnins@kuldiga.lv"));
        assertThat(portalToken.status()).as(portalToken.raw()).isEqualTo(200);
        String replayed = portalToken.body().get("access_token").asText();
        for (String path : List.of(TRUSTS, "/realms/pasvaldibas/municipal-directories/directories", "/realms/pasvaldibas/municipal-audit/records")) {
            KeycloakClient.Response r = env.client().withToken(replayed, "GET", path, null);
            assertThat(r.status()).as(path + " " + r.raw()).isEqualTo(403);
            assertThat(r.body().get("error_description").asText()).contains("not issued to an admin client");
        }

        // a municipality's confidential client keeps getting tokens for its own service account
        KeycloakClient.Response created = env.client().adminPost("/realms/pasvaldibas/clients", java.util.Map.of("clientId", "kuldiga-batch",
                "publicClient", false, "serviceAccountsEnabled", true, "standardFlowEnabled", false, "secret", "kuldiga-batch-secret",
                "attributes", java.util.Map.of("municipality", "kuldiga")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String batchId = env.client().adminGet("/realms/pasvaldibas/clients?clientId=kuldiga-batch").body().get(0).get("id").asText();
        try {
            KeycloakClient.Response token = env.client().postForm("/realms/pasvaldibas/protocol/openid-connect/token", java.util.Map.of(
                    "grant_type", "client_credentials", "client_id", "kuldiga-batch", "client_secret", "kuldiga-batch-secret"));
            assertThat(token.status()).as(token.raw()).isEqualTo(200);
        } finally {
            env.client().adminDelete("/realms/pasvaldibas/clients/" + batchId);
        }
    }

    @Test
    void aNewRealmGetsTheTrustCheckAndItsMunicipalClientsTheTrustScopes() {
        KeycloakClient.Response created = env.client().adminPost("/realms", Map.of("realm", "jauna-pasvaldiba", "enabled", true,
                "clients", List.of(Map.of("clientId", "jauna-oidc", "attributes", Map.of("municipality", "jauna")),
                        Map.of("clientId", "jauna-saml", "protocol", "saml", "attributes", Map.of("municipality", "jauna")),
                        Map.of("clientId", "visiem"))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        try {
            assertThat(env.client().adminGet("/realms/jauna-pasvaldiba/authentication/required-actions").body())
                    .anySatisfy(a -> {
                        assertThat(a.get("alias").asText()).isEqualTo("municipal-trust-check");
                        assertThat(a.get("enabled").asBoolean()).isTrue();
                    })
                    .as("Keycloak's own required actions stay").anySatisfy(a -> assertThat(a.get("alias").asText()).isEqualTo("UPDATE_PASSWORD"));
            assertThat(defaultScopes("jauna-oidc")).contains("municipal-trust", "profile");
            assertThat(defaultScopes("jauna-saml")).contains("municipal-trust-saml");
            assertThat(defaultScopes("visiem")).as("a platform-wide client of the import").doesNotContain("municipal-trust");
        } finally {
            env.client().adminDelete("/realms/jauna-pasvaldiba");
        }
    }

    private List<String> defaultScopes(String clientId) {
        String id = env.client().adminGet("/realms/jauna-pasvaldiba/clients?clientId=" + clientId).body().get(0).get("id").asText();
        List<String> names = new java.util.ArrayList<>();
        env.client().adminGet("/realms/jauna-pasvaldiba/clients/" + id + "/default-client-scopes").body().forEach(s -> names.add(s.get("name").asText()));
        return names;
    }

    @Test
    void badRequestsGetAClearAnswerAndChangeNothing() {
        String kuldiga = admin("kuldiga");
        int before = call(kuldiga, "GET", "", null).body().size();
        assertThat(call(kuldiga, "POST", "/00000000-0000-0000-0000-000000000000/approve", null).status()).isEqualTo(404);
        assertThat(call(kuldiga, "GET", "/nav-tada", null).status()).isEqualTo(404);
        for (String body : List.of("not json", "[]", "{}",
                "{\"trustingMunicipality\":\"kuldiga\",\"trustedDirectory\":\"riga\",\"allUsers\":true,\"grantedRoles\":{\"kuldiga-portal\":[\"viewer\"]}}",
                "{\"trustingMunicipality\":\"kuldiga\",\"trustedDirectory\":\"ventspils\",\"allUsers\":true,\"grantedRoles\":{\"platform-cli\":[\"viewer\"]}}",
                "{\"trustingMunicipality\":\"kuldiga\",\"trustedDirectory\":\"ventspils\",\"allUsers\":true,\"grantedRoles\":{\"kuldiga-portal\":[\"admin\"]}}",
                "{\"trustingMunicipality\":\"kuldiga\",\"trustedDirectory\":\"kuldiga\",\"allUsers\":true,\"grantedRoles\":{\"kuldiga-portal\":[\"viewer\"]}}",
                "{\"trustingMunicipality\":\"kuldiga\",\"trustedDirectory\":\"ventspils\",\"allUsers\":true,\"grantedRoles\":{\"kuldiga-portal\":[\"viewer\"]},\"validFrom\":\"rīt\"}",
                "{\"trustingMunicipality\":\"kuldiga\",\"trustedDirectory\":\"ventspils\",\"acceptedGroup\":[\"vpvkac-specialisti\"],\"grantedRoles\":{\"kuldiga-portal\":[\"viewer\"]}}")) {
            KeycloakClient.Response r = call(kuldiga, "POST", "", body);
            assertThat(r.status()).as(body + " → " + r.raw()).isEqualTo(400);
            assertThat(r.body().get("error_description").asText()).as(body).contains(" / ");
        }
        assertThat(call(kuldiga, "POST", "", "{\"trustingMunicipality\":\"kuldiga\",\"trustedDirectory\":\"ventspils\",\"acceptedGroup\":[\"x\"],"
                + "\"grantedRoles\":{\"kuldiga-portal\":[\"viewer\"]}}").body().get("error_description").asText()).contains("unknown field acceptedGroup");
        KeycloakClient.Response badState = call(kuldiga, "GET", "?state=pending", null);
        assertThat(badState.status()).isEqualTo(400);
        assertThat(badState.body().get("error_description").asText()).contains("Nederīgs stāvoklis", "PROPOSED");
        KeycloakClient.Response talsiForKuldiga = call(admin("talsi"), "POST", "",
                "{\"trustingMunicipality\":\"kuldiga\",\"trustedDirectory\":\"ventspils\",\"allUsers\":true,\"grantedRoles\":{\"kuldiga-portal\":[\"viewer\"]}}");
        assertThat(talsiForKuldiga.status()).isEqualTo(403);
        KeycloakClient.Response employee = call(env.signIn("janis.berzins@ventspils.lv", DemoDirectories.DEMO_PASSWORD).body()
                .get("access_token").asText(), "GET", "", null);
        assertThat(employee.status()).isEqualTo(403);
        assertThat(employee.body().get("error_description").asText()).contains("Nepieciešama", "Requires the role municipal-ldap-admin");
        assertThat(call(kuldiga, "GET", "", null).body().size()).as("nothing was created").isEqualTo(before);
    }
}
