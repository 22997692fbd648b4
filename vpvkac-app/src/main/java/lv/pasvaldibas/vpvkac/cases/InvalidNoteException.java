package lv.pasvaldibas.vpvkac.cases;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/** A note on a case that is too long or holds characters nobody types. */
public final class InvalidNoteException extends RefusalException {

    public enum Reason implements MessageKey {
        /** argument: the longest note allowed */
        TOO_LONG("case.noteTooLong"),
        CHARACTERS("case.noteCharacters");

        private final String key;

        Reason(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    public InvalidNoteException(Reason reason, String message, Object... arguments) {
        super(reason, "Invalid note: " + message, arguments);
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }
}
