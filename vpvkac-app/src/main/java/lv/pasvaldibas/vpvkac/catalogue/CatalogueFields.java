package lv.pasvaldibas.vpvkac.catalogue;

import java.util.regex.Pattern;
import lv.pasvaldibas.vpvkac.catalogue.InvalidCatalogueException.Reason;
import lv.pasvaldibas.vpvkac.text.TypedText;

/**
 * The checks every catalogue text field goes through, in one place: codes (services, institutions,
 * and the municipality codes that share their shape) and names.
 */
public final class CatalogueFields {

    public static final int MAX_CODE = 40;
    public static final int MAX_NAME = 500;
    /** Letters, digits, dot, underscore and hyphen: no spaces, {@code @} or other marks of free text. */
    private static final Pattern CODE = Pattern.compile("[\\p{L}\\p{N}._-]{1," + MAX_CODE + "}");

    private CatalogueFields() {
    }

    /** True when {@code text} has the shape of a code. */
    public static boolean isCode(String text) {
        return text != null && CODE.matcher(text).matches();
    }

    static String code(String raw, CatalogueColumn column) {
        String code = required(raw, column);
        if (TypedText.length(code) > MAX_CODE) {
            throw new InvalidCatalogueException(Reason.FIELD_TOO_LONG, column.header() + " longer than " + MAX_CODE, column.header(), MAX_CODE);
        }
        if (!isCode(code)) {
            throw new InvalidCatalogueException(Reason.CODE, column.header() + " is not letters, digits, '.', '_' and '-'", column.header());
        }
        return code;
    }

    /** A name, or null when {@code raw} is blank and the column is optional. */
    static String name(String raw, CatalogueColumn column) {
        String name = column.required() ? required(raw, column) : TypedText.clean(raw);
        if (name == null) {
            return null;
        }
        if (TypedText.length(name) > MAX_NAME) {
            throw new InvalidCatalogueException(Reason.FIELD_TOO_LONG, column.header() + " longer than " + MAX_NAME, column.header(), MAX_NAME);
        }
        if (TypedText.hasInvisible(name, false)) {
            throw new InvalidCatalogueException(Reason.FIELD_CHARACTERS, column.header() + " has control or invisible characters", column.header());
        }
        return name;
    }

    static String required(String raw, CatalogueColumn column) {
        String text = TypedText.clean(raw);
        if (text == null) {
            throw new InvalidCatalogueException(Reason.FIELD_MISSING, column.header() + " is empty", column.header());
        }
        return text;
    }
}
