package lv.pasvaldibas.provisioning.access.nimbus;

import com.nimbusds.jose.JOSEObjectType;
import com.nimbusds.jose.JWSAlgorithm;
import com.nimbusds.jose.jwk.source.JWKSource;
import com.nimbusds.jose.jwk.source.JWKSourceBuilder;
import com.nimbusds.jose.proc.DefaultJOSEObjectTypeVerifier;
import com.nimbusds.jose.proc.JWSVerificationKeySelector;
import com.nimbusds.jose.proc.SecurityContext;
import com.nimbusds.jwt.JWTClaimsSet;
import com.nimbusds.jwt.proc.DefaultJWTClaimsVerifier;
import com.nimbusds.jwt.proc.DefaultJWTProcessor;
import java.net.MalformedURLException;
import java.net.URI;
import java.text.ParseException;
import java.time.Duration;
import java.util.Collection;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lv.pasvaldibas.provisioning.access.Caller;
import lv.pasvaldibas.provisioning.access.Role;

/**
 * Checks the platform's access tokens with Nimbus JOSE+JWT: signed by a key of the realm's JWKS
 * with an allowed asymmetric algorithm (so {@code alg: none} and HS256 made with the public key are
 * refused before any key is tried), issued by the realm, for the {@code provisioning-api} audience,
 * an access token ({@code typ: Bearer}), within its validity with {@link #CLOCK_SKEW}, and issued to
 * one of the daemon's own front-end clients ({@code azp}; decision 99: Keycloak adds
 * {@code provisioning-api} to the audience of any client's token whose user holds its roles). Keys are
 * fetched once and cached; a token with an unknown {@code kid} makes the cache refetch, at most
 * every {@link #REFETCH_AT_MOST_EVERY}. {@link #check} blocks when it fetches keys: call it off the
 * event loop.
 */
public final class PlatformTokens {

    public static final String AUDIENCE = "provisioning-api";
    public static final String GRANTS_CLAIM = "trust_grants";
    static final Duration CLOCK_SKEW = Duration.ofSeconds(30);
    static final Duration REFETCH_AT_MOST_EVERY = Duration.ofSeconds(30);
    private static final Duration KEYS_KEPT = Duration.ofHours(6);
    private static final Set<JWSAlgorithm> ALLOWED = Set.of(JWSAlgorithm.RS256, JWSAlgorithm.RS384, JWSAlgorithm.RS512,
            JWSAlgorithm.PS256, JWSAlgorithm.ES256, JWSAlgorithm.ES384, JWSAlgorithm.EdDSA);

    /** A token refused, with a reason for the log (never the token itself). */
    public static final class Refused extends Exception {
        Refused(String reason, Throwable cause) {
            super(reason, cause);
        }
    }

    /** A checked token: who is asking, and whether its trust grants must be confirmed by introspection. */
    public record Checked(Caller caller, boolean carriesGrants) {
    }

    private final DefaultJWTProcessor<SecurityContext> processor = new DefaultJWTProcessor<>();
    private final Set<String> clients;

    /**
     * @param issuer  the realm's URL exactly as Keycloak writes it into tokens, e.g. {@code http://localhost:8080/realms/pasvaldibas}
     * @param clients the clients whose tokens the daemon takes ({@code provisioning-cli})
     */
    public PlatformTokens(String issuer, Set<String> clients) {
        this.clients = Set.copyOf(clients);
        JWKSource<SecurityContext> keys;
        try {
            keys = JWKSourceBuilder.create(URI.create(issuer + "/protocol/openid-connect/certs").toURL())
                    .cache(KEYS_KEPT.toMillis(), Duration.ofSeconds(10).toMillis())
                    .rateLimited(REFETCH_AT_MOST_EVERY.toMillis())
                    .retrying(true)
                    .build();
        } catch (MalformedURLException e) {
            throw new IllegalArgumentException("Not a URL: " + issuer, e);
        }
        processor.setJWSTypeVerifier(new DefaultJOSEObjectTypeVerifier<>(JOSEObjectType.JWT, null));
        processor.setJWSKeySelector(new JWSVerificationKeySelector<>(ALLOWED, keys));
        DefaultJWTClaimsVerifier<SecurityContext> claims = new DefaultJWTClaimsVerifier<>(AUDIENCE,
                new JWTClaimsSet.Builder().issuer(issuer).claim("typ", "Bearer").build(),
                Set.of("exp", "iat", "sub", "preferred_username"));
        claims.setMaxClockSkew((int) CLOCK_SKEW.toSeconds());
        processor.setJWTClaimsSetVerifier(claims);
    }

    public Checked check(String token) throws Refused {
        JWTClaimsSet claims;
        try {
            claims = processor.process(token, null);
        } catch (Exception e) {
            throw new Refused(e.getMessage(), e);
        }
        try {
            String client = claims.getStringClaim("azp");
            if (client == null || !clients.contains(client)) {
                throw new Refused("issued to client " + client + ", which is not one of the daemon's", null);
            }
            String username = claims.getStringClaim("preferred_username");
            String municipality = claims.getStringClaim("municipality");
            Set<Role> roles = EnumSet.noneOf(Role.class);
            names(claims.getJSONObjectClaim("realm_access")).forEach(n -> Role.named(n).filter(r -> r == Role.PLATFORM_OPERATOR).ifPresent(roles::add));
            Map<String, Object> resources = claims.getJSONObjectClaim("resource_access");
            if (resources != null && resources.get(AUDIENCE) instanceof Map<?, ?> api) {
                names(api).forEach(n -> Role.named(n).filter(r -> r != Role.PLATFORM_OPERATOR).ifPresent(roles::add));
            }
            Map<String, Object> grants = claims.getJSONObjectClaim(GRANTS_CLAIM);
            return new Checked(new Caller(username, municipality, roles, grants == null ? Map.of() : grantsOf(grants)), grants != null);
        } catch (ParseException e) {
            throw new Refused("malformed claim: " + e.getMessage(), e);
        }
    }

    /** The {@code trust_grants} claim of a token or an introspection answer. */
    public static Map<String, Set<Role>> grantsOf(Map<String, Object> claim) {
        Map<String, List<String>> names = new java.util.TreeMap<>();
        claim.forEach((municipality, roles) -> names.put(municipality, roles instanceof Collection<?> c
                ? c.stream().map(String::valueOf).toList() : List.of()));
        return Caller.grantsOf(names);
    }

    private static List<String> names(Map<?, ?> access) {
        if (access != null && access.get("roles") instanceof Collection<?> roles) {
            return roles.stream().map(String::valueOf).toList();
        }
        return List.of();
    }
}
