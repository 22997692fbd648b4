package lv.pasvaldibas.vpvkac.quality;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/** A report asked for in a way it cannot be made. */
public final class ReportRefusal extends RefusalException {

    public enum Reason implements MessageKey.Prefixed {
        /** argument: the longest period in months */
        PERIOD,
        /** argument: what was asked for */
        DIMENSION,
        /** argument: what was asked for */
        FORMAT;

        @Override
        public String prefix() {
            return "report";
        }
    }

    public ReportRefusal(Reason reason, String message, Object... arguments) {
        super(reason, message, arguments);
    }
}
