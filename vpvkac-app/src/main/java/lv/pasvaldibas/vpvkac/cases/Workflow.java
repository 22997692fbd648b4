package lv.pasvaldibas.vpvkac.cases;

import static lv.pasvaldibas.vpvkac.cases.CaseStatus.DELIVERED;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.FORWARDED;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.IN_PROGRESS;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.RECEIVED;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.REJECTED;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.RESULT_READY;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.WITHDRAWN;

import java.util.Collections;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;

/**
 * The moves a service application may make (issue 12): received → in progress → forwarded to the
 * institution → result ready → delivered; in progress → result ready when the centre provides the
 * service itself; rejected or withdrawn from any status that is not final. Delivered, rejected and
 * withdrawn are final. Staying in a status is not a move.
 */
public final class Workflow {

    private static final Map<CaseStatus, Set<CaseStatus>> NEXT = new EnumMap<>(CaseStatus.class);

    static {
        NEXT.put(RECEIVED, EnumSet.of(IN_PROGRESS, REJECTED, WITHDRAWN));
        NEXT.put(IN_PROGRESS, EnumSet.of(FORWARDED, RESULT_READY, REJECTED, WITHDRAWN));
        NEXT.put(FORWARDED, EnumSet.of(RESULT_READY, REJECTED, WITHDRAWN));
        NEXT.put(RESULT_READY, EnumSet.of(DELIVERED, REJECTED, WITHDRAWN));
        NEXT.put(DELIVERED, EnumSet.noneOf(CaseStatus.class));
        NEXT.put(REJECTED, EnumSet.noneOf(CaseStatus.class));
        NEXT.put(WITHDRAWN, EnumSet.noneOf(CaseStatus.class));
        NEXT.replaceAll((from, to) -> Collections.unmodifiableSet(to));
    }

    private Workflow() {
    }

    /** The statuses a case in {@code from} may move to; empty for a final status. */
    public static Set<CaseStatus> next(CaseStatus from) {
        return NEXT.get(Objects.requireNonNull(from, "from"));
    }

    public static boolean allows(CaseStatus from, CaseStatus to) {
        return next(from).contains(Objects.requireNonNull(to, "to"));
    }

    /** Throws {@link IllegalTransitionException} unless the move is allowed. */
    public static void requireAllowed(CaseStatus from, CaseStatus to) {
        if (!allows(from, to)) {
            throw new IllegalTransitionException(from, to);
        }
    }
}
