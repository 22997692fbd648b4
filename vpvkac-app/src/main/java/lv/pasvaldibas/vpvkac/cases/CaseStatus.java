package lv.pasvaldibas.vpvkac.cases;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;

/** Where a service application stands; the moves between statuses are {@link Workflow}'s. */
public enum CaseStatus implements MessageKey {
    RECEIVED,
    IN_PROGRESS,
    /** Sent to the institution that provides the service. */
    FORWARDED,
    /** The result is at the centre (or was made there), waiting to reach the client. */
    RESULT_READY,
    DELIVERED,
    REJECTED,
    WITHDRAWN;

    /** No move leaves a final status. */
    public boolean isFinal() {
        return this == DELIVERED || this == REJECTED || this == WITHDRAWN;
    }

    /** True while the service's result is still owed: what a deadline is about. */
    public boolean awaitsResult() {
        return this == RECEIVED || this == IN_PROGRESS || this == FORWARDED;
    }

    @Override
    public String key() {
        return "case.status." + name();
    }
}
