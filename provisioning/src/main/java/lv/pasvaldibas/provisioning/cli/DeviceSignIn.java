package lv.pasvaldibas.provisioning.cli;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.io.PrintStream;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.Map;
import java.util.stream.Collectors;

/**
 * Sign-in of the command line with OAuth 2.0's device authorization grant (RFC 8628) against the
 * platform's Keycloak, client {@code provisioning-cli}: the person opens the address it prints in any
 * browser, signs in there with their directory account, and the command receives tokens. They are kept
 * in a file only its owner can read, and refreshed with the refresh token when the access token expires.
 */
final class DeviceSignIn {

    private final HttpClient http;
    private final String issuer;
    private final String clientId;
    private final Path tokenFile;

    DeviceSignIn(HttpClient http, String issuer, String clientId, Path tokenFile) {
        this.http = http;
        this.issuer = issuer;
        this.clientId = clientId;
        this.tokenFile = tokenFile;
    }

    /** Runs the device flow to its end, telling the person what to do on {@code out}. */
    void signIn(PrintStream out) throws IOException, InterruptedException {
        // PKCE as for the page: provisioning-cli requires it of every flow, the device flow included
        byte[] random = new byte[32];
        new SecureRandom().nextBytes(random);
        String verifier = Base64.getUrlEncoder().withoutPadding().encodeToString(random);
        String challenge;
        try {
            challenge = Base64.getUrlEncoder().withoutPadding().encodeToString(
                    MessageDigest.getInstance("SHA-256").digest(verifier.getBytes(StandardCharsets.US_ASCII)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
        JsonObject device = post("/protocol/openid-connect/auth/device", Map.of("client_id", clientId, "scope", "openid",
                "code_challenge", challenge, "code_challenge_method", "S256"));
        out.println("Atveriet / open: " + device.getString("verification_uri_complete", device.getString("verification_uri")));
        out.println("Kods / code: " + device.getString("user_code"));
        out.flush();
        long interval = device.getLong("interval", 5L);
        Instant deadline = Instant.now().plusSeconds(device.getLong("expires_in", 600L));
        while (Instant.now().isBefore(deadline)) {
            Thread.sleep(Duration.ofSeconds(interval).toMillis());
            HttpResponse<String> answer = postRaw("/protocol/openid-connect/token", Map.of("client_id", clientId,
                    "grant_type", "urn:ietf:params:oauth:grant-type:device_code", "device_code", device.getString("device_code"),
                    "code_verifier", verifier));
            JsonObject body = new JsonObject(answer.body());
            if (answer.statusCode() == 200) {
                keep(body);
                out.println("Pierakstījies / signed in.");
                return;
            }
            switch (body.getString("error", "")) {
                case "authorization_pending" -> { }
                case "slow_down" -> interval += 5;
                default -> throw new IOException("Sign-in refused: " + body.getString("error_description", body.getString("error")));
            }
        }
        throw new IOException("Sign-in not completed in time; run login again");
    }

    /** A valid access token: the kept one, or a fresh one from the refresh token. */
    String accessToken() throws IOException, InterruptedException {
        if (!Files.exists(tokenFile)) {
            throw new IOException("Not signed in: run 'login' first");
        }
        JsonObject kept = new JsonObject(Files.readString(tokenFile, StandardCharsets.UTF_8));
        if (Instant.now().getEpochSecond() < kept.getLong("expires_at", 0L) - 30) {
            return kept.getString("access_token");
        }
        HttpResponse<String> refreshed = postRaw("/protocol/openid-connect/token", Map.of("client_id", clientId,
                "grant_type", "refresh_token", "refresh_token", kept.getString("refresh_token", "")));
        if (refreshed.statusCode() != 200) {
            throw new IOException("The sign-in has ended: run 'login' again");
        }
        JsonObject body = new JsonObject(refreshed.body());
        keep(body);
        return body.getString("access_token");
    }

    void signOut() throws IOException {
        Files.deleteIfExists(tokenFile);
    }

    private void keep(JsonObject tokens) throws IOException {
        JsonObject kept = new JsonObject().put("access_token", tokens.getString("access_token"))
                .put("refresh_token", tokens.getString("refresh_token"))
                .put("expires_at", Instant.now().getEpochSecond() + tokens.getLong("expires_in", 60L));
        Files.createDirectories(tokenFile.toAbsolutePath().getParent());
        Files.deleteIfExists(tokenFile);
        Files.createFile(tokenFile, PosixFilePermissions.asFileAttribute(PosixFilePermissions.fromString("rw-------")));
        Files.writeString(tokenFile, kept.encode(), StandardCharsets.UTF_8, StandardOpenOption.TRUNCATE_EXISTING);
    }

    private JsonObject post(String path, Map<String, String> form) throws IOException, InterruptedException {
        HttpResponse<String> answer = postRaw(path, form);
        if (answer.statusCode() != 200) {
            throw new IOException("The platform answered " + answer.statusCode() + " at " + path + ": " + answer.body());
        }
        return new JsonObject(answer.body());
    }

    private HttpResponse<String> postRaw(String path, Map<String, String> form) throws IOException, InterruptedException {
        String body = form.entrySet().stream()
                .map(e -> e.getKey() + "=" + URLEncoder.encode(e.getValue(), StandardCharsets.UTF_8)).collect(Collectors.joining("&"));
        return http.send(HttpRequest.newBuilder(URI.create(issuer + path)).timeout(Duration.ofSeconds(30))
                .header("Content-Type", "application/x-www-form-urlencoded").POST(HttpRequest.BodyPublishers.ofString(body)).build(),
                HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    }
}
