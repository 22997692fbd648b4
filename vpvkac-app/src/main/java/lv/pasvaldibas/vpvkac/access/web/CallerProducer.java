package lv.pasvaldibas.vpvkac.access.web;

import jakarta.enterprise.context.RequestScoped;
import jakarta.enterprise.inject.Produces;
import jakarta.inject.Inject;
import jakarta.servlet.http.HttpServletRequest;
import java.util.Arrays;
import java.util.Set;
import java.util.stream.Collectors;
import lv.pasvaldibas.vpvkac.access.Caller;
import org.wildfly.security.http.oidc.OidcPrincipal;

/**
 * The {@link Caller} of the current request, from the token WildFly's OIDC client has checked
 * (signature, issuer, audience, expiry): the username, the {@code municipality} claim and the
 * roles WildFly mapped from the token's realm roles.
 */
@RequestScoped
public class CallerProducer {

    @Inject
    HttpServletRequest request;

    /** Dependent, not request-scoped: a record cannot be proxied, and it is cheap to build. */
    @Produces
    Caller caller() {
        if (!(request.getUserPrincipal() instanceof OidcPrincipal<?> principal)) {
            throw new IllegalStateException("No signed-in caller: the request did not pass the OIDC sign-in");
        }
        var token = principal.getOidcSecurityContext().getToken();
        Set<Caller.Role> roles = Arrays.stream(Caller.Role.values())
                .filter(role -> request.isUserInRole(role.roleName()))
                .collect(Collectors.toSet());
        return new Caller(principal.getName(), token.getClaimValueAsString("municipality"), roles);
    }
}
