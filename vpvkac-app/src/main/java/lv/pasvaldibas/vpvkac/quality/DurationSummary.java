package lv.pasvaldibas.vpvkac.quality;

import java.time.Duration;
import java.util.ArrayList;
import java.util.Collection;
import java.util.List;

/**
 * The median and 90th percentile of a set of durations, both by the nearest-rank method: the value at
 * rank ⌈p·n⌉ of the sorted set (SQL's {@code percentile_disc}), so each is a duration some case
 * really took, and the SQL version gives the very same values.
 *
 * @param count  how many durations were summarised
 * @param median null when {@code count} is 0
 * @param p90    null when {@code count} is 0
 */
public record DurationSummary(long count, Duration median, Duration p90) {

    public static final DurationSummary NONE = new DurationSummary(0, null, null);

    public static DurationSummary of(Collection<Duration> durations) {
        if (durations.isEmpty()) {
            return NONE;
        }
        List<Duration> sorted = new ArrayList<>(durations);
        sorted.sort(null);
        return new DurationSummary(sorted.size(), nearestRank(sorted, 50), nearestRank(sorted, 90));
    }

    /** The value at rank ⌈percent/100 · n⌉ (1-based), in whole-number arithmetic so 0.9·10 is exactly 9. */
    private static Duration nearestRank(List<Duration> sorted, int percent) {
        int rank = (percent * sorted.size() + 99) / 100;
        return sorted.get(Math.max(rank, 1) - 1);
    }
}
