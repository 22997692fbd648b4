package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.Locale;

/** The language a person is answered in: Latvian when it is their first choice, English otherwise. */
public final class Languages {

    private static final Locale LATVIAN = Locale.forLanguageTag("lv");

    private Languages() {
    }

    public static Locale of(HttpHeaders headers) {
        return headers != null && !headers.getAcceptableLanguages().isEmpty()
                && "lv".equals(headers.getAcceptableLanguages().get(0).getLanguage()) ? LATVIAN : Locale.ENGLISH;
    }
}
