package lv.pasvaldibas.vpvkac.quality.jpa;

import java.sql.Array;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumMap;
import java.util.EnumSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.stream.Collectors;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.cases.Deadline;
import lv.pasvaldibas.vpvkac.quality.Dimension;
import lv.pasvaldibas.vpvkac.quality.DurationSummary;
import lv.pasvaldibas.vpvkac.quality.GroupKey;
import lv.pasvaldibas.vpvkac.quality.Indicators;
import lv.pasvaldibas.vpvkac.quality.QualityIndicators;

/**
 * The quality indicators of one municipality's cases computed by PostgreSQL in one aggregating query
 * (decision 90): the same numbers as {@link QualityIndicators}, which defines them and is this query's
 * test oracle (QualityQueryIT compares the two on generated data for every set of dimensions), but
 * without reading the cases into memory. The month is taken in {@link Deadline#ZONE} as there;
 * durations are microseconds (what PostgreSQL stores); medians and 90th percentiles are
 * {@code percentile_disc}, the nearest rank {@link DurationSummary} uses; a case is decided and late
 * by {@link Deadline}'s rule, the due day's end being midnight after it, Latvian time. The statuses
 * that await a result and the channels come from the enums, so a new one cannot be forgotten here.
 * Every column it reads is in the index {@code service_case_municipality} (V2).
 */
public final class QualityQuery {

    private static final String ZONE = Deadline.ZONE.getId();
    private static final Map<Dimension, String> COLUMNS = new EnumMap<>(Map.of(
            Dimension.SERVICE, "service_code",
            Dimension.INSTITUTION, "institution_code",
            Dimension.MUNICIPALITY, "municipality",
            Dimension.CENTRE, "centre",
            Dimension.CHANNEL, "channel"));

    private QualityQuery() {
    }

    /**
     * The indicators of {@code municipality}'s cases received in {@code [start, end)}, per month and per
     * value of each of {@code by}, ordered by {@link GroupKey}.
     *
     * @param asOf the moment the figures are for: decides which open cases are overdue
     */
    public static List<Indicators> compute(Connection connection, String municipality, Instant start, Instant end, Set<Dimension> by,
                                           Instant asOf) throws SQLException {
        Set<Dimension> dimensions = by.isEmpty() ? EnumSet.noneOf(Dimension.class) : EnumSet.copyOf(by);
        List<Indicators> indicators = new ArrayList<>();
        try (PreparedStatement statement = connection.prepareStatement(sql(dimensions))) {
            OffsetDateTime asOfUtc = OffsetDateTime.ofInstant(asOf, ZoneOffset.UTC);
            statement.setObject(1, asOfUtc);
            statement.setObject(2, asOfUtc);
            statement.setString(3, municipality);
            statement.setObject(4, OffsetDateTime.ofInstant(start, ZoneOffset.UTC));
            statement.setObject(5, OffsetDateTime.ofInstant(end, ZoneOffset.UTC));
            try (ResultSet rs = statement.executeQuery()) {
                while (rs.next()) {
                    indicators.add(indicators(rs));
                }
            }
        }
        indicators.sort((a, b) -> a.key().compareTo(b.key()));
        return indicators;
    }

    /** One query for a set of dimensions: the grouped columns by name, the others as NULL ("all"). */
    static String sql(Set<Dimension> by) {
        String keys = Arrays.stream(Dimension.values())
                .map(d -> by.contains(d) ? "f." + COLUMNS.get(d) : "NULL")
                .collect(Collectors.joining(", "));
        String groupBy = by.stream().map(d -> ", f." + COLUMNS.get(d)).collect(Collectors.joining());
        String awaiting = Arrays.stream(CaseStatus.values()).filter(CaseStatus::awaitsResult)
                .map(s -> "'" + s.name() + "'").collect(Collectors.joining(", "));
        String channelCounts = Arrays.stream(Channel.values())
                .map(c -> ", count(*) FILTER (WHERE f.channel = '" + c.name() + "')")
                .collect(Collectors.joining());
        return "SELECT f.period, " + keys + ", count(*),"
                + " count(f.serve), percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.serve),"
                + " count(f.handling), percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.handling),"
                + " count(f.waiting), percentile_disc(ARRAY[0.5, 0.9]) WITHIN GROUP (ORDER BY f.waiting),"
                + " count(*) FILTER (WHERE f.decided), count(*) FILTER (WHERE f.late)"
                + channelCounts
                + " FROM (SELECT date_trunc('month', c.received_at AT TIME ZONE '" + ZONE + "')::date AS period,"
                + "   c.service_code, c.institution_code, c.municipality, c.centre_id::text AS centre, c.channel,"
                + "   (extract(epoch FROM c.delivered_at - c.received_at) * 1000000)::bigint AS serve,"
                + "   (extract(epoch FROM c.result_ready_at - c.first_action_at) * 1000000)::bigint AS handling,"
                + "   (extract(epoch FROM c.first_action_at - c.received_at) * 1000000)::bigint AS waiting,"
                // decided: the result is ready, or it is still owed and the due day is over; late: after the due day
                + "   CASE WHEN c.result_ready_at IS NOT NULL THEN true"
                + "        WHEN c.status IN (" + awaiting + ") THEN ? >= ((c.due_on + 1)::timestamp AT TIME ZONE '" + ZONE + "')"
                + "        ELSE false END AS decided,"
                + "   CASE WHEN c.result_ready_at IS NOT NULL THEN c.result_ready_at >= ((c.due_on + 1)::timestamp AT TIME ZONE '" + ZONE + "')"
                + "        WHEN c.status IN (" + awaiting + ") THEN ? >= ((c.due_on + 1)::timestamp AT TIME ZONE '" + ZONE + "')"
                + "        ELSE false END AS late"
                + "   FROM service_case c WHERE c.municipality = ? AND c.received_at >= ? AND c.received_at < ?) f"
                + " GROUP BY f.period" + groupBy;
    }

    private static Indicators indicators(ResultSet rs) throws SQLException {
        int column = 1;
        YearMonth period = YearMonth.from(rs.getObject(column++, LocalDate.class));
        String[] keys = new String[Dimension.values().length];
        for (int d = 0; d < keys.length; d++) {
            keys[d] = rs.getString(column++);
        }
        GroupKey key = new GroupKey(period, keys[Dimension.SERVICE.ordinal()], keys[Dimension.INSTITUTION.ordinal()],
                keys[Dimension.MUNICIPALITY.ordinal()], keys[Dimension.CENTRE.ordinal()],
                keys[Dimension.CHANNEL.ordinal()] == null ? null : Channel.valueOf(keys[Dimension.CHANNEL.ordinal()]));
        long cases = rs.getLong(column++);
        DurationSummary serve = summary(rs.getLong(column++), rs.getArray(column++));
        DurationSummary handling = summary(rs.getLong(column++), rs.getArray(column++));
        DurationSummary waiting = summary(rs.getLong(column++), rs.getArray(column++));
        long decided = rs.getLong(column++);
        long late = rs.getLong(column++);
        Map<Channel, Long> channels = new EnumMap<>(Channel.class);
        for (Channel channel : Channel.values()) {
            long count = rs.getLong(column++);
            if (count > 0) {
                channels.put(channel, count);
            }
        }
        return new Indicators(key, cases, serve, handling, waiting, decided, late, channels);
    }

    private static DurationSummary summary(long count, Array percentiles) throws SQLException {
        if (count == 0 || percentiles == null) {
            return DurationSummary.NONE;
        }
        Object[] values = (Object[]) percentiles.getArray();
        return new DurationSummary(count, micros(values[0]), micros(values[1]));
    }

    private static Duration micros(Object value) {
        return Duration.of(((Number) value).longValue(), ChronoUnit.MICROS);
    }
}
