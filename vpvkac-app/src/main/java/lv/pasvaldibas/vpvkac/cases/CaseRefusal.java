package lv.pasvaldibas.vpvkac.cases;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/** A case that cannot be registered or changed as asked, for a reason the specialist is told. */
public final class CaseRefusal extends RefusalException {

    public enum Reason implements MessageKey {
        /** argument: the service code asked for */
        UNKNOWN_SERVICE("case.unknownService"),
        /** no argument: the centre does not exist or is another municipality's */
        UNKNOWN_CENTRE("case.unknownCentre"),
        /** argument: the channel */
        CHANNEL_NOT_OFFERED("case.channelNotOffered"),
        /** no argument: someone else changed the case since it was read */
        CHANGED_MEANWHILE("case.changedMeanwhile"),
        /** argument: the field that is missing */
        REQUIRED("case.required");

        private final String key;

        Reason(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    public CaseRefusal(Reason reason, String message, Object... arguments) {
        super(reason, message, arguments);
    }

    public Reason reason() {
        return (Reason) super.reason();
    }
}
