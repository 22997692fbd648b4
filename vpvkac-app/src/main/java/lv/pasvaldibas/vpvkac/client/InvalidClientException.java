package lv.pasvaldibas.vpvkac.client;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/** Client details the rules refuse; {@link #field()} names the form field to mark. */
public final class InvalidClientException extends RefusalException {

    public enum Reason implements MessageKey.Prefixed {
        NAME_REQUIRED,
        /** argument: the longest name allowed */
        NAME_TOO_LONG,
        NAME_CHARACTERS,
        /** a name with markup (angle brackets), e.g. a script pasted into the form */
        NAME_MARKUP,
        REGISTRATION_NUMBER,
        EMAIL,
        PHONE;

        @Override
        public String prefix() {
            return "client";
        }
    }

    private final String field;

    public InvalidClientException(Reason reason, String field, String message, Object... arguments) {
        super(reason, field + ": " + message, arguments);
        this.field = field;
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }

    /** The record component at fault, e.g. {@code surname}. */
    public String field() {
        return field;
    }
}
