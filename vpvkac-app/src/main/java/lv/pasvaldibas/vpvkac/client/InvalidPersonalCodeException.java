package lv.pasvaldibas.vpvkac.client;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/** A string that is not a Latvian personal code. Never carries the string itself: it may be a real code with a typo. */
public final class InvalidPersonalCodeException extends RefusalException {

    public enum Reason implements MessageKey.Prefixed {
        REQUIRED,
        /** Not 11 digits written {@code DDMMYYNNNNN} or {@code DDMMYY-NNNNN}, or longer than anyone types one. */
        FORMAT,
        /** The first six digits and the century digit make no real date. */
        DATE,
        CHECK_DIGIT;

        @Override
        public String prefix() {
            return "personalCode";
        }
    }

    public InvalidPersonalCodeException(Reason reason, String message) {
        super(reason, "Invalid personal code: " + message);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
