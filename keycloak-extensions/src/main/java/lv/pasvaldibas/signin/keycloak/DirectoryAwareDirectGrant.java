package lv.pasvaldibas.signin.keycloak;

import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import lv.pasvaldibas.directory.InvalidLoginNameException;
import lv.pasvaldibas.directory.LoginName;
import lv.pasvaldibas.directory.SignInFailure;
import lv.pasvaldibas.directory.keycloak.SignInFailures;
import lv.pasvaldibas.platform.keycloak.ThemeMessages;
import lv.pasvaldibas.trust.keycloak.TrustGate;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.AuthenticationFlowError;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.directgrant.ValidatePassword;
import org.keycloak.authentication.authenticators.directgrant.ValidateUsername;
import org.keycloak.events.Details;
import org.keycloak.events.Errors;
import org.keycloak.models.KeycloakSession;
import org.keycloak.representations.idm.OAuth2ErrorRepresentation;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Keycloak's direct grant username and password steps, changed in three ways. When a municipal
 * directory gave a reason (a bare name that did not sign in, directory down, account disabled or
 * locked there once the password is proved, password expired), the error description says so in
 * Latvian and English; anything else stays "invalid credentials", so unknown names and wrong
 * passwords look the same. A name no directory could hold is refused before Keycloak stores it. The
 * password step ends in the {@link AfterPasswordCheck}.
 * <p>
 * They inherit the built-in steps' provider ids and take a higher {@link #ORDER}, so Keycloak uses
 * them in the standard direct grant flow of every realm without any flow configuration (decision 9).
 */
public final class DirectoryAwareDirectGrant {

    /** Above the built-in factories' 0: Keycloak picks the highest order among factories of one id. */
    static final int ORDER = 100;

    private DirectoryAwareDirectGrant() {
    }

    private static Response withReason(KeycloakSession session, Response generic, int status, String error) {
        return SignInFailures.recorded(session)
                .map(failure -> errorResponse(status, error, bilingual(session, failure)))
                .orElse(generic);
    }

    /** The reason in Latvian and English: API clients show the description to a person. */
    private static String bilingual(KeycloakSession session, SignInFailure failure) {
        return ThemeMessages.bilingual(session, failure.messageKey());
    }

    private static Response errorResponse(int status, String error, String description) {
        return Response.status(status)
                .entity(new OAuth2ErrorRepresentation(error, description))
                .type(MediaType.APPLICATION_JSON_TYPE).build();
    }

    /** Replaces {@code direct-grant-validate-username}. */
    public static final class Username extends ValidateUsername {
        private final KeycloakSession session;

        public Username() {
            this(null);
        }

        private Username(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public Authenticator create(KeycloakSession session) {
            return new Username(session);
        }

        @Override
        public int order() {
            return ORDER;
        }

        @Override
        public Response errorResponse(int status, String error, String errorDescription) {
            return withReason(session, super.errorResponse(status, error, errorDescription), status, error);
        }

        /**
         * A name no directory could hold (control characters, over-long) is refused here, before
         * Keycloak stores it anywhere: PostgreSQL, for one, cannot store a NUL character.
         */
        @Override
        public void authenticate(AuthenticationFlowContext context) {
            String username = context.getHttpRequest().getDecodedFormParameters().getFirst(AuthenticationManager.FORM_USERNAME);
            if (username != null) {
                try {
                    LoginName.parse(username);
                } catch (InvalidLoginNameException e) {
                    context.getEvent().detail(Details.USERNAME, LoginName.printable(username));
                    context.getEvent().error(Errors.USER_NOT_FOUND);
                    context.failure(AuthenticationFlowError.INVALID_USER,
                            super.errorResponse(Response.Status.UNAUTHORIZED.getStatusCode(), "invalid_grant", "Invalid user credentials"));
                    return;
                }
            }
            super.authenticate(context);
        }
    }

    /** Replaces {@code direct-grant-validate-password}. */
    public static final class Password extends ValidatePassword {
        private final KeycloakSession session;

        public Password() {
            this(null);
        }

        private Password(KeycloakSession session) {
            this.session = session;
        }

        @Override
        public Authenticator create(KeycloakSession session) {
            return new Password(session);
        }

        @Override
        public int order() {
            return ORDER;
        }

        @Override
        public Response errorResponse(int status, String error, String errorDescription) {
            return withReason(session, super.errorResponse(status, error, errorDescription), status, error);
        }

        /** The {@link AfterPasswordCheck} for API clients: 503 for an outage, 400 naming the municipality for a trust refusal. */
        @Override
        public void authenticate(AuthenticationFlowContext context) {
            super.authenticate(context);
            AfterPasswordCheck.apply(context, new AfterPasswordCheck.Answers() {
                @Override
                public Response outage(SignInFailure outage) {
                    return DirectoryAwareDirectGrant.errorResponse(Response.Status.SERVICE_UNAVAILABLE.getStatusCode(),
                            "temporarily_unavailable", bilingual(session, outage));
                }

                @Override
                public Response trustDenied(String resourceMunicipality) {
                    return DirectoryAwareDirectGrant.errorResponse(Response.Status.BAD_REQUEST.getStatusCode(),
                            "invalid_grant", TrustGate.refusal(session, resourceMunicipality));
                }
            });
        }
    }
}
