package lv.pasvaldibas.vpvkac.arquillian;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.net.URL;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment.Answer;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.arquillian.test.api.ArquillianResource;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The application as Arquillian deployed it into its WildFly, called as a client (a deployment that
 * is not testable: every test runs as client) with real tokens of the platform's Keycloak, the one
 * the shared {@link VpvkacEnvironment} runs: the server Arquillian starts is configured for that
 * Keycloak, and a specialist's sign-in through the platform's login page reaches the API; a valid
 * token of the same realm issued for another client does not.
 */
@ExtendWith({ArquillianWildFly.class, VpvkacEnvironment.Extension.class, ArquillianExtension.class})
class DeployedApiIT {

    private static final String VENTSPILS_SPECIALIST = "janis.berzins@ventspils.lv";

    @Deployment(testable = false)
    static WebArchive deployment() {
        return VpvkacArchive.application();
    }

    @ArquillianResource
    URL deployed;

    private Answer get(VpvkacEnvironment env, String token, String path) throws Exception {
        return env.call(deployed.toURI(), token, "GET", path, null, null);
    }

    @Test
    void aSpecialistSignedInThroughThePlatformsLoginPageReadsTheirMunicipalitysQueue(VpvkacEnvironment env) throws Exception {
        // the authorization code flow with PKCE through the platform's login page, as the pages sign in
        String token = env.appToken(VENTSPILS_SPECIALIST);
        assertThat(URI.create(deployed.toString()).getPort()).as("Arquillian's server, not the environment's")
                .isNotEqualTo(URI.create(env.wildfly().baseUrl()).getPort());

        Answer centres = get(env, token, "/api/centres");
        assertThat(centres.status()).as(centres.raw()).isEqualTo(200);
        assertThat(centres.body()).hasSize(1);
        assertThat(centres.body().get(0).get("name").asText()).isEqualTo("Ventspils VPVKAC");
        long ventspils = centres.body().get(0).get("id").asLong();

        Answer queue = get(env, token, "/api/cases?size=200");
        assertThat(queue.status()).as(queue.raw()).isEqualTo(200);
        assertThat(queue.body()).as("the demo cases of Ventspils").isNotEmpty();
        for (JsonNode row : queue.body()) {
            assertThat(row.get("centreId").asLong()).as(row.toString()).isEqualTo(ventspils);
        }
    }

    @Test
    void aValidTokenOfThePlatformIssuedForAnotherClientGets401(VpvkacEnvironment env) throws Exception {
        KeycloakClient.Response platformCli = env.keycloak().client().passwordGrant(VpvkacEnvironment.REALM, "platform-cli", null,
                VENTSPILS_SPECIALIST, DemoDirectories.DEMO_PASSWORD);
        assertThat(platformCli.status()).as(platformCli.raw()).isEqualTo(200);

        assertThat(get(env, platformCli.body().get("access_token").asText(), "/api/cases").status()).isEqualTo(401);
        assertThat(get(env, null, "/api/cases").status()).isEqualTo(401);
        // the same person's token for VPVKAC is let in: the audience made the difference
        assertThat(get(env, env.token(VENTSPILS_SPECIALIST), "/api/cases").status()).isEqualTo(200);
    }
}
