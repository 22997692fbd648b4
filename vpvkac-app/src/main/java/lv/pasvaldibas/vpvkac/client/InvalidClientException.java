package lv.pasvaldibas.vpvkac.client;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/** Client details the rules refuse; {@link #field()} names the form field to mark. */
public final class InvalidClientException extends RefusalException {

    public enum Reason implements MessageKey {
        NAME_REQUIRED("client.nameRequired"),
        /** argument: the longest name allowed */
        NAME_TOO_LONG("client.nameTooLong"),
        NAME_CHARACTERS("client.nameCharacters"),
        /** a name with markup (angle brackets), e.g. a script pasted into the form */
        NAME_MARKUP("client.nameMarkup"),
        REGISTRATION_NUMBER("client.registrationNumber"),
        EMAIL("client.email"),
        PHONE("client.phone");

        private final String key;

        Reason(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
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
