package lv.pasvaldibas.directory.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** The directory admin API: routing explained, health, connection test; and the secret never leaves. */
@ExtendWith(FederationEnvironment.Extension.class)
class DirectoryAdminIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final FederationEnvironment env;

    DirectoryAdminIT(FederationEnvironment env) {
        this.env = env;
    }

    private String token(String username) {
        // the demo admins (andris.kalnins@...) sign in with their second factor
        KeycloakClient.Response r = username.startsWith("andris.kalnins@") ? env.signInAsAdmin(username)
                : env.signIn(username, DemoDirectories.DEMO_PASSWORD);
        return r.body().get("access_token").asText();
    }

    private HttpResponse<String> call(String method, String path, String token) throws Exception {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(env.keycloak().baseUrl() + "/realms/pasvaldibas/municipal-directories" + path))
                .method(method, HttpRequest.BodyPublishers.noBody());
        if (token != null) {
            request.header("Authorization", "Bearer " + token);
        }
        return HttpClient.newHttpClient().send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }

    private JsonNode route(String name, String token) throws Exception {
        HttpResponse<String> r = call("GET", "/route?name=" + URLEncoder.encode(name, StandardCharsets.UTF_8), token);
        assertThat(r.statusCode()).as(r.body()).isEqualTo(200);
        return JSON.readTree(r.body());
    }

    @Test
    void anLdapAdminAsksWhichDirectoryWouldHandleAName() throws Exception {
        String admin = token("andris.kalnins@talsi.lv");
        assertThat(route("VENTSPILS\\janis.berzins", admin).get("directory").asText()).isEqualTo("ventspils");
        JsonNode email = route("laura.vitola@Kuldiga.lv", admin);
        assertThat(email.get("directory").asText()).isEqualTo("kuldiga");
        assertThat(email.get("reason").asText()).contains("domain kuldiga.lv");
        assertThat(route("janis.berzins", admin).get("candidates").findValuesAsText("")).isEmpty();
        assertThat(route("janis.berzins", admin).get("candidates").toString()).contains("\"kuldiga\"", "\"talsi\"", "\"ventspils\"");
        JsonNode nowhere = route("janis@riga.lv", admin);
        assertThat(nowhere.has("directory")).isFalse();
        assertThat(nowhere.get("reason").asText()).contains("riga.lv");

        HttpResponse<String> bad = call("GET", "/route?name=janis%E2%80%8B%40talsi.lv", admin);
        assertThat(bad.statusCode()).isEqualTo(400);
        assertThat(bad.body()).contains("Nederīgs", "Invalid sign-in name");
    }

    @Test
    void healthAndConnectionTestNeverShowTheSecret() throws Exception {
        String admin = token("andris.kalnins@kuldiga.lv");
        HttpResponse<String> list = call("GET", "/directories", admin);
        assertThat(list.statusCode()).isEqualTo(200);
        JsonNode directories = JSON.readTree(list.body());
        // a municipal LDAP admin sees only the directories of their own municipality
        assertThat(directories.findValuesAsText("id")).containsExactly("kuldiga");
        // how its servers are reached, so that the security monitor knows whose certificate it can read
        assertThat(directories.get(0).get("tls").asText()).isEqualTo("NONE");
        assertThat(list.body()).doesNotContain(DemoDirectories.SERVICE_PASSWORD).doesNotContainIgnoringCase("secret");

        HttpResponse<String> test = call("POST", "/directories/kuldiga/test", admin);
        assertThat(JSON.readTree(test.body()).get("ok").asBoolean()).as(test.body()).isTrue();
        assertThat(call("POST", "/directories/riga/test", admin).statusCode()).isEqualTo(404);
        assertThat(call("POST", "/directories/talsi/test", admin).statusCode()).as("another municipality's directory").isEqualTo(404);

        String storageId = env.client().adminGet("/realms/pasvaldibas/components?name=municipal-directories").body().get(0).get("id").asText();
        String components = env.client().adminGet("/realms/pasvaldibas/components?parent=" + storageId
                + "&type=" + DirectoryComponent.class.getName()).raw();
        assertThat(components).contains("\"bindSecret\":[\"**********\"]").doesNotContain(DemoDirectories.SERVICE_PASSWORD);
        assertThat(env.keycloak().log()).doesNotContain(DemoDirectories.SERVICE_PASSWORD);
    }

    @Test
    void perDirectoryMetricsAreOnKeycloaksMetricsEndpoint() throws Exception {
        token("laura.vitola@kuldiga.lv");
        env.signIn("laura.vitola@kuldiga.lv", "wrong-password");
        HttpResponse<String> metrics = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create(env.keycloak().managementUrl() + "/metrics")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(metrics.statusCode()).isEqualTo(200);
        assertThat(metrics.body())
                .contains("pasvaldibas_directory_operation_seconds_count{directory=\"kuldiga\",operation=\"bind\",outcome=\"ok\"}")
                .contains("pasvaldibas_directory_operation_seconds_count{directory=\"kuldiga\",operation=\"bind\",outcome=\"rejected\"}")
                .contains("pasvaldibas_directory_operation_seconds_bucket{directory=\"kuldiga\",operation=\"search\"")
                .contains("pasvaldibas_directory_servers_down{directory=\"kuldiga\"} 0.0")
                .contains("pasvaldibas_directory_connections_in_use{directory=\"kuldiga\"}");
    }

    @Test
    void othersAreKeptOut() throws Exception {
        assertThat(call("GET", "/directories", null).statusCode()).isEqualTo(401);
        assertThat(call("GET", "/directories", "not-a-token").statusCode()).isEqualTo(401);
        assertThat(call("GET", "/route?name=x", token("laura.vitola@kuldiga.lv")).statusCode()).isEqualTo(403);
    }
}
