package lv.pasvaldibas.monitor.rule;

import java.time.Duration;
import java.util.List;

/**
 * A Sigma correlation rule: events matched by {@code rules}, grouped by the values of {@code groupBy},
 * counted within {@code timespan}.
 *
 * @param rules    the names of the event rules it correlates
 * @param generate whether those rules also alert on their own (Sigma's {@code generate}; default no)
 */
public record CorrelationRule(String id, String name, String title, Level level, Duration suppression, String source, Kind kind,
                              List<String> rules, List<String> groupBy, Duration timespan, Threshold threshold, boolean generate)
        implements Rule {

    public enum Kind {
        /** At least so many matching events. */
        EVENT_COUNT,
        /** At least so many distinct values of {@link Threshold#field()} among the matching events. */
        VALUE_COUNT,
        /** Every one of the rules matched, in any order. */
        TEMPORAL,
        /** Every one of the rules matched, in the order listed. */
        TEMPORAL_ORDERED
    }

    /**
     * When the correlation holds: the count reaches {@code value} ({@code gte}), passes it ({@code gt})
     * or equals it ({@code eq}). Counts that should stay low ({@code lt}, {@code lte}) need the end of a
     * window to be judged and are refused at load: these rules alert while an attack goes on.
     */
    public record Threshold(Op op, long value, String field) {
        public enum Op { GTE, GT, EQ }

        public boolean holds(long count) {
            return switch (op) {
                case GTE -> count >= value;
                case GT -> count > value;
                case EQ -> count == value;
            };
        }
    }
}
