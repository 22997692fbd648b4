package lv.pasvaldibas.vpvkac.quality;

import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Collection;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.cases.Deadline;

/**
 * The quality indicators of issue 12, item 4, computed in plain Java from case facts. This class
 * defines their meaning and is the test oracle for the SQL that computes them at scale:
 * <ul>
 *   <li>applications are counted in the month they were received, Latvian time ({@link Deadline#ZONE});</li>
 *   <li>time to serve: received → delivered; handling time: first action (in progress) → result ready;
 *   waiting time: received → first action; each over the applications that reached both ends, as
 *   count, median and 90th percentile ({@link DurationSummary});</li>
 *   <li>overdue rate: late ÷ decided, where an application is decided when its result is ready (late if
 *   after the due day, {@link Deadline#missedBy}) or, still owed, when its due day is over at
 *   {@code asOf} (then late, {@link Deadline#overdue}). Applications still in time, and those rejected
 *   or withdrawn before a result, are left out: they were never late nor in time;</li>
 *   <li>channel mix: applications per channel, and each channel's share of the group.</li>
 * </ul>
 */
public final class QualityIndicators {

    private QualityIndicators() {
    }

    /**
     * The indicators of {@code facts} per month and per value of each of {@code by}, ordered by
     * {@link GroupKey}; groups without applications are absent.
     *
     * @param asOf the moment the figures are for: decides which open applications are overdue
     */
    public static List<Indicators> compute(Collection<CaseFacts> facts, Set<Dimension> by, Instant asOf) {
        Set<Dimension> dimensions = by.isEmpty() ? EnumSet.noneOf(Dimension.class) : EnumSet.copyOf(by);
        Map<GroupKey, Group> groups = new TreeMap<>();
        for (CaseFacts fact : facts) {
            YearMonth period = YearMonth.from(fact.receivedAt().atZone(Deadline.ZONE));
            groups.computeIfAbsent(GroupKey.of(fact, period, dimensions), key -> new Group()).add(fact, asOf);
        }
        List<Indicators> indicators = new ArrayList<>(groups.size());
        groups.forEach((key, group) -> indicators.add(group.indicators(key)));
        return indicators;
    }

    /** The running sums of one group. */
    private static final class Group {
        private long cases;
        private final List<Duration> timesToServe = new ArrayList<>();
        private final List<Duration> handlingTimes = new ArrayList<>();
        private final List<Duration> waitingTimes = new ArrayList<>();
        private long deadlineCases;
        private long overdueCases;
        private final Map<Channel, Long> channelCases = new EnumMap<>(Channel.class);

        void add(CaseFacts fact, Instant asOf) {
            cases++;
            channelCases.merge(fact.channel(), 1L, Long::sum);
            if (fact.deliveredAt() != null) {
                timesToServe.add(Duration.between(fact.receivedAt(), fact.deliveredAt()));
            }
            if (fact.resultReadyAt() != null) {
                handlingTimes.add(Duration.between(fact.firstActionAt(), fact.resultReadyAt()));
            }
            if (fact.firstActionAt() != null) {
                waitingTimes.add(Duration.between(fact.receivedAt(), fact.firstActionAt()));
            }
            Deadline deadline = new Deadline(fact.due());
            if (fact.resultReadyAt() != null) {
                deadlineCases++;
                overdueCases += deadline.missedBy(fact.resultReadyAt()) ? 1 : 0;
            } else if (deadline.overdue(fact.status(), asOf)) {
                deadlineCases++;
                overdueCases++;
            }
        }

        Indicators indicators(GroupKey key) {
            return new Indicators(key, cases, DurationSummary.of(timesToServe), DurationSummary.of(handlingTimes),
                    DurationSummary.of(waitingTimes), deadlineCases, overdueCases, channelCases);
        }
    }
}
