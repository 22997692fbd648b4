package lv.pasvaldibas.directory.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
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

        // every directory synced, but a municipality's LDAP admin sees only their own directories' progress
        assertThat(progress("talsi").get("kind").asText()).isEqualTo("changed");
        String kuldigaAdmin = env.signInAsAdmin("andris.kalnins@kuldiga.lv").body().get("access_token").asText();
        KeycloakClient.Response own = env.client().withToken(kuldigaAdmin, "GET", "/realms/pasvaldibas/municipal-directories/sync", null);
        assertThat(own.status()).as(own.raw()).isEqualTo(200);
        java.util.List<String> seen = new java.util.ArrayList<>();
        own.body().forEach(row -> seen.add(row.get("directory").asText()));
        assertThat(seen).as(own.raw()).containsExactly("kuldiga");
    }

    private JsonNode progress(String directory) {
        String token = env.signInAsAdmin("platform.admin").body().get("access_token").asText();
        KeycloakClient.Response r = env.client().withToken(token, "GET", "/realms/pasvaldibas/municipal-directories/sync", null);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        for (JsonNode row : r.body()) {
            if (row.get("directory").asText().equals(directory)) {
                return row;
            }
        }
        throw new AssertionError("no sync progress of " + directory + " in " + r.raw());
    }

    /** Makes Talsi's last full sync look like one that stopped (FAILED) after all its accounts, its last DN as given. */
    private void stopTalsiAt(long position, String lastDn) throws Exception {
        try (Connection db = env.keycloakDatabase();
             PreparedStatement stop = db.prepareStatement("UPDATE PAS_DIRECTORY_SYNC SET STATE = 'FAILED', POSITION = ?, LAST_DN = ?,"
                     + " UPDATED_AT = 0 WHERE DIRECTORY_ID = 'talsi'")) {
            stop.setLong(1, position);
            stop.setString(2, lastDn);
            assertThat(stop.executeUpdate()).isEqualTo(1);
        }
    }

    private String talsiLastDn() throws Exception {
        try (Connection db = env.keycloakDatabase();
             ResultSet row = db.createStatement().executeQuery("SELECT LAST_DN FROM PAS_DIRECTORY_SYNC WHERE DIRECTORY_ID = 'talsi'")) {
            assertThat(row.next()).isTrue();
            return row.getString(1);
        }
    }

    @Test
    void aSyncThatStoppedGoesOnAfterItsLastBatchAndStartsOverWhenTheDirectoryListsOtherwise() throws Exception {
        JsonNode first = sync("triggerFullSync");
        int everyAccount = first.get("added").asInt() + first.get("updated").asInt();
        JsonNode talsi = progress("talsi");
        assertThat(talsi.get("state").asText()).isEqualTo("done");
        assertThat(talsi.get("kind").asText()).isEqualTo("full");
        long talsiAccounts = talsi.get("accounts").asLong();
        assertThat(talsiAccounts).isGreaterThan(10);

        // Talsi stopped after its last account: the next full sync goes on with that run, in which every
        // other directory finished, so nothing is synced twice
        stopTalsiAt(talsiAccounts, talsiLastDn());
        JsonNode resumed = sync("triggerFullSync");
        assertThat(resumed.get("added").asInt() + resumed.get("updated").asInt()).as(resumed.toString()).isZero();
        assertThat(progress("talsi").get("state").asText()).isEqualTo("done");
        assertThat(progress("talsi").get("accounts").asLong()).isEqualTo(talsiAccounts);

        // the directory no longer lists that account at that place: Talsi's accounts are synced again, each once
        stopTalsiAt(talsiAccounts, "uid=nobody,ou=people,dc=talsi,dc=lv");
        JsonNode again = sync("triggerFullSync");
        assertThat(again.get("added").asInt() + again.get("updated").asInt()).as(again.toString()).isEqualTo((int) talsiAccounts);
        assertThat(again.get("failed").asInt()).isZero();

        // a finished run is not resumed: the next full sync is a new one, over every directory
        JsonNode fresh = sync("triggerFullSync");
        assertThat(fresh.get("added").asInt() + fresh.get("updated").asInt()).as(fresh.toString()).isEqualTo(everyAccount);
    }
}
