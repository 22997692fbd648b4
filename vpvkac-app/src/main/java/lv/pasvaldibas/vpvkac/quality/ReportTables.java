package lv.pasvaldibas.vpvkac.quality;

import java.time.YearMonth;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.function.BiFunction;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.catalogue.CatalogueNames;
import lv.pasvaldibas.vpvkac.i18n.Messages;

/**
 * The quality report and the open data set as tables, the same for every format (JSON, CSV, XLSX):
 * machine-readable headers, and beside each code the catalogue's public name for it, so that a person
 * reading a download need not look codes up. Names come from the catalogue only, never from a case.
 */
public final class ReportTables {

    /** A column of the open data set: its header, its type as the data set's description states it, and its cell. */
    public record Column(String header, String type, boolean suppressible, BiFunction<OpenDataRow, CatalogueNames, Object> cell) {
    }

    /** The open data set's columns: {@link OpenDataRow.Column}'s, with the names of institutions and services beside their codes. */
    public static final List<Column> OPEN_DATA_COLUMNS = openDataColumns();

    /** The quality report's headers: the group's codes each with its name, then the indicators. */
    public static final List<String> QUALITY_HEADERS = qualityHeaders();

    private ReportTables() {
    }

    private static List<String> qualityHeaders() {
        List<String> headers = new ArrayList<>(List.of("period", "service", "service_name", "institution", "institution_name",
                "municipality", "centre", "centre_name", "channel", "channel_name", "cases",
                "served", "median_time_to_serve_s", "p90_time_to_serve_s", "handled", "median_handling_s", "p90_handling_s",
                "started", "median_waiting_s", "p90_waiting_s", "deadline_cases", "overdue_cases", "overdue_rate"));
        Arrays.stream(Channel.values()).forEach(channel -> headers.add("share_" + channel.name().toLowerCase(Locale.ROOT)));
        return Collections.unmodifiableList(headers);
    }

    /** A row of the quality report in the order of {@link #QUALITY_HEADERS}; names in {@code locale}'s language. */
    public static List<Object> qualityRow(Indicators indicators, CatalogueNames names, Locale locale) {
        GroupKey key = indicators.key();
        List<Object> cells = new ArrayList<>(Arrays.asList(key.period().toString(),
                key.service(), names.service(key.service(), locale),
                key.institution(), names.institution(key.institution()),
                key.municipality(),
                key.centre(), names.centre(key.centre()),
                key.channel() == null ? null : key.channel().name(), key.channel() == null ? null : Messages.text(locale, key.channel()),
                indicators.cases()));
        for (DurationSummary summary : List.of(indicators.timeToServe(), indicators.handling(), indicators.waiting())) {
            cells.add(summary.count());
            cells.add(summary.median() == null ? null : summary.median().toSeconds());
            cells.add(summary.p90() == null ? null : summary.p90().toSeconds());
        }
        cells.add(indicators.deadlineCases());
        cells.add(indicators.overdueCases());
        cells.add(indicators.overdueRate().isPresent() ? indicators.overdueRate().getAsDouble() : null);
        Arrays.stream(Channel.values()).forEach(channel -> cells.add(indicators.channelShare(channel)));
        return cells;
    }

    /** A row of the open data set in the order of {@link #OPEN_DATA_COLUMNS}; a suppressed cell is null. */
    public static List<Object> openDataRow(OpenDataRow row, CatalogueNames names) {
        return OPEN_DATA_COLUMNS.stream().map(column -> column.cell().apply(row, names)).toList();
    }

    private static List<Column> openDataColumns() {
        List<Column> columns = new ArrayList<>();
        for (OpenDataRow.Column column : OpenDataRow.Column.values()) {
            String type = switch (column) {
                case PERIOD -> "string (YYYY-MM)";
                case OVERDUE_RATE -> "number (0..1)";
                default -> column.suppressible() ? "integer" : "string";
            };
            columns.add(new Column(column.header(), type, column.suppressible(), (row, names) -> plain(column.valueIn(row))));
            if (column == OpenDataRow.Column.INSTITUTION) {
                columns.add(new Column("institution_name", "string", false, (row, names) -> names.institution(row.institution())));
            } else if (column == OpenDataRow.Column.SERVICE) {
                columns.add(new Column("service_name", "string", false, (row, names) -> names.serviceInLatvian(row.service())));
                columns.add(new Column("service_name_en", "string", false, (row, names) -> names.serviceInEnglish(row.service())));
            }
        }
        return List.copyOf(columns);
    }

    private static Object plain(Object value) {
        return value instanceof YearMonth || value instanceof Channel ? value.toString() : value;
    }
}
