package lv.pasvaldibas.trust.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.sun.net.httpserver.HttpServer;
import java.net.InetSocketAddress;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.directory.keycloak.HeadlessBrowser;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Trusts over SAML: Kuldīga's SAML application (the SAML trust mapper from the realm's default client
 * scope {@code municipal-trust-saml}; IdP-initiated sign-in in headless Chromium, the
 * assertion posted to a local consumer) receives {@code municipality}, {@code home_directory},
 * {@code trust} and only the trust-granted roles for a Ventspils specialist; a Kuldīga employee keeps
 * their own roles and has no {@code trust}; a Ventspils employee outside the group gets no assertion.
 */
@ExtendWith(FederationEnvironment.Extension.class)
class TrustSamlIT {

    private static final String CLIENT_ID = "kuldiga-saml";
    private static final String TRUSTS = "/realms/pasvaldibas/municipal-trusts";

    private final FederationEnvironment env;
    private final BlockingQueue<String> assertions = new ArrayBlockingQueue<>(4);
    private HttpServer consumer;
    private String clientUuid;

    TrustSamlIT(FederationEnvironment env) {
        this.env = env;
    }

    @BeforeEach
    void samlApplication() throws Exception {
        consumer = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        consumer.createContext("/saml", exchange -> {
            String form = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.US_ASCII);
            for (String pair : form.split("&")) {
                if (pair.startsWith("SAMLResponse=")) {
                    String encoded = URLDecoder.decode(pair.substring("SAMLResponse=".length()), StandardCharsets.US_ASCII);
                    assertions.add(new String(Base64.getMimeDecoder().decode(encoded), StandardCharsets.UTF_8));
                }
            }
            byte[] body = "received".getBytes(StandardCharsets.UTF_8);
            exchange.sendResponseHeaders(200, body.length);
            exchange.getResponseBody().write(body);
            exchange.close();
        });
        consumer.start();
        String acs = "http://127.0.0.1:" + consumer.getAddress().getPort() + "/saml";
        KeycloakClient.Response created = env.client().adminPost("/realms/pasvaldibas/clients", Map.of("clientId", CLIENT_ID,
                "protocol", "saml", "redirectUris", List.of(acs), "attributes", Map.of("municipality", "kuldiga",
                        "saml_idp_initiated_sso_url_name", CLIENT_ID, "saml_assertion_consumer_url_post", acs,
                        "saml.client.signature", "false", "saml.encrypt", "false")));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        clientUuid = env.client().adminGet("/realms/pasvaldibas/clients?clientId=" + CLIENT_ID).body().get(0).get("id").asText();
        for (String role : List.of("viewer", "editor")) {
            env.client().adminPost("/realms/pasvaldibas/clients/" + clientUuid + "/roles", Map.of("name", role));
        }
    }

    @AfterEach
    void remove() {
        env.client().adminDelete("/realms/pasvaldibas/clients/" + clientUuid);
        consumer.stop(0);
    }

    private String admin(String municipality) {
        return env.signInAsAdmin("andris.kalnins@" + municipality + ".lv").body().get("access_token").asText();
    }

    /** Signs in at the IdP-initiated URL in a fresh browser; the assertion, or null when Keycloak posted none. */
    private String assertionFor(String username, String refusalText) throws Exception {
        try (HeadlessBrowser browser = new HeadlessBrowser("lv")) {
            browser.driver().get(env.keycloak().baseUrl() + "/realms/pasvaldibas/protocol/saml/clients/" + CLIENT_ID);
            browser.signIn(username, DemoDirectories.DEMO_PASSWORD);
            if (refusalText != null) {
                browser.waitFor("saml-refusal", d -> d.getPageSource().contains(refusalText));
                browser.screenshot("saml-refused-lv");
                return assertions.poll(2, TimeUnit.SECONDS);
            }
            String assertion = assertions.poll(30, TimeUnit.SECONDS);
            assertThat(assertion).as("an assertion was posted for " + username).isNotNull();
            return assertion;
        }
    }

    /** The values of the assertion's attribute {@code name}, over every Attribute element of that name. */
    private static List<String> attribute(String assertion, String name) {
        Matcher attribute = Pattern.compile("<(?:\\w+:)?Attribute [^>]*Name=\"" + Pattern.quote(name) + "\"[^>]*>(.*?)</(?:\\w+:)?Attribute>",
                Pattern.DOTALL).matcher(assertion);
        List<String> values = new java.util.ArrayList<>();
        while (attribute.find()) {
            Matcher value = Pattern.compile("<(?:\\w+:)?AttributeValue[^>]*>([^<]*)</").matcher(attribute.group(1));
            while (value.find()) {
                values.add(value.group(1));
            }
        }
        return values;
    }

    @Test
    void theAssertionCarriesTheTrustAndOnlyItsRoles() throws Exception {
        KeycloakClient.Response proposed = env.client().withToken(admin("kuldiga"), "POST", TRUSTS, """
                {"trustingMunicipality":"kuldiga","trustedDirectory":"ventspils","acceptedGroups":["vpvkac-specialisti"],
                 "grantedRoles":{"kuldiga-saml":["viewer"]}}""");
        assertThat(proposed.status()).as(proposed.raw()).isEqualTo(201);
        String id = proposed.body().get("id").asText();
        assertThat(env.client().withToken(admin("ventspils"), "POST", TRUSTS + "/" + id + "/approve", null).status()).isEqualTo(200);
        try {
            String specialist = assertionFor("janis.berzins@ventspils.lv", null);
            assertThat(attribute(specialist, "trust")).containsExactly(id);
            assertThat(attribute(specialist, "Role")).as("Ventspils roles do not travel").containsExactly("viewer");
            assertThat(attribute(specialist, "municipality")).containsExactly("ventspils");
            assertThat(attribute(specialist, "home_directory")).containsExactly("ventspils");

            String own = assertionFor("laura.vitola@kuldiga.lv", null);
            assertThat(attribute(own, "trust")).isEmpty();
            assertThat(attribute(own, "municipality")).containsExactly("kuldiga");
            assertThat(attribute(own, "Role")).isNotEmpty().doesNotContain("viewer");

            // IdP-initiated sign-in carries no ui_locales: the page is in the browser's language
            assertThat(assertionFor("maris.ozolins@ventspils.lv", "Kuldīgas novada pašvaldība")).isNull();
        } finally {
            env.client().withToken(admin("kuldiga"), "POST", TRUSTS + "/" + id + "/revoke", "{\"reason\":\"SAML tests beidzies\"}");
        }
    }
}
