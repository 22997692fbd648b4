package lv.pasvaldibas.trust.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.KeycloakServer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A trust changed on node A holds at the very next sign-in on node B, although B keeps each realm's
 * trust decision in memory: the change renews the realm's trust version, and the cluster's realm cache
 * invalidation brings it to B. Tokens are used on the node that issued them (the issuer is the node's URL).
 */
@ExtendWith(ClusterEnvironment.Extension.class)
class TrustClusterIT {

    private static final String TRUSTS = "/realms/pasvaldibas/municipal-trusts";
    private static final String PORTAL = KuldigaPortal.CLIENT_ID;
    private static final String SPECIALIST = "janis.berzins@ventspils.lv";

    private final KeycloakServer a;
    private final KeycloakServer b;

    TrustClusterIT(ClusterEnvironment env) {
        this.a = env.nodeA();
        this.b = env.nodeB();
    }

    private static KeycloakClient.Response toPortal(KeycloakServer node) {
        return KuldigaPortal.signInVia(node.client(), SPECIALIST);
    }

    private static String admin(KeycloakServer node, String municipality) {
        KeycloakClient.Response r = node.client().passwordGrant(FederationEnvironment.REALM, FederationEnvironment.CLIENT, null,
                "andris.kalnins@" + municipality + ".lv", DemoDirectories.DEMO_PASSWORD, lv.pasvaldibas.testsupport.Totp.demoAdminCode("andris.kalnins@" + municipality + ".lv"));
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().get("access_token").asText();
    }

    private static JsonNode act(KeycloakServer node, String token, String path, String body, int expectedStatus) {
        KeycloakClient.Response r = node.client().withToken(token, "POST", TRUSTS + path, body);
        assertThat(r.status()).as(r.raw()).isEqualTo(expectedStatus);
        return r.body();
    }

    private static KeycloakClient.Response admittedAsViewer(KeycloakClient.Response r, String trust) {
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        JsonNode claims = KeycloakClient.claims(r.body().get("access_token").asText());
        assertThat(claims.get("trust")).extracting(JsonNode::asText).containsExactly(trust);
        assertThat(claims.get("resource_access").get(PORTAL).get("roles")).extracting(JsonNode::asText).containsExactly("viewer");
        return r;
    }

    @Test
    void aTrustSuspendedOnOneNodeIsRefusedAtTheNextSignInOnTheOther() {
        assertThat(List.of(a.clusterSize(), b.clusterSize())).as("one cluster of two nodes").containsExactly(2, 2);
        KuldigaPortal.create(a.client());
        KuldigaPortal.refusedByKuldiga(toPortal(b));

        String kuldigaOnA = admin(a, "kuldiga");
        String id = act(a, kuldigaOnA, "", """
                {"trustingMunicipality":"kuldiga","trustedDirectory":"ventspils","acceptedGroups":["vpvkac-specialisti"],
                 "grantedRoles":{"kuldiga-portal":["viewer"]}}""", 201).get("id").asText();
        assertThat(act(b, admin(b, "ventspils"), "/" + id + "/approve", null, 200).get("state").asText()).isEqualTo("ACTIVE");

        KeycloakClient.Response first = admittedAsViewer(toPortal(b), id);
        admittedAsViewer(toPortal(b), id); // B's decision for the realm is now in its memory

        assertThat(act(a, kuldigaOnA, "/" + id + "/suspend", "{\"reason\":\"Pārskatām piekļuvi\"}", 200).get("state").asText())
                .isEqualTo("SUSPENDED");
        KuldigaPortal.refusedByKuldiga(toPortal(b));
        KuldigaPortal.refusedByKuldiga(b.client().postForm("/realms/pasvaldibas/protocol/openid-connect/token", Map.of(
                "grant_type", "refresh_token", "client_id", PORTAL, "refresh_token", first.body().get("refresh_token").asText())));

        assertThat(act(a, kuldigaOnA, "/" + id + "/resume", "{\"reason\":\"Pārskatīts\"}", 200).get("state").asText())
                .isEqualTo("ACTIVE");
        admittedAsViewer(toPortal(b), id);
    }
}
