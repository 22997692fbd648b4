package lv.pasvaldibas.provisioning.quota;

import java.util.ArrayList;
import java.util.List;

/**
 * Whether a municipality may grow by a change of one server. Only dimensions that grow are
 * checked: a quota lowered below what is already used still lets servers shrink, stop and go.
 * The caller holds the municipality's quota row locked while it asks and writes, so concurrent
 * creates see each other (the overshoot CloudStack shows under concurrent creates).
 */
public final class QuotaCheck {

    private QuotaCheck() {
    }

    /** The answer: admitted, or refused naming each dimension that would go over its limit. */
    public sealed interface Answer {
        record Admitted(Resources usedAfter) implements Answer {
        }

        record Refused(List<Excess> excesses) implements Answer {
        }
    }

    /** One dimension over its limit: what is used, what was asked for in addition, the limit. */
    public record Excess(Resources.Dimension dimension, long used, long asked, long limit) {
    }

    /**
     * @param limit  the municipality's quota
     * @param used   what its servers use now (the sum of their sizes)
     * @param before the server's size before the change ({@link Resources#NONE} for a new server)
     * @param after  its size after ({@link Resources#NONE} when it goes)
     */
    public static Answer change(Resources limit, Resources used, Resources before, Resources after) {
        Resources usedAfter = used.minus(before).plus(after);
        List<Excess> excesses = new ArrayList<>();
        for (Resources.Dimension d : Resources.Dimension.values()) {
            long growth = after.amount(d) - before.amount(d);
            if (growth > 0 && usedAfter.amount(d) > limit.amount(d)) {
                excesses.add(new Excess(d, used.amount(d), growth, limit.amount(d)));
            }
        }
        return excesses.isEmpty() ? new Answer.Admitted(usedAfter) : new Answer.Refused(List.copyOf(excesses));
    }
}
