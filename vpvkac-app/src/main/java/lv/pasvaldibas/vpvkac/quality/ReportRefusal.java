package lv.pasvaldibas.vpvkac.quality;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/** A report asked for in a way it cannot be made. */
public final class ReportRefusal extends RefusalException {

    public enum Reason implements MessageKey {
        /** argument: the longest period in months */
        PERIOD("report.period"),
        /** argument: what was asked for */
        DIMENSION("report.dimension"),
        /** argument: what was asked for */
        FORMAT("report.format");

        private final String key;

        Reason(String key) {
            this.key = key;
        }

        @Override
        public String key() {
            return key;
        }
    }

    public ReportRefusal(Reason reason, String message, Object... arguments) {
        super(reason, message, arguments);
    }
}
