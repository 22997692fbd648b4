package lv.pasvaldibas.vpvkac.quality;

import java.util.Collections;
import java.util.EnumMap;
import java.util.Map;
import java.util.Objects;
import java.util.OptionalDouble;
import lv.pasvaldibas.vpvkac.cases.Channel;

/**
 * The quality indicators of one group of applications ({@link QualityIndicators} defines them). Counts
 * are kept, not only shares, so that open data can suppress small ones.
 *
 * @param cases           applications received in the period
 * @param timeToServe     received → delivered, over the delivered ones
 * @param handling        first action → result ready, over those with a result
 * @param waiting         received → first action, over those handled at all
 * @param deadlineCases   applications whose deadline is decided: result ready, or still owed after the due day
 * @param overdueCases    of those, the ones late
 * @param channelCases    applications per channel; channels with none are absent
 */
public record Indicators(GroupKey key, long cases, DurationSummary timeToServe, DurationSummary handling, DurationSummary waiting,
                         long deadlineCases, long overdueCases, Map<Channel, Long> channelCases) {

    public Indicators {
        Objects.requireNonNull(key, "key");
        channelCases = Collections.unmodifiableMap(channelCases.isEmpty() ? new EnumMap<>(Channel.class) : new EnumMap<>(channelCases));
    }

    /** Late share of the decided deadlines; empty when none is decided. */
    public OptionalDouble overdueRate() {
        return deadlineCases == 0 ? OptionalDouble.empty() : OptionalDouble.of((double) overdueCases / deadlineCases);
    }

    /** The share of the applications that came through {@code channel} (the channel mix); 0 for none. */
    public double channelShare(Channel channel) {
        return cases == 0 ? 0 : (double) channelCases.getOrDefault(channel, 0L) / cases;
    }
}
