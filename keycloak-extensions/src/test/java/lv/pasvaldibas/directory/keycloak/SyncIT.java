package lv.pasvaldibas.directory.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import lv.pasvaldibas.directory.PlatformUserAttributes;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.LdifBuilder;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Full and changed-users sync through Keycloak's own sync API: imports, refreshes, marks the missing. */
@ExtendWith(FederationEnvironment.Extension.class)
class SyncIT {

    private final FederationEnvironment env;

    SyncIT(FederationEnvironment env) {
        this.env = env;
    }

    private JsonNode sync(String action) {
        String id = env.client().adminGet("/realms/pasvaldibas/components?name=municipal-directories").body().get(0).get("id").asText();
        KeycloakClient.Response r = env.client().adminPost("/realms/pasvaldibas/user-storage/" + id + "/sync?action=" + action, "");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body();
    }

    private JsonNode user(String username) {
        return env.client().adminGet("/realms/pasvaldibas/users?exact=true&briefRepresentation=false&username=" + username).body().get(0);
    }

    @Test
    void fullSyncImportsEveryAccountAndMarksTheOnesGoneThenChangedSyncPicksUpEdits() {
        assertThat(env.signIn("krisjanis.klavins@kuldiga.lv", DemoDirectories.DEMO_PASSWORD).status()).isEqualTo(200);
        env.slapd().modify("kuldiga", "dn: uid=krisjanis.klavins,ou=people,dc=kuldiga,dc=lv\nchangetype: delete\n");

        JsonNode full = sync("triggerFullSync");
        assertThat(full.get("failed").asInt()).as(full.toString()).isZero();
        assertThat(full.get("added").asInt() + full.get("updated").asInt()).as(full.toString()).isGreaterThanOrEqualTo(140);
        assertThat(full.get("removed").asInt()).as(full.toString()).isGreaterThanOrEqualTo(1);

        JsonNode gone = user("krisjanis.klavins@kuldiga.lv");
        assertThat(gone.get("enabled").asBoolean()).isFalse();
        assertThat(gone.get("attributes").has(PlatformUserAttributes.MISSING_SINCE)).isTrue();
        // an account nobody signed in with is there now, with its Latvian name
        JsonNode neverSignedIn = user("arturs.skujins@talsi.lv");
        assertThat(neverSignedIn.get("lastName").asText()).isEqualTo("Skujiņš");
        assertThat(neverSignedIn.get("attributes").get("municipality").get(0).asText()).isEqualTo("talsi");

        env.slapd().modify("talsi", "dn: uid=arturs.skujins,ou=people,dc=talsi,dc=lv\nchangetype: modify\nreplace: title\n"
                + LdifBuilder.attr("title", "Galvenais speciālists") + "\n");
        JsonNode changed = sync("triggerChangedUsersSync");
        assertThat(changed.get("updated").asInt()).as(changed.toString()).isGreaterThanOrEqualTo(1);
        assertThat(user("arturs.skujins@talsi.lv").get("attributes").get("title").get(0).asText()).isEqualTo("Galvenais speciālists");
    }
}
