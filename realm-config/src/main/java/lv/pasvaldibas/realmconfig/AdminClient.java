package lv.pasvaldibas.realmconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;

/** Keycloak's admin REST API with the master realm's admin account (JDK HttpClient). */
final class AdminClient {

    static final ObjectMapper JSON = new ObjectMapper();

    /** A refusal or failure of the admin API, with Keycloak's own message (never a request body). */
    static final class AdminException extends RuntimeException {
        AdminException(String message) {
            super(message);
        }
    }

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(10)).build();
    private final String baseUrl;
    private final String token;

    AdminClient(String baseUrl, String user, String password) throws IOException, InterruptedException {
        this.baseUrl = baseUrl;
        String form = "grant_type=password&client_id=admin-cli&username=" + enc(user) + "&password=" + enc(password);
        HttpResponse<String> r = http.send(HttpRequest.newBuilder(URI.create(baseUrl + "/realms/master/protocol/openid-connect/token"))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)).build(),
                HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() != 200) {
            throw new AdminException("Keycloak refused the admin sign-in (HTTP " + r.statusCode() + ") / Keycloak neļāva pierakstīties administratoram");
        }
        token = JSON.readTree(r.body()).path("access_token").asText();
    }

    static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8).replace("+", "%20");
    }

    JsonNode get(String path) throws IOException, InterruptedException {
        return send("GET", path, null);
    }

    /** POST; answers the new thing's id from the Location header, if any. */
    String post(String path, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<String> r = exchange("POST", path, body);
        return r.headers().firstValue("Location").map(l -> l.substring(l.lastIndexOf('/') + 1)).orElse(null);
    }

    void put(String path, JsonNode body) throws IOException, InterruptedException {
        exchange("PUT", path, body);
    }

    void delete(String path, JsonNode body) throws IOException, InterruptedException {
        exchange("DELETE", path, body);
    }

    private JsonNode send(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpResponse<String> r = exchange(method, path, body);
        return r.body().isEmpty() ? JSON.nullNode() : JSON.readTree(r.body());
    }

    private HttpResponse<String> exchange(String method, String path, JsonNode body) throws IOException, InterruptedException {
        HttpRequest.Builder b = HttpRequest.newBuilder(URI.create(baseUrl + "/admin/realms/" + path))
                .timeout(Duration.ofSeconds(60)).header("Authorization", "Bearer " + token);
        if (body != null) {
            b.header("Content-Type", "application/json").method(method, HttpRequest.BodyPublishers.ofString(JSON.writeValueAsString(body)));
        } else {
            b.method(method, HttpRequest.BodyPublishers.noBody());
        }
        HttpResponse<String> r = http.send(b.build(), HttpResponse.BodyHandlers.ofString());
        if (r.statusCode() >= 300) {
            throw new AdminException(method + " " + path.replaceAll("[0-9a-f]{8}-[0-9a-f-]{27}", "{id}") + ": HTTP " + r.statusCode()
                    + reason(r.body()));
        }
        return r;
    }

    /** Keycloak's error text, never the echo of what was sent. */
    private static String reason(String body) {
        try {
            JsonNode error = JSON.readTree(body);
            String text = error.path("errorMessage").asText(error.path("error_description").asText(error.path("error").asText("")));
            return text.isEmpty() ? "" : " (" + text + ")";
        } catch (IOException notJson) {
            return "";
        }
    }
}
