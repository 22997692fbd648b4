package lv.pasvaldibas.vpvkac.access.web;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.Map;
import lv.pasvaldibas.vpvkac.platform.web.Settings;
import org.wildfly.security.http.oidc.OidcClientConfiguration;
import org.wildfly.security.http.oidc.OidcClientConfigurationBuilder;
import org.wildfly.security.http.oidc.OidcClientConfigurationResolver;
import org.wildfly.security.http.oidc.OidcHttpFacade;

/**
 * WildFly's OIDC client settings for this application, read from the environment when the first
 * request comes, so that the WAR holds no address and no secret (named in web.xml's
 * {@code oidc.config.resolver}). A resolver rather than the elytron-oidc-client subsystem because
 * only the JSON form can ask for PKCE. Pages sign in with the authorization code flow and PKCE;
 * a request that does not accept HTML (the API) is bearer-only and gets 401 instead of a redirect.
 * Tokens must be issued to this client ({@code verify-token-audience}).
 */
public final class OidcSettings implements OidcClientConfigurationResolver {

    public static final String CLIENT_ID = "vpvkac-app";
    static final String PROVIDER_URL = "VPVKAC_OIDC_PROVIDER_URL";
    static final String SECRET = "VPVKAC_OIDC_SECRET";
    private static final String NO_SIGN_IN = "VPVKAC cannot sign anyone in";
    private static final HttpClient HTTP = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    private volatile OidcClientConfiguration configuration;

    @Override
    public OidcClientConfiguration resolve(OidcHttpFacade.Request request) {
        OidcClientConfiguration built = configuration;
        if (built == null) {
            synchronized (this) {
                if (configuration == null) {
                    configuration = fromEnvironment();
                }
                built = configuration;
            }
        }
        return built;
    }

    /**
     * Whether the platform's OpenID provider answers now (its discovery document, within 3 s): without
     * it WildFly's OIDC client can check no token and start no sign-in ({@link SignInErrorPage}).
     */
    public static boolean providerAnswers() {
        String provider = Settings.optional(PROVIDER_URL, null);
        if (provider == null) {
            return false;
        }
        try {
            HttpRequest discovery = HttpRequest.newBuilder(URI.create(provider + "/.well-known/openid-configuration"))
                    .timeout(Duration.ofSeconds(3)).GET().build();
            return HTTP.send(discovery, HttpResponse.BodyHandlers.discarding()).statusCode() == 200;
        } catch (IOException | IllegalArgumentException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    private static OidcClientConfiguration fromEnvironment() {
        Map<String, Object> json = new LinkedHashMap<>();
        json.put("provider-url", Settings.required(PROVIDER_URL, NO_SIGN_IN));
        json.put("client-id", CLIENT_ID);
        json.put("credentials", Map.of("secret", Settings.required(SECRET, NO_SIGN_IN)));
        json.put("ssl-required", "external");
        json.put("verify-token-audience", true);
        json.put("principal-attribute", "preferred_username");
        json.put("autodetect-bearer-only", true);
        json.put("enable-pkce", true);
        json.put("confidential-port", 0);
        try {
            return OidcClientConfigurationBuilder.build(new ByteArrayInputStream(new ObjectMapper().writeValueAsBytes(json)));
        } catch (com.fasterxml.jackson.core.JsonProcessingException e) {
            throw new IllegalStateException("Could not write the OIDC settings", e);
        }
    }
}
