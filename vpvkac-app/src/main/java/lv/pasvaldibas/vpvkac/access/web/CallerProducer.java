package lv.pasvaldibas.vpvkac.access.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import lv.pasvaldibas.vpvkac.access.Caller;
import org.wildfly.security.http.oidc.OidcPrincipal;

/**
 * The {@link Caller} of the current request, from the token WildFly's OIDC client has checked
 * (signature, issuer, audience, expiry): the username, the {@code municipality} claim, the roles
 * WildFly mapped from the token's realm roles, and the trust grants the platform confirms now.
 */
@RequestScoped
public class CallerProducer {

    @Inject
    HttpServletRequest request;
    @Inject
    TrustGrants trustGrants;

    private Caller caller;

    /** Dependent, not request-scoped: a record cannot be proxied. Built once per request. */
    @Produces
    Caller caller() {
        if (caller == null) {
            caller = fromToken();
        }
        return caller;
    }

    private Caller fromToken() {
        if (!(request.getUserPrincipal() instanceof OidcPrincipal<?> principal)) {
            throw new IllegalStateException("No signed-in caller: the request did not pass the OIDC sign-in");
        }
        var context = principal.getOidcSecurityContext();
        Set<Caller.Role> roles = Arrays.stream(Caller.Role.values())
                .filter(role -> request.isUserInRole(role.roleName()))
                .collect(Collectors.toSet());
        Map<String, Set<Caller.Role>> grants = context.getToken().hasClaim(TrustGrants.CLAIM)
                ? trustGrants.confirmed(context.getTokenString()) : Map.of();
        return new Caller(principal.getName(), context.getToken().getClaimValueAsString("municipality"), roles, grants);
    }
}
