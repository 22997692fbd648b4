package lv.pasvaldibas.provisioning.it;

import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.KULDIGA_OPERATOR;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.KULDIGA_VIEWER;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.TALSI_OPERATOR;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.VENTSPILS_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Map;
import java.util.UUID;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.Answer;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, acceptance 3: a municipality's servers are its own (another municipality gets 404, also by
 * guessing ids, and never sees them listed); a trust lends exactly the role it grants and stops with
 * the trust; forged and misdirected tokens get 401.
 */
@ExtendWith(ProvisioningEnvironment.Extension.class)
class AccessIT {

    private static final String TRUSTS = "/realms/pasvaldibas/municipal-trusts";
    private final ProvisioningEnvironment env;
    private String kuldigaServer;

    AccessIT(ProvisioningEnvironment env) {
        this.env = env;
    }

    @BeforeEach
    void aKuldigaServer() throws Exception {
        String token = env.token(KULDIGA_OPERATOR);
        Answer created = env.call(token, "POST", "/api/v1/servers", Map.of("name", "pieejas-" + UUID.randomUUID().toString().substring(0, 8),
                "template", "small"));
        assertThat(created.status()).as(created.raw()).isEqualTo(202);
        kuldigaServer = created.body().get("server").get("id").asText();
        env.finished(token, created.body().get("job").get("id").asText());
    }

    @Test
    void aTalsiOperatorCanNeitherSeeNorTouchKuldigasServersEvenByTheirIds() throws Exception {
        String talsi = env.token(TALSI_OPERATOR);
        assertThat(env.call(talsi, "GET", "/api/v1/servers/" + kuldigaServer, null).status()).isEqualTo(404);
        for (String action : new String[] {"start", "stop", "reboot"}) {
            Answer refused = env.call(talsi, "POST", "/api/v1/servers/" + kuldigaServer + "/" + action, null);
            assertThat(refused.status()).as(action).isEqualTo(404);
        }
        assertThat(env.call(talsi, "DELETE", "/api/v1/servers/" + kuldigaServer, null).status()).isEqualTo(404);
        assertThat(env.call(talsi, "GET", "/api/v1/servers/" + kuldigaServer + "/jobs", null).status()).isEqualTo(404);
        // the same answer as for an id that does not exist: the id tells nothing
        Answer unknown = env.call(talsi, "GET", "/api/v1/servers/" + UUID.randomUUID(), null);
        Answer kuldigas = env.call(talsi, "GET", "/api/v1/servers/" + kuldigaServer, null);
        assertThat(kuldigas.raw()).isEqualTo(unknown.raw());
        Answer listed = env.call(talsi, "GET", "/api/v1/servers?municipality=kuldiga", null);
        assertThat(listed.body().get("servers")).isEmpty();
        assertThat(env.call(talsi, "GET", "/api/v1/servers", null).body().get("servers").toString()).doesNotContain(kuldigaServer);
        assertThat(env.call(talsi, "GET", "/api/v1/quotas/kuldiga", null).status()).isEqualTo(404);
        // creating in another municipality is refused
        Answer foreign = env.call(talsi, "POST", "/api/v1/servers", Map.of("name", "svesais", "template", "small", "municipality", "kuldiga"));
        assertThat(foreign.status()).isEqualTo(403);
        // and the server is untouched
        assertThat(env.call(env.token(KULDIGA_OPERATOR), "GET", "/api/v1/servers/" + kuldigaServer, null).body().get("phase").asText())
                .isEqualTo("READY");
    }

    @Test
    void aViewerSeesButChangesNothingAndAnEmployeeWithoutARoleSeesNothing() throws Exception {
        String viewer = env.token(KULDIGA_VIEWER);
        assertThat(env.call(viewer, "GET", "/api/v1/servers/" + kuldigaServer, null).status()).isEqualTo(200);
        Answer stop = env.call(viewer, "POST", "/api/v1/servers/" + kuldigaServer + "/stop", null);
        assertThat(stop.status()).isEqualTo(403);
        assertThat(stop.body().get("error").asText()).isEqualTo("forbidden");
        String nobody = env.token("eriks.krumins@kuldiga.lv");
        assertThat(env.call(nobody, "GET", "/api/v1/servers/" + kuldigaServer, null).status()).isEqualTo(404);
        assertThat(env.call(nobody, "GET", "/api/v1/servers", null).body().get("servers")).isEmpty();
        // hosts are the platform operators'
        assertThat(env.call(env.token(KULDIGA_OPERATOR), "GET", "/api/v1/hosts", null).status()).isEqualTo(403);
    }

    @Test
    void aTrustGrantingViewerLetsVentspilsStaffListKuldigasServersAndNothingMoreUntilItIsSuspended() throws Exception {
        String kuldigaAdmin = adminToken("kuldiga");
        KeycloakClient.Response proposed = env.keycloak().client().withToken(kuldigaAdmin, "POST", TRUSTS, """
                {"trustingMunicipality":"kuldiga","trustedDirectory":"ventspils","acceptedGroups":["it-administratori"],
                 "grantedRoles":{"provisioning-api":["provisioning-viewer"]}}""");
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(201);
        String trust = proposed.body().get("id").asText();
        KeycloakClient.Response approved = env.keycloak().client().withToken(adminToken("ventspils"), "POST", TRUSTS + "/" + trust + "/approve", null);
        assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
        try {
            String lent = env.freshToken(VENTSPILS_OPERATOR);
            assertThat(KeycloakClient.claims(lent).get("trust_grants").toString()).isEqualTo("{\"kuldiga\":[\"provisioning-viewer\"]}");
            Answer listed = env.call(lent, "GET", "/api/v1/servers?municipality=kuldiga", null);
            assertThat(listed.body().get("servers").toString()).contains(kuldigaServer);
            assertThat(env.call(lent, "GET", "/api/v1/servers/" + kuldigaServer, null).status()).isEqualTo(200);
            // viewer, not operator: nothing changes
            assertThat(env.call(lent, "POST", "/api/v1/servers/" + kuldigaServer + "/stop", null).status()).isEqualTo(403);
            assertThat(env.call(lent, "POST", "/api/v1/servers", Map.of("name", "no-ventspils", "template", "small",
                    "municipality", "kuldiga")).status()).isEqualTo(403);
            // nothing of Talsi either
            assertThat(env.call(lent, "GET", "/api/v1/servers?municipality=talsi", null).body().get("servers")).isEmpty();

            KeycloakClient.Response suspended = env.keycloak().client().withToken(kuldigaAdmin, "POST", TRUSTS + "/" + trust + "/suspend",
                    "{\"reason\":\"Pārbaude\"}");
            assertThat(suspended.status()).as(suspended.raw()).isEqualTo(200);
            // the token they hold stops working on Kuldīga at the next request
            assertThat(env.call(lent, "GET", "/api/v1/servers/" + kuldigaServer, null).status()).isEqualTo(404);
            assertThat(env.call(lent, "GET", "/api/v1/servers?municipality=kuldiga", null).body().get("servers")).isEmpty();
        } finally {
            env.keycloak().client().withToken(kuldigaAdmin, "POST", TRUSTS + "/" + trust + "/revoke", "{\"reason\":\"Tests beidzas\"}");
        }
    }

    private String adminToken(String municipality) {
        KeycloakClient.Response r = FederationEnvironment.signInAsAdmin(env.keycloak().client(), "andris.kalnins@" + municipality + ".lv");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().get("access_token").asText();
    }

    @Test
    void forgedMisdirectedAndExpiredTokensGet401() throws Exception {
        String real = env.freshToken(KULDIGA_OPERATOR);
        String[] parts = real.split("\\.");
        Base64.Encoder b64 = Base64.getUrlEncoder().withoutPadding();
        String path = "/api/v1/servers/" + kuldigaServer;
        assertThat(env.call(real, "GET", path, null).status()).isEqualTo(200);

        // alg none
        String none = b64.encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8)) + "." + parts[1] + ".";
        assertThat(env.call(none, "GET", path, null).status()).isEqualTo(401);

        // tampered claims under the real signature: Talsi's operator made Kuldīga's
        JsonNode claims = KeycloakClient.claims(real);
        String tamperedClaims = b64.encodeToString(claims.toString().replace("\"kuldiga\"", "\"talsi\"").getBytes(StandardCharsets.UTF_8));
        assertThat(env.call(parts[0] + "." + tamperedClaims + "." + parts[2], "GET", path, null).status()).isEqualTo(401);

        // HS256 signed with the realm's public key as the secret
        JsonNode jwks = new com.fasterxml.jackson.databind.ObjectMapper().readTree(new URI(env.keycloak().baseUrl()
                + "/realms/pasvaldibas/protocol/openid-connect/certs").toURL());
        String publicKey = jwks.get("keys").get(0).get("x5c").get(0).asText();
        String header = b64.encodeToString(("{\"alg\":\"HS256\",\"typ\":\"JWT\",\"kid\":\"" + jwks.get("keys").get(0).get("kid").asText()
                + "\"}").getBytes(StandardCharsets.UTF_8));
        Mac mac = Mac.getInstance("HmacSHA256");
        mac.init(new SecretKeySpec(publicKey.getBytes(StandardCharsets.US_ASCII), "HmacSHA256"));
        String signed = header + "." + parts[1];
        String hs256 = signed + "." + b64.encodeToString(mac.doFinal(signed.getBytes(StandardCharsets.US_ASCII)));
        assertThat(env.call(hs256, "GET", path, null).status()).isEqualTo(401);

        // a real token of another client (the platform's own CLI): Keycloak puts provisioning-api in its audience, because the
        // user holds provisioning-api's roles, but it was issued to a client the daemon does not serve (decision 99)
        String otherAudience = env.keycloak().client().passwordGrant("pasvaldibas", "platform-cli", null, KULDIGA_OPERATOR,
                DemoDirectories.DEMO_PASSWORD).body().get("access_token").asText();
        assertThat(env.call(otherAudience, "GET", path, null).status()).isEqualTo(401);

        // a real token from another issuer: the same Keycloak and realm reached by another name
        String otherIssuer = new KeycloakClient(env.keycloak().baseUrl().replace("127.0.0.1", "localhost"), "admin", "unused")
                .passwordGrant("pasvaldibas", ProvisioningEnvironment.TEST_CLIENT, null, KULDIGA_OPERATOR, DemoDirectories.DEMO_PASSWORD)
                .body().get("access_token").asText();
        assertThat(KeycloakClient.claims(otherIssuer).get("iss").asText()).contains("localhost");
        assertThat(env.call(otherIssuer, "GET", path, null).status()).isEqualTo(401);

        // no token, and garbage
        assertThat(env.call(null, "GET", path, null).status()).isEqualTo(401);
        Answer garbage = env.call("not-a-token", "GET", path, null);
        assertThat(garbage.status()).isEqualTo(401);
        assertThat(garbage.body().get("error").asText()).isEqualTo("unauthenticated");
    }

    @Test
    void anExpiredTokenGets401OnceItsLifetimeAndTheClockSkewArePast() throws Exception {
        KeycloakClient admin = env.keycloak().client();
        KeycloakClient.Response created = admin.adminPost("/realms/pasvaldibas/clients", Map.of(
                "clientId", "provisioning-short-lived", "publicClient", true, "directAccessGrantsEnabled", true, "standardFlowEnabled", false,
                "attributes", Map.of("access.token.lifespan", "1"),
                "protocolMappers", java.util.List.of(Map.of("name", "audience", "protocol", "openid-connect", "protocolMapper",
                        "oidc-audience-mapper", "config", Map.of("included.client.audience", "provisioning-api", "access.token.claim", "true")),
                        Map.of("name", "municipality", "protocol", "openid-connect", "protocolMapper", "oidc-usermodel-attribute-mapper",
                                "config", Map.of("user.attribute", "municipality", "claim.name", "municipality", "jsonType.label", "String",
                                        "access.token.claim", "true")))));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String shortLived = admin.passwordGrant("pasvaldibas", "provisioning-short-lived", null, KULDIGA_OPERATOR, DemoDirectories.DEMO_PASSWORD)
                .body().get("access_token").asText();
        String path = "/api/v1/servers/" + kuldigaServer;
        assertThat(env.call(shortLived, "GET", path, null).status()).isEqualTo(200); // within the 30 s the daemon allows for clocks
        Thread.sleep(33_000);
        assertThat(env.call(shortLived, "GET", path, null).status()).isEqualTo(401);
    }
}
