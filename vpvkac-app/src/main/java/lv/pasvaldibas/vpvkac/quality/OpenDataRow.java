package lv.pasvaldibas.vpvkac.quality;

import java.time.YearMonth;
import java.util.EnumSet;
import java.util.Objects;
import java.util.Set;
import java.util.function.Function;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.catalogue.CatalogueFields;
import lv.pasvaldibas.vpvkac.client.PersonalCode;

/**
 * One row of the open data set of service quality: a month, codes, a channel and numbers, nothing else.
 * There is no field a name, a personal code, a contact or free text could go in; the code fields take
 * only code-shaped values (letters, digits, {@code ._-}), never a valid personal code. Every count is
 * at least {@value #MIN_PUBLISHED_COUNT} or suppressed, and a value derived from a suppressed count is
 * suppressed with it ({@link OpenDataSuppression}); a suppressed cell is null and listed by
 * {@link #suppressed()}. A null code or channel means "all" (the data set was not split by it).
 * Durations are whole seconds.
 */
public record OpenDataRow(YearMonth period, String municipality, String institution, String service, Channel channel,
                          Long cases,
                          Long servedCases, Long medianTimeToServeSeconds, Long p90TimeToServeSeconds,
                          Long handledCases, Long medianHandlingSeconds, Long p90HandlingSeconds,
                          Long startedCases, Long medianWaitingSeconds, Long p90WaitingSeconds,
                          Long deadlineCases, Long overdueCases, Double overdueRate) {

    /** Counts under this are suppressed: with fewer, a row can point at a person. */
    public static final int MIN_PUBLISHED_COUNT = 5;

    /** The columns in the order exports write them, with their machine-readable names. */
    public enum Column {
        PERIOD("period", OpenDataRow::period),
        MUNICIPALITY("municipality", OpenDataRow::municipality),
        INSTITUTION("institution", OpenDataRow::institution),
        SERVICE("service", OpenDataRow::service),
        CHANNEL("channel", OpenDataRow::channel),
        CASES("cases", OpenDataRow::cases),
        SERVED_CASES("served_cases", OpenDataRow::servedCases),
        MEDIAN_TIME_TO_SERVE_SECONDS("median_time_to_serve_s", OpenDataRow::medianTimeToServeSeconds),
        P90_TIME_TO_SERVE_SECONDS("p90_time_to_serve_s", OpenDataRow::p90TimeToServeSeconds),
        HANDLED_CASES("handled_cases", OpenDataRow::handledCases),
        MEDIAN_HANDLING_SECONDS("median_handling_s", OpenDataRow::medianHandlingSeconds),
        P90_HANDLING_SECONDS("p90_handling_s", OpenDataRow::p90HandlingSeconds),
        STARTED_CASES("started_cases", OpenDataRow::startedCases),
        MEDIAN_WAITING_SECONDS("median_waiting_s", OpenDataRow::medianWaitingSeconds),
        P90_WAITING_SECONDS("p90_waiting_s", OpenDataRow::p90WaitingSeconds),
        DEADLINE_CASES("deadline_cases", OpenDataRow::deadlineCases),
        OVERDUE_CASES("overdue_cases", OpenDataRow::overdueCases),
        OVERDUE_RATE("overdue_rate", OpenDataRow::overdueRate);

        private final String header;
        private final Function<OpenDataRow, Object> value;

        Column(String header, Function<OpenDataRow, Object> value) {
            this.header = header;
            this.value = value;
        }

        public String header() {
            return header;
        }

        public Object valueIn(OpenDataRow row) {
            return value.apply(row);
        }

        /** True for counts and the values derived from them: the cells suppression may blank. */
        public boolean suppressible() {
            return ordinal() >= CASES.ordinal();
        }
    }

    public OpenDataRow {
        Objects.requireNonNull(period, "period");
        municipality = code(municipality, "municipality");
        institution = code(institution, "institution");
        service = code(service, "service");
        countWithDerived(cases, "cases");
        countWithDerived(servedCases, "servedCases", medianTimeToServeSeconds, p90TimeToServeSeconds);
        countWithDerived(handledCases, "handledCases", medianHandlingSeconds, p90HandlingSeconds);
        countWithDerived(startedCases, "startedCases", medianWaitingSeconds, p90WaitingSeconds);
        countWithDerived(deadlineCases, "deadlineCases");
        countWithDerived(overdueCases, "overdueCases");
        if (overdueRate != null && (deadlineCases == null || overdueCases == null || overdueRate < 0 || overdueRate > 1)) {
            throw new IllegalArgumentException("An overdue rate is published only with both its counts, and lies in [0, 1]");
        }
    }

    /** The cells suppressed in this row. */
    public Set<Column> suppressed() {
        Set<Column> suppressed = EnumSet.noneOf(Column.class);
        for (Column column : Column.values()) {
            if (column.suppressible() && column.valueIn(this) == null) {
                suppressed.add(column);
            }
        }
        return suppressed;
    }

    /** A count is suppressed (null) or at least {@link #MIN_PUBLISHED_COUNT}; what derives from a suppressed count is suppressed too. */
    private static void countWithDerived(Long count, String field, Long... derived) {
        if (count != null && count < MIN_PUBLISHED_COUNT) {
            throw new IllegalArgumentException("Open data publishes no count under " + MIN_PUBLISHED_COUNT + ": " + field);
        }
        for (Long value : derived) {
            if (value != null && (count == null || value < 0)) {
                throw new IllegalArgumentException("A value derived from " + field + " is published only with it, and is not negative");
            }
        }
    }

    private static String code(String value, String field) {
        if (value != null && (!CatalogueFields.isCode(value) || PersonalCode.isPersonalCode(value))) {
            throw new IllegalArgumentException("Open data takes codes only; the " + field + " is not one");
        }
        return value;
    }
}
