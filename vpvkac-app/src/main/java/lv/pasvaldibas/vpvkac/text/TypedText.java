package lv.pasvaldibas.vpvkac.text;

import java.text.Normalizer;

/**
 * Text as a person typed it or a file gave it, made comparable: trimmed and NFC-normalised, so that
 * "ā" typed as a + combining macron and "ā" typed at once are the same name. Also tells text that holds
 * characters nobody types on purpose (NUL, zero-width space, bidi overrides), which every feature refuses.
 */
public final class TypedText {

    private TypedText() {
    }

    /** Trimmed and NFC-normalised; null when {@code raw} is null or blank. */
    public static String clean(String raw) {
        if (raw == null || raw.isBlank()) {
            return null;
        }
        return Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
    }

    /** Length in characters as PostgreSQL's {@code varchar(n)} counts them (code points, not UTF-16 units). */
    public static int length(String text) {
        return text.codePointCount(0, text.length());
    }

    /**
     * True when {@code text} holds control or format characters; line feeds, carriage returns and tabs
     * are let through when {@code lineBreaksAllowed} (notes), and refused otherwise (names, codes).
     */
    public static boolean hasInvisible(String text, boolean lineBreaksAllowed) {
        return text.codePoints().anyMatch(c -> {
            if (lineBreaksAllowed && (c == '\n' || c == '\r' || c == '\t')) {
                return false;
            }
            int type = Character.getType(c);
            return type == Character.CONTROL || type == Character.FORMAT;
        });
    }
}
