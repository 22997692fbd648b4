package lv.pasvaldibas.vpvkac.platform.web;

import jakarta.ws.rs.core.HttpHeaders;
import java.util.List;
import java.util.Locale;

/** The language a person is answered in: Latvian when it is their first choice, English otherwise. */
public final class Languages {

    private static final Locale LATVIAN = Locale.forLanguageTag("lv");

    private Languages() {
    }

    public static Locale of(HttpHeaders headers) {
        return headers == null ? Locale.ENGLISH : of(headers.getAcceptableLanguages());
    }

    /** From the request's {@code Accept-Language}, best first. */
    public static Locale of(List<Locale> acceptable) {
        return acceptable != null && !acceptable.isEmpty() && "lv".equals(acceptable.get(0).getLanguage()) ? LATVIAN : Locale.ENGLISH;
    }
}
