package lv.pasvaldibas.directory.keycloak;

import java.util.Optional;
import lv.pasvaldibas.directory.SignInFailure;
import org.keycloak.models.KeycloakSession;
import org.keycloak.sessions.AuthenticationSessionModel;

/**
 * Carries the reason a directory refused a sign-in from the user storage provider, where it is
 * known, to the sign-in steps ({@code lv.pasvaldibas.signin.keycloak}), which tell the user. Kept in
 * the Keycloak session and, during a login, in the authentication session too: the identity-first
 * login looks the name up on one page and asks for the password on the next, a later request.
 */
public final class SignInFailures {

    private static final String ATTRIBUTE = SignInFailures.class.getName();

    private SignInFailures() {
    }

    static void record(KeycloakSession session, SignInFailure failure) {
        session.setAttribute(ATTRIBUTE, failure);
        AuthenticationSessionModel login = session.getContext().getAuthenticationSession();
        if (login != null) {
            login.setAuthNote(ATTRIBUTE, failure.name());
        }
    }

    /**
     * Forgets an earlier request's reason kept in the login: called whenever a name is looked up or a
     * password checked anew. What this request recorded stays: it is this attempt's answer.
     */
    static void forgetEarlierAttempts(KeycloakSession session) {
        if (session.getAttribute(ATTRIBUTE) != null) {
            return;
        }
        AuthenticationSessionModel login = session.getContext().getAuthenticationSession();
        if (login != null) {
            login.removeAuthNote(ATTRIBUTE);
        }
    }

    /** The reason this sign-in was refused, if a directory (or the fail-closed audit check) gave one. */
    public static Optional<SignInFailure> recorded(KeycloakSession session) {
        SignInFailure failure = session.getAttribute(ATTRIBUTE, SignInFailure.class);
        if (failure != null) {
            return Optional.of(failure);
        }
        AuthenticationSessionModel login = session.getContext().getAuthenticationSession();
        String note = login == null ? null : login.getAuthNote(ATTRIBUTE);
        try {
            return note == null ? Optional.empty() : Optional.of(SignInFailure.valueOf(note));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
