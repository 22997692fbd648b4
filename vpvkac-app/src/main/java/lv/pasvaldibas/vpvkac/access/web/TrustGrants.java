package lv.pasvaldibas.vpvkac.access.web;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.ws.rs.NotAuthorizedException;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.logging.Level;
import java.util.logging.Logger;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.platform.web.Settings;

/**
 * What trusts grant the caller on other municipalities' data, as the platform says it now. A token
 * carries {@code trust_grants} as they were at sign-in; a trust suspended since then must stop
 * access at the next request, so a token with grants is introspected on every request (the
 * platform's trust mapper answers introspection afresh). Tokens without grants, the common case,
 * cost no call. If the platform cannot be asked, the grants are not used (the caller keeps their
 * own municipality's roles): lent access fails closed.
 */
@ApplicationScoped
public class TrustGrants {

    public static final String CLAIM = "trust_grants";
    private static final Logger LOG = Logger.getLogger(TrustGrants.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final TypeReference<Map<String, List<String>>> GRANTS = new TypeReference<>() {
    };

    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    /**
     * The grants the platform confirms for this access token now; an inactive token (session ended,
     * user disabled) is refused with 401.
     */
    public Map<String, Set<Caller.Role>> confirmed(String accessToken) {
        String endpoint = Settings.required(OidcSettings.PROVIDER_URL, "VPVKAC cannot check trusts")
                + "/protocol/openid-connect/token/introspect";
        String credentials = OidcSettings.CLIENT_ID + ":" + Settings.required(OidcSettings.SECRET, "VPVKAC cannot check trusts");
        HttpRequest request = HttpRequest.newBuilder(URI.create(endpoint)).timeout(Duration.ofSeconds(3))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(accessToken, StandardCharsets.UTF_8)))
                .build();
        JsonNode answer;
        try {
            HttpResponse<String> response = http.send(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
            if (response.statusCode() != 200) {
                LOG.warning("Trust grants not used: the platform's introspection answered HTTP " + response.statusCode());
                return Map.of();
            }
            answer = JSON.readTree(response.body());
        } catch (IOException e) {
            LOG.log(Level.WARNING, "Trust grants not used: the platform's introspection cannot be reached: " + e);
            return Map.of();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return Map.of();
        }
        if (!answer.path("active").asBoolean(false)) {
            throw new NotAuthorizedException("Bearer error=\"invalid_token\"");
        }
        JsonNode grants = answer.path(CLAIM);
        return grants.isObject() ? Caller.grantsOf(JSON.convertValue(grants, GRANTS)) : Map.of();
    }
}
