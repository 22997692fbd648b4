package lv.pasvaldibas.trust.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.Totp;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 10: a read-only realm role (realm-management {@code view-realm}) reads every trust but changes
 * none (attack 6), while the role {@code platform-admin} may stop any trust; and token introspection,
 * for a full or a lightweight access token, shows a trusted outsider exactly the roles the trust grants.
 */
@ExtendWith(FederationEnvironment.Extension.class)
class TrustReadersAndIntrospectionIT {

    private static final String TRUSTS = "/realms/pasvaldibas/municipal-trusts";
    private static final String READER = "ilga.skatitaja";
    private static final String READER_PASSWORD = "Tikai-Skatit-2026";

    private final FederationEnvironment env;
    private KuldigaPortal portal;
    private String readerId;
    private String trustId;
    private String kuldiga;

    TrustReadersAndIntrospectionIT(FederationEnvironment env) {
        this.env = env;
    }

    @BeforeEach
    void anActiveTrustFromKuldigaToVentspilsSpecialists() {
        portal = KuldigaPortal.create(env.client());
        kuldiga = env.signInAsAdmin("andris.kalnins@kuldiga.lv").body().get("access_token").asText();
        String ventspils = env.signInAsAdmin("andris.kalnins@ventspils.lv").body().get("access_token").asText();
        KeycloakClient.Response proposed = call(kuldiga, "POST", "", """
                {"trustingMunicipality":"kuldiga","trustedDirectory":"ventspils","acceptedGroups":["vpvkac-specialisti"],
                 "grantedRoles":{"kuldiga-portal":["viewer"]}}""");
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(201);
        trustId = proposed.body().get("id").asText();
        assertThat(call(ventspils, "POST", "/" + trustId + "/approve", null).status()).isEqualTo(200);
    }

    @AfterEach
    void cleanUp() {
        call(kuldiga, "POST", "/" + trustId + "/revoke", "{\"reason\":\"testa beigas\"}");
        if (readerId != null) {
            env.client().adminDelete("/realms/pasvaldibas/users/" + readerId);
        }
        portal.close();
    }

    private KeycloakClient.Response call(String token, String method, String path, String body) {
        return env.client().withToken(token, method, TRUSTS + path, body);
    }

    private String reader() {
        env.client().adminPost("/realms/pasvaldibas/users", Map.of("username", READER, "firstName", "Ilga", "lastName", "Skatītāja",
                "enabled", true, "credentials", List.of(Map.of("type", "password", "value", READER_PASSWORD, "temporary", false))));
        readerId = env.client().adminGet("/realms/pasvaldibas/users?exact=true&username=" + READER).body().get(0).get("id").asText();
        String management = env.client().adminGet("/realms/pasvaldibas/clients?clientId=realm-management").body().get(0).get("id").asText();
        JsonNode viewRealm = env.client().adminGet("/realms/pasvaldibas/clients/" + management + "/roles/view-realm").body();
        env.client().adminPost("/realms/pasvaldibas/users/" + readerId + "/role-mappings/clients/" + management, List.of(viewRealm));
        KeycloakClient.Response r = env.signIn(READER, READER_PASSWORD);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().get("access_token").asText();
    }

    @Test
    void aViewRealmReaderSeesTheTrustButEveryChangeIsRefusedAndNothingChanges() {
        String reader = reader();
        assertThat(call(reader, "GET", "", null).body()).extracting(t -> t.get("id").asText()).contains(trustId);
        assertThat(call(reader, "GET", "/options", null).body().get("me").get("readOnly").asBoolean()).isTrue();
        JsonNode before = call(reader, "GET", "/" + trustId, null).body();
        assertThat(before.get("state").asText()).isEqualTo("ACTIVE");

        for (String action : List.of("suspend", "revoke", "resume", "approve", "reject", "review")) {
            KeycloakClient.Response refused = call(reader, "POST", "/" + trustId + "/" + action, "{\"reason\":\"uzbrukums 6\"}");
            assertThat(refused.status()).as(action + " " + refused.raw()).isEqualTo(403);
            assertThat(refused.body().get("error_description").asText()).contains("ļauj tikai skatīt", "only allow reading");
        }
        KeycloakClient.Response proposal = call(reader, "POST", "", """
                {"trustingMunicipality":"talsi","trustedDirectory":"ventspils","allUsers":true,"grantedRoles":{"kuldiga-portal":["viewer"]}}""");
        assertThat(proposal.status()).as(proposal.raw()).isEqualTo(403);

        JsonNode after = call(reader, "GET", "/" + trustId, null).body();
        assertThat(after.get("state").asText()).isEqualTo("ACTIVE");
        assertThat(after.get("history")).isEqualTo(before.get("history"));
    }

    @Test
    void aPlatformAdminWithTheSecondFactorSuspendsAndResumesAnyTrust() {
        String platform = env.client().passwordGrant(FederationEnvironment.REALM, FederationEnvironment.CLIENT, null, "platform.admin",
                DemoDirectories.DEMO_PASSWORD, Totp.demoAdminCode("platform.admin")).body().get("access_token").asText();
        KeycloakClient.Response suspended = call(platform, "POST", "/" + trustId + "/suspend", "{\"reason\":\"drošības incidents\"}");
        assertThat(suspended.status()).as(suspended.raw()).isEqualTo(200);
        assertThat(suspended.body().get("state").asText()).isEqualTo("SUSPENDED");
        KuldigaPortal.refusedByKuldiga(portal.signIn("janis.berzins@ventspils.lv"));
        KeycloakClient.Response resumed = call(platform, "POST", "/" + trustId + "/resume", "{\"reason\":\"atrisināts\"}");
        assertThat(resumed.body().get("state").asText()).as(resumed.raw()).isEqualTo("ACTIVE");
        // consent stays with the municipalities (decision 28)
        KeycloakClient.Response proposal = call(platform, "POST", "", """
                {"trustingMunicipality":"talsi","trustedDirectory":"ventspils","allUsers":true,"grantedRoles":{"kuldiga-portal":["viewer"]}}""");
        assertThat(proposal.status()).as(proposal.raw()).isIn(400, 403);
    }

    @Test
    void introspectionShowsATrustedOutsiderOnlyTheGrantedRolesAlsoForALightweightToken() {
        KeycloakClient.Response created = env.client().adminPost("/realms/pasvaldibas/clients", Map.of("clientId", "kuldiga-api",
                "publicClient", false, "secret", "kuldiga-api-secret", "serviceAccountsEnabled", false, "standardFlowEnabled", false,
                "attributes", Map.of("municipality", "kuldiga")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String apiId = env.client().adminGet("/realms/pasvaldibas/clients?clientId=kuldiga-api").body().get(0).get("id").asText();
        String portalId = env.client().adminGet("/realms/pasvaldibas/clients?clientId=kuldiga-portal").body().get(0).get("id").asText();
        // Keycloak introspects only for a client in the token's audience: the portal's tokens name its API
        KeycloakClient.Response audience = env.client().adminPost("/realms/pasvaldibas/clients/" + portalId + "/protocol-mappers/models",
                Map.of("name", "kuldiga-api audience", "protocol", "openid-connect", "protocolMapper", "oidc-audience-mapper",
                        "config", Map.of("included.client.audience", "kuldiga-api", "access.token.claim", "true",
                                "introspection.token.claim", "true", "lightweight.claim", "true")));
        assertThat(audience.status()).as(audience.raw()).isEqualTo(201);
        try {
            JsonNode full = introspect(portal.signIn("janis.berzins@ventspils.lv"));
            onlyTheGrantedRoles(full);

            JsonNode portalRep = env.client().adminGet("/realms/pasvaldibas/clients/" + portalId).body();
            ((com.fasterxml.jackson.databind.node.ObjectNode) portalRep.get("attributes")).put("client.use.lightweight.access.token.enabled", "true");
            assertThat(env.client().adminPut("/realms/pasvaldibas/clients/" + portalId, portalRep).status()).isEqualTo(204);
            KeycloakClient.Response lightweight = portal.signIn("janis.berzins@ventspils.lv");
            JsonNode claims = KeycloakClient.claims(lightweight.body().get("access_token").asText());
            assertThat(claims.has("realm_access")).as("a lightweight token carries no realm roles: " + claims).isFalse();
            onlyTheGrantedRoles(introspect(lightweight));
        } finally {
            env.client().adminDelete("/realms/pasvaldibas/clients/" + apiId);
        }
    }

    private JsonNode introspect(KeycloakClient.Response signedIn) {
        assertThat(signedIn.status()).as(signedIn.raw()).isEqualTo(200);
        KeycloakClient.Response r = env.client().postForm("/realms/pasvaldibas/protocol/openid-connect/token/introspect", Map.of(
                "client_id", "kuldiga-api", "client_secret", "kuldiga-api-secret", "token", signedIn.body().get("access_token").asText()));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    private void onlyTheGrantedRoles(JsonNode introspected) {
        assertThat(introspected.get("active").asBoolean()).as(introspected.toString()).isTrue();
        assertThat(introspected.has("realm_access")).as("no realm roles of Ventspils: " + introspected).isFalse();
        assertThat(introspected.get("resource_access").size()).as(introspected.toString()).isEqualTo(1);
        assertThat(introspected.get("resource_access").get("kuldiga-portal").get("roles")).extracting(JsonNode::asText)
                .containsExactly("viewer");
        assertThat(introspected.get("trust")).extracting(JsonNode::asText).containsExactly(trustId);
    }
}
