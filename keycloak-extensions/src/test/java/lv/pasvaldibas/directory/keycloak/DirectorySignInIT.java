package lv.pasvaldibas.directory.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.List;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Employees of the demo directories sign in through the realm's municipal directory federation. */
@ExtendWith(FederationEnvironment.Extension.class)
class DirectorySignInIT {

    private static final String PASSWORD = DemoDirectories.DEMO_PASSWORD;

    private final FederationEnvironment env;

    DirectorySignInIT(FederationEnvironment env) {
        this.env = env;
    }

    private JsonNode accessToken(String username, String password) {
        KeycloakClient.Response r = env.signIn(username, password);
        assertThat(r.status()).as("sign-in of %s: %s", username, r.raw()).isEqualTo(200);
        return KeycloakClient.claims(r.body().get("access_token").asText());
    }

    static void assertRefused(KeycloakClient.Response r) {
        assertThat(r.status()).as(r.raw()).isIn(400, 401);
        assertThat(r.body().get("error").asText()).isEqualTo("invalid_grant");
        assertThat(r.raw()).doesNotContain("access_token");
    }

    @Test
    void activeDirectoryEmployeeSignsInWithUpnAndGetsLatvianNameMunicipalityAndRoles() {
        JsonNode token = accessToken("janis.berzins@ventspils.lv", PASSWORD);
        assertThat(token.get("given_name").asText()).isEqualTo("Jānis");
        assertThat(token.get("family_name").asText()).isEqualTo("Bērziņš");
        assertThat(token.get("municipality").asText()).isEqualTo("ventspils");
        assertThat(token.get("home_directory").asText()).isEqualTo("ventspils");
        assertThat(token.get("preferred_username").asText()).isEqualTo("janis.berzins@ventspils.lv");
        List<String> roles = new ArrayList<>();
        token.get("realm_access").get("roles").forEach(r -> roles.add(r.asText()));
        // Jānis is employee 0 of the demo data: darbinieki and vpvkac-specialisti
        assertThat(roles).contains("employee", "vpvkac-specialist").doesNotContain("vpvkac-supervisor");
    }

    @Test
    void employeesBecomeMembersOfTheirMunicipalitysOrganization() {
        accessToken("laura.vitola@kuldiga.lv", PASSWORD);
        JsonNode organizations = env.client().adminGet("/realms/pasvaldibas/organizations?search=kuldiga").body();
        String kuldiga = organizations.get(0).get("id").asText();
        assertThat(organizations.get(0).get("name").asText()).isEqualTo("Kuldīgas novada pašvaldība");
        JsonNode members = env.client().adminGet("/realms/pasvaldibas/organizations/" + kuldiga + "/members?search=laura.vitola").body();
        assertThat(members.findValuesAsText("username")).containsExactly("laura.vitola@kuldiga.lv");
    }

    @Test
    void downLevelNameAndEmailReachTheSameAccount() {
        // not andris.kalnins: the demo admins need a second factor
        JsonNode byDownLevel = accessToken("VENTSPILS\\maris.ozolins", PASSWORD);
        JsonNode byEmail = accessToken("maris.ozolins@ventspils.lv", PASSWORD);
        assertThat(byDownLevel.get("sub").asText()).isEqualTo(byEmail.get("sub").asText());
        assertThat(byDownLevel.get("family_name").asText()).isEqualTo("Ozoliņš");
    }

    @Test
    void theSameUsernameInTwoDirectoriesStaysTwoPeople() {
        JsonNode ventspils = accessToken("janis.berzins@ventspils.lv", PASSWORD);
        JsonNode kuldiga = accessToken("KULDIGA\\janis.berzins", PASSWORD);
        assertThat(kuldiga.get("sub").asText()).isNotEqualTo(ventspils.get("sub").asText());
        assertThat(kuldiga.get("home_directory").asText()).isEqualTo("kuldiga");
        assertThat(kuldiga.get("preferred_username").asText()).isEqualTo("janis.berzins@kuldiga.lv");
        // three directories hold janis.berzins and there is no default directory: a bare name is refused
        assertRefused(env.signIn("janis.berzins", PASSWORD));
    }

    @Test
    void wrongPasswordUnknownDomainAndEmptyPasswordAreRefused() {
        // one failure per account: two in quick succession trip Keycloak's brute-force guard
        assertRefused(env.signIn("andris.kalnins@talsi.lv", "wrong"));
        assertRefused(env.signIn("janis.berzins@nowhere.lv", PASSWORD));
        assertRefused(env.signIn("maris.ozolins@talsi.lv", ""));
        assertThat(env.signIn("karlis.liepins@talsi.lv", PASSWORD).status()).isEqualTo(200);
    }
}
