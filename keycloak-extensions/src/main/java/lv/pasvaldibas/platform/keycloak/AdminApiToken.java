package lv.pasvaldibas.platform.keycloak;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.NotAuthorizedException;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import org.keycloak.models.AuthenticationExecutionModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.Constants;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.services.managers.AppAuthManager;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The bearer token of a call to one of the platform's admin APIs (directories, trusts, audit search),
 * and the two checks every such call passes here, in one place:
 * <ul>
 *   <li>Only tokens issued to a client marked {@code pasvaldibas.admin-api=true} (in realm-config:
 *       {@code platform-cli} and {@code municipal-console}) count: otherwise any application an admin
 *       signs in to, another municipality's among them, could replay the admin's token against these APIs.</li>
 *   <li>A caller who holds an acting admin role ({@code platform-admin}, {@code municipal-ldap-admin})
 *       must have signed in with a second factor (OTP or WebAuthn). This is read from the user session's
 *       record of completed authenticators, which Keycloak keeps on the server (the note the {@code amr}
 *       mapper reads): nothing in the request or the token can claim it.</li>
 * </ul>
 */
public final class AdminApiToken {

    public static final String ADMIN_CLIENT_ATTRIBUTE = "pasvaldibas.admin-api";

    /** Roles that may change directories or trusts: they need a second factor. */
    public static final Set<String> SECOND_FACTOR_ROLES = Set.of(MunicipalAdmin.PLATFORM_ADMIN_ROLE, MunicipalAdmin.LDAP_ADMIN_ROLE);

    /** Keycloak's own second-factor steps (browser and direct grant OTP, WebAuthn). */
    static final Set<String> SECOND_FACTOR_AUTHENTICATORS = Set.of("auth-otp-form", "direct-grant-validate-otp",
            "webauthn-authenticator", "webauthn-authenticator-passwordless");

    private static final ObjectMapper JSON = new ObjectMapper();

    private AdminApiToken() {
    }

    /** The caller; 401 without a valid token, 403 for another client's token or an admin without a second factor. */
    public static AuthenticationManager.AuthResult authenticate(KeycloakSession session) {
        AuthenticationManager.AuthResult auth = bearer(session);
        Response refused = refusal(session, auth);
        if (refused != null) {
            throw new ForbiddenException(refused);
        }
        return auth;
    }

    /** Any valid token of the realm; 401 without one. Check {@link #refusal} before acting on it. */
    public static AuthenticationManager.AuthResult bearer(KeycloakSession session) {
        AuthenticationManager.AuthResult auth = new AppAuthManager.BearerTokenAuthenticator(session).authenticate();
        if (auth == null) {
            throw new NotAuthorizedException("Bearer");
        }
        return auth;
    }

    /** Why a valid token may not use an admin API (the 403 answer), or null when it may. */
    public static Response refusal(KeycloakSession session, AuthenticationManager.AuthResult auth) {
        if (!fromAdminClient(session, auth)) {
            return wrongClient();
        }
        RealmModel realm = session.getContext().getRealm();
        if (needsSecondFactor(realm, auth.user()) && !secondFactorUsed(realm, auth.session())) {
            return ApiErrors.of(Response.Status.FORBIDDEN, "Administratoriem jāpieslēdzas ar otro faktoru (autentifikatora lietotnes kodu"
                    + " vai drošības atslēgu); iestatiet to konta lapā un pieslēdzieties vēlreiz / Administrators must sign in with a second"
                    + " factor (an authenticator app code or a security key); set one up in your account page and sign in again");
        }
        return null;
    }

    public static boolean fromAdminClient(KeycloakSession session, AuthenticationManager.AuthResult auth) {
        ClientModel issuedTo = session.getContext().getRealm().getClientByClientId(auth.token().getIssuedFor());
        return issuedTo != null && Boolean.parseBoolean(issuedTo.getAttribute(ADMIN_CLIENT_ATTRIBUTE));
    }

    public static Response wrongClient() {
        return ApiErrors.of(Response.Status.FORBIDDEN, "Šī pilnvara nav izsniegta administrēšanas klientam"
                + " / This token was not issued to an admin client (use platform-cli or the municipal console)");
    }

    static boolean needsSecondFactor(RealmModel realm, UserModel user) {
        return SECOND_FACTOR_ROLES.stream().anyMatch(role -> MunicipalAdmin.hasRole(user, realm.getRole(role)));
    }

    /**
     * Whether this user session's sign-in (or a later step-up in it) completed a second-factor step:
     * Keycloak records each completed execution's id in the session note {@code authenticators-completed}
     * (server side; the {@code amr} mapper reads the same note), and the execution names its authenticator.
     */
    static boolean secondFactorUsed(RealmModel realm, UserSessionModel userSession) {
        String note = userSession == null ? null : userSession.getNote(Constants.AUTHENTICATORS_COMPLETED);
        if (note == null) {
            return false;
        }
        Map<String, Object> completed;
        try {
            completed = JSON.readValue(note, new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            return false;
        }
        return completed.keySet().stream().map(realm::getAuthenticationExecutionById).filter(Objects::nonNull)
                .map(AuthenticationExecutionModel::getAuthenticator).anyMatch(SECOND_FACTOR_AUTHENTICATORS::contains);
    }
}
