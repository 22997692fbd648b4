package lv.pasvaldibas.vpvkac.quality.web;

import jakarta.inject.Inject;
import jakarta.ws.rs.DefaultValue;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.Context;
import jakarta.ws.rs.core.HttpHeaders;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.time.YearMonth;
import java.time.format.DateTimeParseException;
import java.util.Arrays;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.catalogue.CatalogueNames;
import lv.pasvaldibas.vpvkac.catalogue.jpa.CatalogueService;
import lv.pasvaldibas.vpvkac.quality.Dimension;
import lv.pasvaldibas.vpvkac.quality.Indicators;
import lv.pasvaldibas.vpvkac.quality.OpenDataRow;
import lv.pasvaldibas.vpvkac.quality.ReportRefusal;
import lv.pasvaldibas.vpvkac.quality.ReportTables;
import lv.pasvaldibas.vpvkac.quality.jpa.ReportService;
import lv.pasvaldibas.vpvkac.platform.web.Languages;

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
    @Inject
    CatalogueService catalogue;
    @Context
    HttpHeaders headers;

    @GET
    @Path("reports/quality")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", TableExport.XLSX})
    public Response quality(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("by") @DefaultValue("") String by,
                            @QueryParam("format") @DefaultValue("json") String format, @QueryParam("lang") String lang) {
        Set<Dimension> dimensions = dimensions(by);
        List<Indicators> indicators = reports.quality(caller, month(from), month(to), dimensions);
        CatalogueNames names = catalogue.names();
        Locale locale = lang == null ? Languages.of(headers) : Languages.of(List.of(Locale.forLanguageTag(lang)));
        List<List<Object>> rows = indicators.stream().map(row -> ReportTables.qualityRow(row, names, locale)).toList();
        return table("vpvkac-quality", "Kvalitāte", ReportTables.QUALITY_HEADERS, rows, format);
    }

    @GET
    @Path("open-data")
    @Produces({MediaType.APPLICATION_JSON, "text/csv", TableExport.XLSX})
    public Response openData(@QueryParam("from") String from, @QueryParam("to") String to,
                             @QueryParam("format") @DefaultValue("json") String format) {
        List<OpenDataRow> data = reports.openData(caller, month(from), month(to));
        CatalogueNames names = catalogue.names();
        List<String> columns = ReportTables.OPEN_DATA_COLUMNS.stream().map(ReportTables.Column::header).toList();
        List<List<Object>> rows = data.stream().map(row -> ReportTables.openDataRow(row, names)).toList();
        return table("vpvkac-open-data", "Atvērtie dati", columns, rows, format);
    }

    /** The open data set's description: its columns, their types and meaning, and the suppression rule. */
    @GET
    @Path("open-data/description")
    @Produces(MediaType.APPLICATION_JSON)
    public Map<String, Object> description() {
        List<Map<String, Object>> columns = ReportTables.OPEN_DATA_COLUMNS.stream().map(column -> Map.<String, Object>of(
                "name", column.header(), "type", column.type(), "suppressible", column.suppressible())).toList();
        return Map.of(
                "title", Map.of("lv", "VPVKAC pakalpojumu kvalitātes rādītāji", "en", "VPVKAC service quality indicators"),
                "description", Map.of("lv", "Pieteikumu skaits un apkalpošanas laiki pa mēnešiem, pašvaldībām, iestādēm, pakalpojumiem un kanāliem; bez personas datiem. Iestāžu un pakalpojumu nosaukumi ir no pakalpojumu kataloga.",
                        "en", "Applications and service times by month, municipality, institution, service and channel; no personal data. Institution and service names are the service catalogue's."),
                "suppression", Map.of("minimumCount", OpenDataRow.MIN_PUBLISHED_COUNT,
                        "rule", "a count under " + OpenDataRow.MIN_PUBLISHED_COUNT + " is left empty, with every value derived from it"),
                "durations", "whole seconds",
                "formats", List.of("json", "csv", "xlsx"),
                "columns", columns);
    }

    private static Response table(String fileName, String sheetName, List<String> headers, List<List<Object>> rows, String format) {
        return switch (format) {
            case "json" -> Response.ok(rows.stream().map(row -> object(headers, row)).toList(), MediaType.APPLICATION_JSON_TYPE).build();
            case "csv" -> TableExport.csv(fileName, headers, rows);
            case "xlsx" -> TableExport.xlsx(fileName, sheetName, headers, rows);
            default -> throw new ReportRefusal(ReportRefusal.Reason.FORMAT, "format " + format, format);
        };
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
