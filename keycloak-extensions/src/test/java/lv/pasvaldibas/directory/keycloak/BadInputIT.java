package lv.pasvaldibas.directory.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Names built to break LDAP filters or the server never match anyone, never fail the server, and are each recorded. */
@ExtendWith(FederationEnvironment.Extension.class)
class BadInputIT {

    private final FederationEnvironment env;

    BadInputIT(FederationEnvironment env) {
        this.env = env;
    }

    private int loginErrors() {
        KeycloakClient.Response events = env.client().adminGet("/realms/pasvaldibas/events?type=LOGIN_ERROR&max=10000");
        assertThat(events.status()).isEqualTo(200);
        return events.body().size();
    }

    @Test
    void injectionAndMalformedNamesAreRefusedOneRecordedFailureEach() {
        List<String> names = List.of("*", "*)(uid=*))(|(uid=*", "admin)(&)", "*@ventspils.lv", "*)(uid=*))(|(uid=*@kuldiga.lv",
                "KULDIGA\\*", "KULDIGA\\janis.berzins)(uid=*", "janis.berzins\u0000@talsi.lv", "x".repeat(10_000) + "@talsi.lv",
                "uid=janis.berzins,ou=people,dc=kuldiga,dc=lv", "cn=Jānis Bērziņš,ou=people,dc=ventspils,dc=lv",
                "JANIS.BERZINS@VENTSPILS.LV\u200b", "jаnis.berzins@kuldiga.lv" /* Cyrillic а */, "janis.berzins@kuldiga.lv.",
                "ventspils\\\\janis.berzins", "@", "\\");
        int before = loginErrors();
        for (String name : names) {
            KeycloakClient.Response r = env.signIn(name, DemoDirectories.DEMO_PASSWORD);
            assertThat(r.status()).as("%s -> %s", name.length() > 60 ? name.substring(0, 60) + "…" : name, r.raw()).isIn(400, 401);
            assertThat(r.raw()).doesNotContain("access_token");
        }
        assertThat(loginErrors() - before).isEqualTo(names.size());
    }

    @Test
    void mixedCaseReachesTheSameAccountAndNoOther() {
        JsonNode lower = KeycloakClient.claims(env.signIn("anna.berzina@ventspils.lv", DemoDirectories.DEMO_PASSWORD)
                .body().get("access_token").asText());
        JsonNode upper = KeycloakClient.claims(env.signIn("ANNA.Berzina@Ventspils.LV", DemoDirectories.DEMO_PASSWORD)
                .body().get("access_token").asText());
        assertThat(upper.get("sub").asText()).isEqualTo(lower.get("sub").asText());
    }

    @Test
    void aBareNameKnownInSeveralDirectoriesAsksForTheDomain() {
        KeycloakClient.Response r = env.signIn("andris.kalnins", DemoDirectories.DEMO_PASSWORD);
        assertThat(r.status()).isIn(400, 401);
        // without saying that the name exists anywhere (decision 50)
        assertThat(r.body().get("error_description").asText())
                .contains("pievienojiet to", "add it, e.g. name@yourmunicipality.lv").doesNotContain("more than one");
    }
}
