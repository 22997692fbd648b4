package lv.pasvaldibas.directory.keycloak;

import java.nio.charset.StandardCharsets;
import java.util.Locale;
import java.util.Optional;
import java.util.PropertyResourceBundle;
import java.util.ResourceBundle;
import lv.pasvaldibas.directory.SignInFailure;
import org.keycloak.models.KeycloakSession;

/**
 * Carries the reason a directory refused a sign-in from the user storage provider, where it is
 * known, to the authenticator, which tells the user. Lives for one Keycloak session (one request).
 */
final class SignInFailures {

    private static final String ATTRIBUTE = SignInFailures.class.getName();

    private SignInFailures() {
    }

    static void record(KeycloakSession session, SignInFailure failure) {
        session.setAttribute(ATTRIBUTE, failure);
    }

    static Optional<SignInFailure> recorded(KeycloakSession session) {
        return Optional.ofNullable(session.getAttribute(ATTRIBUTE, SignInFailure.class));
    }

    /** "Latvian text / English text", for API clients that show the description to a person. */
    static String bilingual(SignInFailure failure) {
        return message("lv", failure) + " / " + message("en", failure);
    }

    static String message(String language, SignInFailure failure) {
        String name = "messages_" + language + ".properties";
        try (var in = SignInFailures.class.getResourceAsStream(name)) {
            ResourceBundle bundle = new PropertyResourceBundle(new java.io.InputStreamReader(in, StandardCharsets.UTF_8));
            return bundle.getString(failure.messageKey());
        } catch (java.io.IOException | NullPointerException e) {
            throw new IllegalStateException("Missing message bundle " + name + " for " + language.toUpperCase(Locale.ROOT), e);
        }
    }
}
