package lv.pasvaldibas.vpvkac.cases;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/** A case that cannot be registered or changed as asked, for a reason the specialist is told. */
public final class CaseRefusal extends RefusalException {

    public enum Reason implements MessageKey.Prefixed {
        /** argument: the service code asked for */
        UNKNOWN_SERVICE,
        /** no argument: the centre does not exist or is another municipality's */
        UNKNOWN_CENTRE,
        /** argument: the channel */
        CHANNEL_NOT_OFFERED,
        /** no argument: someone else changed the case since it was read */
        CHANGED_MEANWHILE,
        /** argument: the field that is missing */
        REQUIRED;

        @Override
        public String prefix() {
            return "case";
        }
    }

    public CaseRefusal(Reason reason, String message, Object... arguments) {
        super(reason, message, arguments);
    }

    public Reason reason() {
        return (Reason) super.reason();
    }
}
