package lv.pasvaldibas.platform.keycloak;

import java.io.IOException;
import java.text.MessageFormat;
import java.util.Locale;
import java.util.Properties;
import org.keycloak.models.KeycloakSession;
import org.keycloak.theme.Theme;

/**
 * "Latvian text / English text" from the realm's login theme (the platform's theme carries the
 * texts), for API clients that show an error description to a person.
 */
public final class ThemeMessages {

    private ThemeMessages() {
    }

    public static String bilingual(KeycloakSession session, String key, Object... parameters) {
        return message(session, "lv", key, parameters) + " / " + message(session, "en", key, parameters);
    }

    private static String message(KeycloakSession session, String language, String key, Object... parameters) {
        try {
            Properties messages = session.theme().getTheme(Theme.Type.LOGIN).getMessages(Locale.forLanguageTag(language));
            String text = messages.getProperty(key, key);
            return parameters.length == 0 ? text : new MessageFormat(text, Locale.forLanguageTag(language)).format(parameters);
        } catch (IOException e) {
            return key;
        }
    }
}
