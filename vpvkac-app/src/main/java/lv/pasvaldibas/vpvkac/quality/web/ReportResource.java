package lv.pasvaldibas.vpvkac.quality.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.quality.Dimension;
import lv.pasvaldibas.vpvkac.quality.DurationSummary;
import lv.pasvaldibas.vpvkac.quality.Indicators;
import lv.pasvaldibas.vpvkac.quality.OpenDataRow;
import lv.pasvaldibas.vpvkac.quality.ReportRefusal;
import lv.pasvaldibas.vpvkac.quality.jpa.ReportService;

/**
 * {@code /api/reports/quality}: quality indicators by month and the dimensions asked for, as JSON,
 * CSV or XLSX; {@code /api/open-data}: the same without any personal data, counts under 5 suppressed;
 * {@code /api/open-data/description}: the open data set described for machines.
 */
@Path("/")
public class ReportResource {

    @Inject
    ReportService reports;
    @Inject
    Caller caller;

    @GET
    @Path("reports/quality")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", TableExport.XLSX})
    public Response quality(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("by") @DefaultValue("") String by,
                            @QueryParam("format") @DefaultValue("json") String format) {
        Set<Dimension> dimensions = dimensions(by);
        List<Indicators> indicators = reports.quality(caller, month(from), month(to), dimensions);
        List<String> headers = new ArrayList<>(List.of("period", "service", "institution", "municipality", "centre", "channel", "cases",
                "served", "median_time_to_serve_s", "p90_time_to_serve_s", "handled", "median_handling_s", "p90_handling_s",
                "started", "median_waiting_s", "p90_waiting_s", "deadline_cases", "overdue_cases", "overdue_rate"));
        Arrays.stream(Channel.values()).forEach(channel -> headers.add("share_" + channel.name().toLowerCase()));
        List<List<Object>> rows = indicators.stream().map(ReportResource::cells).toList();
        return switch (format) {
            case "json" -> Response.ok(rows.stream().map(row -> object(headers, row)).toList(), MediaType.APPLICATION_JSON_TYPE).build();
            case "csv" -> TableExport.csv("vpvkac-quality", headers, rows);
            case "xlsx" -> TableExport.xlsx("vpvkac-quality", "Kvalitāte", headers, rows);
            default -> throw new ReportRefusal(ReportRefusal.Reason.FORMAT, "format " + format, format);
        };
    }

    @GET
    @Path("open-data")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", TableExport.XLSX})
    public Response openData(@QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("format") @DefaultValue("json") String format) {
        List<OpenDataRow> data = reports.openData(caller, month(from), month(to));
        List<String> headers = Arrays.stream(OpenDataRow.Column.values()).map(OpenDataRow.Column::header).toList();
        List<List<Object>> rows = data.stream().map(row -> Arrays.stream(OpenDataRow.Column.values())
                .map(column -> plain(column.valueIn(row))).toList()).toList();
        return switch (format) {
            case "json" -> Response.ok(rows.stream().map(row -> object(headers, row)).toList(), MediaType.APPLICATION_JSON_TYPE).build();
            case "csv" -> TableExport.csv("vpvkac-open-data", headers, rows);
            case "xlsx" -> TableExport.xlsx("vpvkac-open-data", "Atvērtie dati", headers, rows);
            default -> throw new ReportRefusal(ReportRefusal.Reason.FORMAT, "format " + format, format);
        };
    }

    /** The open data set's description: its columns, their types and meaning, and the suppression rule. */
    @GET
    @Path("open-data/description")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> description() {
        List<Map<String, Object>> columns = Arrays.stream(OpenDataRow.Column.values()).map(column -> Map.<String, Object>of(
                "name", column.header(),
                "type", column == OpenDataRow.Column.PERIOD ? "string (YYYY-MM)" : column == OpenDataRow.Column.OVERDUE_RATE ? "number (0..1)"
                        : column.suppressible() ? "integer" : "string",
                "suppressible", column.suppressible())).toList();
        return Map.of(
                "title", Map.of("lv", "VPVKAC pakalpojumu kvalitātes rādītāji", "en", "VPVKAC service quality indicators"),
                "description", Map.of("lv", "Pieteikumu skaits un apkalpošanas laiki pa mēnešiem, pašvaldībām, iestādēm, pakalpojumiem un kanāliem; bez personas datiem.",
                        "en", "Applications and service times by month, municipality, institution, service and channel; no personal data."),
                "suppression", Map.of("minimumCount", OpenDataRow.MIN_PUBLISHED_COUNT,
                        "rule", "a count under " + OpenDataRow.MIN_PUBLISHED_COUNT + " is left empty, with every value derived from it"),
                "durations", "whole seconds",
                "formats", List.of("json", "csv", "xlsx"),
                "columns", columns);
    }

    private static List<Object> cells(Indicators i) {
        List<Object> cells = new ArrayList<>(Arrays.asList(i.key().period().toString(), i.key().service(), i.key().institution(),
                i.key().municipality(), i.key().centre(), i.key().channel() == null ? null : i.key().channel().name(), i.cases()));
        for (DurationSummary summary : List.of(i.timeToServe(), i.handling(), i.waiting())) {
            cells.add(summary.count());
            cells.add(summary.median() == null ? null : summary.median().toSeconds());
            cells.add(summary.p90() == null ? null : summary.p90().toSeconds());
        }
        cells.add(i.deadlineCases());
        cells.add(i.overdueCases());
        cells.add(i.overdueRate().isPresent() ? i.overdueRate().getAsDouble() : null);
        Arrays.stream(Channel.values()).forEach(channel -> cells.add(i.channelShare(channel)));
        return cells;
    }

    private static Object plain(Object value) {
        return value instanceof YearMonth || value instanceof Channel ? value.toString() : value;
    }

    private static Map<String, Object> object(List<String> headers, List<Object> row) {
        Map<String, Object> object = new LinkedHashMap<>();
        for (int c = 0; c < headers.size(); c++) {
            object.put(headers.get(c), row.get(c));
        }
        return object;
    }

    private static YearMonth month(String value) {
        try {
            return YearMonth.parse(value == null ? "" : value);
        } catch (DateTimeParseException e) {
            throw new ReportRefusal(ReportRefusal.Reason.PERIOD, "not a month: " + value, ReportService.MAX_MONTHS);
        }
    }

    private static Set<Dimension> dimensions(String by) {
        Set<Dimension> dimensions = EnumSet.noneOf(Dimension.class);
        for (String name : by.split(",")) {
            if (name.isBlank()) {
                continue;
            }
            try {
                dimensions.add(Dimension.valueOf(name.strip().toUpperCase(java.util.Locale.ROOT)));
            } catch (IllegalArgumentException e) {
                throw new ReportRefusal(ReportRefusal.Reason.DIMENSION, "dimension " + name, name.strip());
            }
        }
        return dimensions;
    }
}
