package lv.pasvaldibas.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.stream.Collectors;

/** A small HTTP client for Keycloak's admin REST API and token endpoint, for tests. */
public final class KeycloakClient {

    private static final ObjectMapper JSON = new ObjectMapper();

    private final String baseUrl;
    private final String adminUser;
    private final String adminPassword;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(5)).build();

    /** Status and parsed body of a response (body is null when empty or not JSON). */
    public record Response(int status, JsonNode body, String raw) {
    }

    public KeycloakClient(String baseUrl, String adminUser, String adminPassword) {
        this.baseUrl = baseUrl;
        this.adminUser = adminUser;
        this.adminPassword = adminPassword;
    }

    public String baseUrl() {
        return baseUrl;
    }

    /** Resource owner password grant (direct grant). */
    public Response passwordGrant(String realm, String clientId, String clientSecret, String username, String password) {
        return passwordGrant(realm, clientId, clientSecret, username, password, null);
    }

    /** Resource owner password grant with a one-time code ({@code otp}, see {@link Totp}) for an account with a second factor. */
    public Response passwordGrant(String realm, String clientId, String clientSecret, String username, String password, String otp) {
        Map<String, String> form = new LinkedHashMap<>();
        form.put("grant_type", "password");
        form.put("client_id", clientId);
        if (clientSecret != null) {
            form.put("client_secret", clientSecret);
        }
        form.put("username", username);
        form.put("password", password);
        form.put("scope", "openid");
        if (otp != null) {
            form.put("otp", otp);
        }
        return postForm("/realms/" + realm + "/protocol/openid-connect/token", form);
    }

    public Response postForm(String path, Map<String, String> form) {
        String body = form.entrySet().stream()
                .map(e -> enc(e.getKey()) + "=" + enc(e.getValue()))
                .collect(Collectors.joining("&"));
        return send(HttpRequest.newBuilder(URI.create(baseUrl + path))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    public Response adminGet(String path) {
        return send(admin(path).GET());
    }

    public Response adminPost(String path, Object body) {
        return send(admin(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body), StandardCharsets.UTF_8)));
    }

    /** An admin POST that may take long (a sync of thousands of accounts): answered within {@code timeout}. */
    public Response adminPost(String path, Object body, Duration timeout) {
        return send(admin(path).header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(json(body), StandardCharsets.UTF_8)), timeout);
    }

    public Response adminPut(String path, Object body) {
        return send(admin(path).header("Content-Type", "application/json")
                .PUT(HttpRequest.BodyPublishers.ofString(json(body), StandardCharsets.UTF_8)));
    }

    public Response adminDelete(String path) {
        return send(admin(path).DELETE());
    }

    /** A call as a signed-in user: {@code method} GET or POST, {@code path} below the base URL, {@code body} JSON text or null. */
    public Response withToken(String token, String method, String path, String body) {
        HttpRequest.Builder request = HttpRequest.newBuilder(URI.create(baseUrl + path)).header("Authorization", "Bearer " + token);
        if (body != null) {
            request.header("Content-Type", "application/json");
        }
        return send(request.method(method, body == null ? HttpRequest.BodyPublishers.noBody()
                : HttpRequest.BodyPublishers.ofString(body, StandardCharsets.UTF_8)));
    }

    /** The claims of a JWT, without checking its signature (tests read what the server issued). */
    public static JsonNode claims(String jwt) {
        String[] parts = jwt.split("\\.");
        try {
            return JSON.readTree(Base64.getUrlDecoder().decode(parts[1]));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private HttpRequest.Builder admin(String path) {
        return HttpRequest.newBuilder(URI.create(baseUrl + "/admin" + path))
                .header("Authorization", "Bearer " + adminToken())
                .timeout(Duration.ofSeconds(60));
    }

    private String adminToken() {
        Response r = postForm("/realms/master/protocol/openid-connect/token", Map.of(
                "grant_type", "password", "client_id", "admin-cli", "username", adminUser, "password", adminPassword));
        if (r.status() != 200) {
            throw new IllegalStateException("Admin sign-in failed: " + r.status() + " " + r.raw());
        }
        return r.body().get("access_token").asText();
    }

    private Response send(HttpRequest.Builder request) {
        return send(request, Duration.ofSeconds(60));
    }

    private Response send(HttpRequest.Builder request, Duration timeout) {
        try {
            HttpResponse<String> response = http.send(request.timeout(timeout).build(),
                    HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            JsonNode body = null;
            String raw = response.body();
            if (raw != null && !raw.isBlank()) {
                try {
                    body = JSON.readTree(raw);
                } catch (IOException notJson) {
                    // leave body null; raw keeps the text
                }
            }
            return new Response(response.statusCode(), body, raw);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }

    private static String json(Object body) {
        if (body instanceof String s) {
            return s;
        }
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static String enc(String s) {
        return URLEncoder.encode(s, StandardCharsets.UTF_8);
    }
}
