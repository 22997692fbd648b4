package lv.pasvaldibas.vpvkac.quality;

import java.time.Duration;
import java.util.Collection;
import java.util.List;

/**
 * Turns quality indicators into open data rows, suppressing small cells: a count under
 * {@value OpenDataRow#MIN_PUBLISHED_COUNT} (0 included) is blanked, and so is every value derived from it
 * (the median and 90th percentile of a duration from its count, the overdue rate from the overdue and
 * the decided counts). Applies to any grouping of the data set but a centre's, which open data does
 * not publish. The data set is published at one grouping only, so a suppressed cell cannot be got back
 * by subtracting its neighbours from a published total; publishing totals beside it would need
 * complementary suppression first.
 */
public final class OpenDataSuppression {

    private OpenDataSuppression() {
    }

    public static List<OpenDataRow> rows(Collection<Indicators> indicators) {
        return indicators.stream().map(OpenDataSuppression::row).toList();
    }

    public static OpenDataRow row(Indicators indicators) {
        GroupKey key = indicators.key();
        if (key.centre() != null) {
            throw new IllegalArgumentException("Open data is not split by centre: group by municipality instead");
        }
        Long cases = published(indicators.cases());
        DurationSummary served = indicators.timeToServe();
        DurationSummary handled = indicators.handling();
        DurationSummary started = indicators.waiting();
        Long deadlineCases = published(indicators.deadlineCases());
        Long overdueCases = published(indicators.overdueCases());
        Double overdueRate = deadlineCases == null || overdueCases == null ? null : (double) overdueCases / deadlineCases;
        return new OpenDataRow(key.period(), key.municipality(), key.institution(), key.service(), key.channel(), cases,
                published(served.count()), seconds(served, served.median()), seconds(served, served.p90()),
                published(handled.count()), seconds(handled, handled.median()), seconds(handled, handled.p90()),
                published(started.count()), seconds(started, started.median()), seconds(started, started.p90()),
                deadlineCases, overdueCases, overdueRate);
    }

    private static Long published(long count) {
        return count < OpenDataRow.MIN_PUBLISHED_COUNT ? null : count;
    }

    /** A duration of {@code summary}, in whole seconds, or null when the summary's count is suppressed. */
    private static Long seconds(DurationSummary summary, Duration duration) {
        return published(summary.count()) == null ? null : duration.toSeconds();
    }
}
