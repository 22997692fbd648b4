package lv.pasvaldibas.testsupport;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
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
import java.util.function.Consumer;
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

    private static final java.util.regex.Pattern LOGIN_FORM = java.util.regex.Pattern.compile(
            "<form[^>]*id=\"kc-form-login\"[^>]*action=\"([^\"]+)\"");

    /**
     * A browser's sign-in without a browser: the authorization code flow with PKCE (S256) through the
     * realm's login form, then the code exchanged by the confidential client {@code clientId}. For
     * clients that, like production ones, have no password grant. Fails when no code comes back (the
     * login page answered instead, e.g. with a refusal).
     */
    public Response authorizationCodeGrant(String realm, String clientId, String clientSecret, String redirectUri,
                                           String username, String password) {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        byte[] random = new byte[32];
        new java.security.SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge;
        try {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    java.security.MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (java.security.NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        String oidc = baseUrl + "/realms/" + realm + "/protocol/openid-connect";
        HttpResponse<String> page = exchange(browser, HttpRequest.newBuilder(URI.create(oidc + "/auth?response_type=code&scope=openid"
                + "&client_id=" + enc(clientId) + "&redirect_uri=" + enc(redirectUri) + "&state=test&code_challenge=" + challenge
                + "&code_challenge_method=S256")).timeout(Duration.ofSeconds(60)).GET());
        // the login's cookies by hand: Keycloak marks them Secure, which Java's CookieManager keeps from plain http
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> signedIn = fillLoginForms(browser, page, cookies, username, password, clientId);
        String location = signedIn.headers().firstValue("Location").orElse("");
        java.util.regex.Matcher code = java.util.regex.Pattern.compile("[?&]code=([^&]+)").matcher(location);
        if (!location.startsWith(redirectUri) || !code.find()) {
            throw new IllegalStateException("Sign-in of " + username + " to " + clientId + " gave no code: " + signedIn.statusCode()
                    + " " + location + " " + signedIn.body());
        }
        Map<String, String> exchange = new LinkedHashMap<>();
        exchange.put("grant_type", "authorization_code");
        exchange.put("code", java.net.URLDecoder.decode(code.group(1), StandardCharsets.UTF_8));
        exchange.put("redirect_uri", redirectUri);
        exchange.put("code_verifier", verifier);
        exchange.put("client_id", clientId);
        if (clientSecret != null) { // a public client (provisioning-cli) has none
            exchange.put("client_secret", clientSecret);
        }
        return postForm("/realms/" + realm + "/protocol/openid-connect/token", exchange);
    }

    /** The platform's flow may ask for the name first and the password on a second page: fills each login form shown. */
    private static HttpResponse<String> fillLoginForms(HttpClient browser, HttpResponse<String> page, Map<String, String> cookies,
                                                       String username, String password, String what) {
        HttpResponse<String> signedIn = page;
        for (int step = 0; step < 3 && signedIn.statusCode() == 200; step++) {
            keepCookies(signedIn, cookies);
            java.util.regex.Matcher action = LOGIN_FORM.matcher(signedIn.body());
            if (!action.find()) {
                throw new IllegalStateException("No login form for " + what + ": " + signedIn.statusCode() + " " + signedIn.body());
            }
            String form = "username=" + enc(username) + "&password=" + enc(password) + "&credentialId=";
            signedIn = exchange(browser, HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .timeout(Duration.ofSeconds(60)).header("Cookie", String.join("; ", cookies.values()))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form)));
        }
        keepCookies(signedIn, cookies);
        return signedIn;
    }

    private static void keepCookies(HttpResponse<String> response, Map<String, String> cookies) {
        response.headers().allValues("Set-Cookie").forEach(c -> {
            String pair = c.split(";", 2)[0];
            cookies.put(pair.substring(0, pair.indexOf('=')), pair);
        });
    }

    /** Follows redirects by hand, carrying the cookies (see {@link #authorizationCodeGrant}). */
    private static HttpResponse<String> followed(HttpClient browser, HttpResponse<String> response, Map<String, String> cookies) {
        HttpResponse<String> current = response;
        for (int hop = 0; hop < 10 && current.statusCode() / 100 == 3; hop++) {
            keepCookies(current, cookies);
            URI next = current.uri().resolve(current.headers().firstValue("Location").orElseThrow());
            HttpRequest.Builder get = HttpRequest.newBuilder(next).timeout(Duration.ofSeconds(60)).GET();
            if (!cookies.isEmpty()) {
                get.header("Cookie", String.join("; ", cookies.values()));
            }
            current = exchange(browser, get);
        }
        keepCookies(current, cookies);
        return current;
    }

    /**
     * Opens a SAML sign-in address (HTTP-Redirect binding) as a fresh browser would, fills the platform's
     * login forms, and returns the {@code SAMLResponse} that the identity provider's last page would post
     * (base64, as posted) without posting it: the caller decides where it goes.
     */
    public String samlSignIn(String signOnUrl, String username, String password) {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> page = followed(browser, exchange(browser, HttpRequest.newBuilder(URI.create(signOnUrl))
                .timeout(Duration.ofSeconds(60)).GET()), cookies);
        for (int step = 0; step < 3 && page.statusCode() == 200; step++) {
            java.util.regex.Matcher action = LOGIN_FORM.matcher(page.body());
            if (!action.find()) {
                break;
            }
            String form = "username=" + enc(username) + "&password=" + enc(password) + "&credentialId=";
            page = followed(browser, exchange(browser, HttpRequest.newBuilder(URI.create(action.group(1).replace("&amp;", "&")))
                    .timeout(Duration.ofSeconds(60)).header("Cookie", String.join("; ", cookies.values()))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(form))), cookies);
        }
        java.util.regex.Matcher response = java.util.regex.Pattern.compile("name=\"SAMLResponse\"\\s+value=\"([^\"]+)\"").matcher(page.body());
        if (!response.find()) {
            throw new IllegalStateException("No SAMLResponse for " + username + ": " + page.statusCode() + " " + page.body());
        }
        return java.util.regex.Pattern.compile("&#(x?)([0-9a-fA-F]+);").matcher(response.group(1)).replaceAll(
                m -> java.util.regex.Matcher.quoteReplacement(String.valueOf((char) Integer.parseInt(m.group(2), m.group(1).isEmpty() ? 10 : 16))));
    }

    /**
     * Approves a device sign-in (RFC 8628) as a person would in a browser: opens the address the
     * device showed ({@code verification_uri_complete}), signs in on the platform's login pages and
     * grants access if asked. Returns the last page (Keycloak's "device login successful").
     */
    public Response approveDevice(String verificationUri, String username, String password) {
        HttpClient browser = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).connectTimeout(Duration.ofSeconds(5)).build();
        Map<String, String> cookies = new LinkedHashMap<>();
        HttpResponse<String> page = followed(browser, exchange(browser, HttpRequest.newBuilder(URI.create(verificationUri))
                .timeout(Duration.ofSeconds(60)).GET()), cookies);
        page = followed(browser, fillLoginForms(browser, page, cookies, username, password, "device sign-in"), cookies);
        java.util.regex.Matcher consent = java.util.regex.Pattern.compile("<form[^>]*action=\"([^\"]+)\"[^>]*>(?:(?!</form>).)*name=\"accept\"",
                java.util.regex.Pattern.DOTALL).matcher(page.body());
        if (page.statusCode() == 200 && consent.find()) {
            page = followed(browser, exchange(browser, HttpRequest.newBuilder(page.uri().resolve(consent.group(1).replace("&amp;", "&")))
                    .timeout(Duration.ofSeconds(60)).header("Cookie", String.join("; ", cookies.values()))
                    .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString("accept=Yes"))), cookies);
        }
        return new Response(page.statusCode(), null, page.body());
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

    /** Changes the client {@code clientId} of {@code realm} as {@code change} says, the rest of it as it was, and saves it. */
    public void adminChangeClient(String realm, String clientId, Consumer<ObjectNode> change) {
        Response found = adminGet("/realms/" + realm + "/clients?clientId=" + enc(clientId));
        if (found.status() != 200 || found.body().isEmpty()) {
            throw new IllegalStateException("No client " + clientId + " in realm " + realm + ": " + found.raw());
        }
        ObjectNode client = (ObjectNode) found.body().get(0);
        change.accept(client);
        Response saved = adminPut("/realms/" + realm + "/clients/" + client.get("id").asText(), client);
        if (saved.status() != 204) {
            throw new IllegalStateException("Could not change client " + clientId + ": " + saved.status() + " " + saved.raw());
        }
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
        HttpResponse<String> response = exchange(http, request.timeout(timeout));
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
    }

    private static HttpResponse<String> exchange(HttpClient client, HttpRequest.Builder request) {
        try {
            return client.send(request.build(), HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
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
