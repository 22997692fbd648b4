package lv.pasvaldibas.monitor.web;

import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.time.YearMonth;
import java.time.ZoneId;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.monitor.postgres.MonthlyReports;
import lv.pasvaldibas.monitor.report.Scope;
import lv.pasvaldibas.monitor.signin.WebSession;

/**
 * The monthly evidence reports: {@code /reports} lists the last twelve months, {@code /reports/2026-11.pdf}
 * and {@code .json} give one, for the officer's scope (a municipal officer's municipality, or the whole
 * platform). Each download is audited before it is sent.
 */
final class ReportRoutes {

    private static final Pattern NAME = Pattern.compile("(\\d{4}-\\d{2})\\.(pdf|json)");
    private static final ZoneId RIGA = ZoneId.of("Europe/Riga");

    private final Web web;
    private final MonthlyReports reports;

    ReportRoutes(Web web, MonthlyReports reports) {
        this.web = web;
        this.reports = reports;
    }

    void register(Router router) {
        router.route("/reports").handler(web::requireSession);
        router.route("/reports/*").handler(web::requireSession);
        router.get("/reports").handler(this::list);
        router.get("/reports/:name").handler(this::report);
    }

    private void list(RoutingContext rc) {
        Texts t = web.texts(rc);
        StringBuilder body = new StringBuilder("<table id=\"reports\">");
        YearMonth month = YearMonth.now(RIGA);
        for (int i = 0; i < 12; i++, month = month.minusMonths(1)) {
            body.append("<tr><td>").append(month).append("</td><td><a href=\"/reports/").append(month).append(".pdf\">PDF</a></td><td><a href=\"/reports/")
                    .append(month).append(".json\">JSON</a></td></tr>");
        }
        Web.html(rc, 200, Html.page(t, t.get("nav.reports"), Web.session(rc), body.append("</table>").toString()));
    }

    private void report(RoutingContext rc) {
        Matcher name = NAME.matcher(rc.pathParam("name"));
        YearMonth month;
        try {
            if (!name.matches()) {
                throw new DateTimeParseException("not yyyy-mm.pdf or yyyy-mm.json", rc.pathParam("name"), 0);
            }
            month = YearMonth.parse(name.group(1));
        } catch (DateTimeParseException e) {
            web.error(rc, 400, "Atskaite ir mēnesim, piemēram /reports/2026-11.pdf / A report is for a month, e.g. /reports/2026-11.pdf");
            return;
        }
        if (month.isAfter(YearMonth.now(RIGA))) {
            web.error(rc, 400, "Šis mēnesis vēl nav sācies / That month has not begun");
            return;
        }
        String format = name.group(2);
        WebSession session = Web.session(rc);
        Scope scope = session.officer().platformWide() ? Scope.platform() : Scope.municipality(session.officer().municipality());
        web.vertx.executeBlocking(() -> {
            var report = reports.build(month, scope);
            return "pdf".equals(format) ? reports.pdf(report) : reports.json(report);
        }, false).compose(bytes -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("month", month.toString());
            details.put("format", format);
            details.put("scope", scope.toString());
            details.put("bytes", bytes.length);
            return web.audited(rc, "MONITOR_REPORT_DOWNLOADED", AuditEvent.Outcome.SUCCESS, "report", month.toString(), details).map(bytes);
        }).onSuccess(bytes -> rc.response().putHeader("Content-Type", "pdf".equals(format) ? "application/pdf" : "application/json; charset=utf-8")
                .putHeader("Content-Disposition", "attachment; filename=\"evidence-" + scope + "-" + month + "." + format + "\"")
                .putHeader("Cache-Control", "no-store").end(io.vertx.core.buffer.Buffer.buffer(bytes)))
                .onFailure(e -> web.error(rc, 503, web.texts(rc).get("error.unavailable")));
    }
}
