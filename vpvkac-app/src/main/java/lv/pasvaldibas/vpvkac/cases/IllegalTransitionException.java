package lv.pasvaldibas.vpvkac.cases;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;
import lv.pasvaldibas.vpvkac.i18n.RefusalException;

/** A status change the {@link Workflow} does not allow; the message names both statuses. */
public final class IllegalTransitionException extends RefusalException {

    public enum Reason implements MessageKey.Prefixed {
        /** arguments: the status the case is in, the status asked for */
        ILLEGAL_TRANSITION;

        @Override
        public String prefix() {
            return "case";
        }
    }

    private final CaseStatus from;
    private final CaseStatus to;

    public IllegalTransitionException(CaseStatus from, CaseStatus to) {
        super(Reason.ILLEGAL_TRANSITION, "A case cannot move from " + from + " to " + to, from, to);
        this.from = from;
        this.to = to;
    }

    @Override
    public Reason reason() {
        return (Reason) super.reason();
    }

    public CaseStatus from() {
        return from;
    }

    public CaseStatus to() {
        return to;
    }
}
