package lv.pasvaldibas.directory.keycloak;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.Response;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The bearer token of a call to one of the platform's admin APIs (directories, trusts, audit search).
 * Only tokens issued to a client marked {@code pasvaldibas.admin-api=true} (in realm-config:
 * {@code platform-cli} and {@code municipal-console}) count: otherwise any application an admin signs
 * in to, another municipality's among them, could replay the admin's token against these APIs.
 */
public final class AdminApiToken {

    public static final String ADMIN_CLIENT_ATTRIBUTE = "pasvaldibas.admin-api";

    private AdminApiToken() {
    }

    /** The caller; 401 without a valid token, 403 when the token was issued to another client. */
    public static AuthenticationManager.AuthResult authenticate(KeycloakSession session) {
        AuthenticationManager.AuthResult auth = bearer(session);
        if (!fromAdminClient(session, auth)) {
            throw new ForbiddenException(wrongClient());
        }
        return auth;
    }

    /** Any valid token of the realm; 401 without one. Check {@link #fromAdminClient} before acting on it. */
    public static AuthenticationManager.AuthResult bearer(KeycloakSession session) {
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            throw new NotAuthorizedException("Bearer");
        }
        return auth;
    }

    public static boolean fromAdminClient(KeycloakSession session, AuthenticationManager.AuthResult auth) {
        ClientModel issuedTo = session.getContext().getRealm().getClientByClientId(auth.token().getIssuedFor());
        return issuedTo != null && Boolean.parseBoolean(issuedTo.getAttribute(ADMIN_CLIENT_ATTRIBUTE));
    }

    public static Response wrongClient() {
        return ApiErrors.of(Response.Status.FORBIDDEN, "Šī pilnvara nav izsniegta administrēšanas klientam"
                + " / This token was not issued to an admin client (use platform-cli or the municipal console)");
    }
}
