package lv.pasvaldibas.trust.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;

/**
 * Kuldīga's client {@code kuldiga-portal} (roles viewer, editor; password grant on; the trust mapper
 * through the realm's default client scope)
 * that the trust tests open to Ventspils employees, and the checks they make on a sign-in to it.
 */
final class KuldigaPortal implements AutoCloseable {

    static final String CLIENT_ID = "kuldiga-portal";

    private final KeycloakClient admin;
    private final String id;

    private KuldigaPortal(KeycloakClient admin, String id) {
        this.admin = admin;
        this.id = id;
    }

    static KuldigaPortal create(KeycloakClient admin) {
        // no mapper named here: the realm's default client scope municipal-trust brings the trust mapper
        KeycloakClient.Response created = admin.adminPost("/realms/pasvaldibas/clients", Map.of("clientId", CLIENT_ID,
                "publicClient", true, "directAccessGrantsEnabled", true, "attributes", Map.of("municipality", "kuldiga")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        String id = admin.adminGet("/realms/pasvaldibas/clients?clientId=" + CLIENT_ID).body().get(0).get("id").asText();
        for (String role : List.of("viewer", "editor")) {
            admin.adminPost("/realms/pasvaldibas/clients/" + id + "/roles", Map.of("name", role));
        }
        return new KuldigaPortal(admin, id);
    }

    /** A password grant to the portal, as the demo employee {@code username}. */
    KeycloakClient.Response signIn(String username) {
        return signInVia(admin, username);
    }

    /** The same through another Keycloak node's client. */
    static KeycloakClient.Response signInVia(KeycloakClient node, String username) {
        return node.passwordGrant(FederationEnvironment.REALM, CLIENT_ID, null, username, DemoDirectories.DEMO_PASSWORD);
    }

    static void refusedByKuldiga(KeycloakClient.Response r) {
        assertThat(r.status()).as(r.raw()).isEqualTo(400);
        assertThat(r.body().get("error_description").asText()).contains("Kuldīgas novada pašvaldība nav atļāvusi",
                "Kuldīgas novada pašvaldība has not given you access");
    }

    @Override
    public void close() {
        admin.adminDelete("/realms/pasvaldibas/clients/" + id);
    }
}
