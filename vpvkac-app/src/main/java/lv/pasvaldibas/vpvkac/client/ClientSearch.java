package lv.pasvaldibas.vpvkac.client;

import java.util.Locale;
import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/**
 * What a specialist typed into client search, understood: a personal code (either form, with or
 * without the hyphen) finds that person, 11 digits that are no personal code find an organisation by
 * registration number, anything else is the start of a surname or an organisation's name (case
 * folded as PostgreSQL's {@code lower} does, diacritics kept: "bērz" finds Bērziņa, "berz" does not).
 */
public sealed interface ClientSearch {

    int MIN_NAME = 2;
    int MAX_INPUT = 100;

    record ByPersonalCode(PersonalCode code) implements ClientSearch {
    }

    record ByRegistrationNumber(RegistrationNumber number) implements ClientSearch {
    }

    /** {@code prefix} lower-cased, for {@code lower(surname) LIKE prefix || '%'}, with LIKE's wildcards escaped by {@code \}. */
    record ByName(String prefix) implements ClientSearch {
        public String likePattern() {
            return prefix.replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%";
        }
    }

    /** A search that cannot be run, for a reason the specialist is told. */
    final class Refusal extends RefusalException {

        public enum Reason implements MessageKey.Prefixed {
            /** argument: the fewest characters of a name */
            TOO_SHORT,
            /** argument: the most characters */
            TOO_LONG;

            @Override
            public String prefix() {
                return "clientSearch";
            }
        }

        Refusal(Reason reason, String message, Object... arguments) {
            super(reason, message, arguments);
        }
    }

    static ClientSearch of(String typed) {
        String text = typed == null ? "" : typed.strip();
        if (text.length() > MAX_INPUT) {
            throw new Refusal(Refusal.Reason.TOO_LONG, "search text too long", MAX_INPUT);
        }
        if (PersonalCode.isPersonalCode(text)) {
            return new ByPersonalCode(PersonalCode.parse(text));
        }
        if (text.matches("\\d{11}")) {
            return new ByRegistrationNumber(RegistrationNumber.parse(text));
        }
        if (text.codePointCount(0, text.length()) < MIN_NAME) {
            throw new Refusal(Refusal.Reason.TOO_SHORT, "search text too short", MIN_NAME);
        }
        return new ByName(text.toLowerCase(Locale.ROOT));
    }
}
