package lv.pasvaldibas.vpvkac.quality;

import java.time.YearMonth;
import java.util.Comparator;
import java.util.Objects;
import java.util.Set;
import lv.pasvaldibas.vpvkac.cases.Channel;

/**
 * One group of the indicators: a month and a value for each {@link Dimension} grouped by; a dimension
 * not grouped by is null (all its values together), as in SQL's {@code GROUPING SETS}.
 *
 * @param period the month the applications were received in, Latvian time
 */
public record GroupKey(YearMonth period, String service, String institution, String municipality, String centre, Channel channel)
        implements Comparable<GroupKey> {

    private static final Comparator<GroupKey> ORDER = Comparator.comparing(GroupKey::period)
            .thenComparing(GroupKey::municipality, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(GroupKey::centre, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(GroupKey::institution, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(GroupKey::service, Comparator.nullsFirst(Comparator.naturalOrder()))
            .thenComparing(GroupKey::channel, Comparator.nullsFirst(Comparator.naturalOrder()));

    public GroupKey {
        Objects.requireNonNull(period, "period");
    }

    /** The group {@code facts} belongs to when grouping by {@code by}. */
    static GroupKey of(CaseFacts facts, YearMonth period, Set<Dimension> by) {
        return new GroupKey(period,
                by.contains(Dimension.SERVICE) ? facts.service() : null,
                by.contains(Dimension.INSTITUTION) ? facts.institution() : null,
                by.contains(Dimension.MUNICIPALITY) ? facts.municipality() : null,
                by.contains(Dimension.CENTRE) ? facts.centre() : null,
                by.contains(Dimension.CHANNEL) ? facts.channel() : null);
    }

    /** By month, then municipality, centre, institution, service and channel; "all" first. */
    @Override
    public int compareTo(GroupKey other) {
        return ORDER.compare(this, other);
    }
}
