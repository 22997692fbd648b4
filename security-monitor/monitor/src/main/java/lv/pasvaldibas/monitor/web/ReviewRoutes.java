package lv.pasvaldibas.monitor.web;

import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.security.PublicKey;
import java.time.Duration;
import java.time.Instant;
import java.time.LocalDate;
import java.time.LocalDateTime;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lv.pasvaldibas.audit.AuditDatabase;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.AuditQuery;
import lv.pasvaldibas.audit.ChainVerifier;
import lv.pasvaldibas.monitor.alert.Alert;
import lv.pasvaldibas.monitor.postgres.AlertStore;
import lv.pasvaldibas.monitor.postgres.DashboardQueries;
import lv.pasvaldibas.monitor.signin.Officer;
import lv.pasvaldibas.monitor.signin.WebSession;

/**
 * The security officer's pages: the dashboard, the audit search with its CSV/JSON export, a person's
 * sign-in history, the integrity check of a time range, and the alerts with their handling. A
 * municipal officer sees their municipality's records and alerts only; asking for another's is
 * refused and audited. Every search, view, export, check and alert change is in the audit log before
 * the page answers.
 */
final class ReviewRoutes {

    private static final ZoneId RIGA = ZoneId.of("Europe/Riga");
    private static final DateTimeFormatter SHOWN = DateTimeFormatter.ofPattern("yyyy-MM-dd HH:mm:ss").withZone(RIGA);
    /** The most records one export carries; a longer period is exported in parts. */
    static final int EXPORT_MAX = 50_000;

    private final Web web;
    private final PublicKey checkpointKey;

    ReviewRoutes(Web web, PublicKey checkpointKey) {
        this.web = web;
        this.checkpointKey = checkpointKey;
    }

    void register(Router router) {
        for (String path : List.of("/", "/audit", "/audit/*", "/alerts", "/alerts/*")) {
            router.route(path).handler(web::requireSession);
        }
        router.get("/").handler(this::dashboard);
        router.get("/audit").handler(this::search);
        router.get("/audit/export").handler(this::export);
        router.get("/audit/person").handler(this::person);
        router.get("/audit/verify").handler(this::verify);
        router.get("/alerts").handler(this::alerts);
        router.post("/alerts/:id/acknowledge").handler(rc -> changeAlert(rc, false));
        router.post("/alerts/:id/close").handler(rc -> changeAlert(rc, true));
    }

    /** A request the page cannot serve as asked: said in both languages, nothing done. */
    static final class BadInput extends Exception {
        BadInput(String message) {
            super(message);
        }
    }

    /** The search a request asks for, within what the officer may see. */
    private AuditQuery.Filter filter(RoutingContext rc, Officer officer, String user, int limit) throws BadInput, Forbidden {
        String municipality = param(rc, "municipality");
        if (officer.scope() != null) {
            if (municipality != null && !municipality.equals(officer.scope())) {
                throw new Forbidden(municipality);
            }
            municipality = officer.scope();
        }
        String outcome = param(rc, "outcome");
        AuditEvent.Outcome parsed = null;
        if (outcome != null) {
            try {
                parsed = AuditEvent.Outcome.valueOf(outcome);
            } catch (IllegalArgumentException e) {
                throw new BadInput("Nederīgs iznākums / Invalid outcome: " + outcome + " (SUCCESS, FAILURE, DENIED)");
            }
        }
        try {
            return new AuditQuery.Filter(time(rc, "from"), time(rc, "to"), user, param(rc, "directory"), municipality, param(rc, "client"),
                    param(rc, "type"), parsed, param(rc, "source"), limit, param(rc, "cursor"));
        } catch (IllegalArgumentException e) {
            throw new BadInput("Nederīgs meklējums / Invalid search: " + e.getMessage());
        }
    }

    /** Asking for another municipality's records. */
    static final class Forbidden extends Exception {
        Forbidden(String municipality) {
            super(municipality);
        }
    }

    private static String param(RoutingContext rc, String name) {
        String value = rc.request().getParam(name);
        return value == null || value.isBlank() ? null : value.strip();
    }

    /** A time as the form's fields give it (Riga's local time, to the minute), a date, or an ISO instant. */
    private static Instant time(RoutingContext rc, String name) throws BadInput {
        String value = param(rc, name);
        if (value == null) {
            return null;
        }
        try {
            if (value.endsWith("Z")) {
                return Instant.parse(value);
            }
            if (value.length() == 10) {
                return LocalDate.parse(value).atStartOfDay(RIGA).toInstant();
            }
            return LocalDateTime.parse(value).atZone(RIGA).toInstant();
        } catch (DateTimeParseException e) {
            throw new BadInput("Nederīgs laiks / Invalid time '" + name + "': " + value + " (2026-11-30T14:05)");
        }
    }

    private static Map<String, Object> asked(AuditQuery.Filter f) {
        Map<String, Object> details = new LinkedHashMap<>();
        put(details, "from", f.from());
        put(details, "to", f.to());
        put(details, "user", f.user());
        put(details, "directory", f.directory());
        put(details, "municipality", f.municipality());
        put(details, "client", f.client());
        put(details, "type", f.type());
        put(details, "outcome", f.outcome());
        put(details, "source", f.sourceIp());
        return details;
    }

    private static void put(Map<String, Object> details, String key, Object value) {
        if (value != null) {
            details.put(key, value.toString());
        }
    }

    /** Runs a search for a page (or refuses it, audited), then renders. */
    private void searchPage(RoutingContext rc, String type, String user, String title, boolean showForm) {
        Texts t = web.texts(rc);
        WebSession session = Web.session(rc);
        AuditQuery.Filter f;
        try {
            f = filter(rc, session.officer(), user, limit(rc));
        } catch (BadInput e) {
            web.error(rc, 400, e.getMessage());
            return;
        } catch (Forbidden e) {
            forbidden(rc, type, e.getMessage());
            return;
        }
        web.auditLog(c -> AuditQuery.find(c, f)).compose(page -> {
            Map<String, Object> details = asked(f);
            details.put("found", page.rows().size());
            return web.audited(rc, type, AuditEvent.Outcome.SUCCESS, "audit", user, details).map(page);
        }).onSuccess(page -> Web.html(rc, 200, Html.page(t, title, session, (showForm ? form(t, rc) : "") + table(t, page, rc))))
                .onFailure(e -> web.error(rc, 503, t.get("error.unavailable")));
    }

    private static int limit(RoutingContext rc) throws BadInput {
        String value = param(rc, "limit");
        try {
            return value == null ? AuditQuery.DEFAULT_LIMIT : Integer.parseInt(value);
        } catch (NumberFormatException e) {
            throw new BadInput("Nederīgs skaits / Invalid limit: " + value);
        }
    }

    private void forbidden(RoutingContext rc, String type, String municipality) {
        web.audited(rc, type, AuditEvent.Outcome.DENIED, "municipality", municipality, Map.of("municipality", municipality))
                .onComplete(w -> web.error(rc, 403, web.texts(rc).get("error.forbidden")));
    }

    private void search(RoutingContext rc) {
        Texts t = web.texts(rc);
        boolean asked = rc.request().params().names().stream().anyMatch(n -> !"lang".equals(n));
        if (!asked) {
            Web.html(rc, 200, Html.page(t, t.get("search.title"), Web.session(rc), form(t, rc)));
            return;
        }
        searchPage(rc, "MONITOR_AUDIT_SEARCHED", param(rc, "user"), t.get("search.title"), true);
    }

    private void person(RoutingContext rc) {
        String user = param(rc, "user");
        if (user == null) {
            web.error(rc, 400, "Norādiet lietotāju / Name a user");
            return;
        }
        searchPage(rc, "MONITOR_PERSON_VIEWED", user, web.texts(rc).get("person.title", user), false);
    }

    private void export(RoutingContext rc) {
        String format = param(rc, "format");
        if (!"csv".equals(format) && !"json".equals(format)) {
            web.error(rc, 400, "Formāts ir csv vai json / The format is csv or json");
            return;
        }
        WebSession session = Web.session(rc);
        AuditQuery.Filter first;
        try {
            first = filter(rc, session.officer(), param(rc, "user"), AuditQuery.MAX_LIMIT);
        } catch (BadInput e) {
            web.error(rc, 400, e.getMessage());
            return;
        } catch (Forbidden e) {
            forbidden(rc, "MONITOR_AUDIT_EXPORTED", e.getMessage());
            return;
        }
        web.auditLog(c -> {
            List<AuditQuery.Row> rows = new ArrayList<>();
            AuditQuery.Filter f = first;
            while (true) {
                AuditQuery.Page page = AuditQuery.find(c, f);
                rows.addAll(page.rows());
                if (page.nextCursor() == null || rows.size() >= EXPORT_MAX) {
                    List<AuditQuery.Row> kept = rows.size() > EXPORT_MAX ? rows.subList(0, EXPORT_MAX) : rows;
                    return new AuditQuery.Page(List.copyOf(kept), rows.size() >= EXPORT_MAX ? "truncated" : null);
                }
                f = new AuditQuery.Filter(f.from(), f.to(), f.user(), f.directory(), f.municipality(), f.client(), f.type(), f.outcome(),
                        f.sourceIp(), f.limit(), page.nextCursor());
            }
        }).compose(all -> {
            Map<String, Object> details = asked(first);
            details.put("format", format);
            details.put("records", all.rows().size());
            return web.audited(rc, "MONITOR_AUDIT_EXPORTED", AuditEvent.Outcome.SUCCESS, "audit", null, details).map(all);
        }).onSuccess(all -> {
            String name = "audits-" + DateTimeFormatter.ofPattern("yyyyMMdd-HHmmss").withZone(RIGA).format(Instant.now()) + "." + format;
            String body = "csv".equals(format) ? AuditQuery.csv(all.rows()) : AuditQuery.json(new AuditQuery.Page(all.rows(), null));
            rc.response().putHeader("Content-Type", "csv".equals(format) ? "text/csv; charset=utf-8" : "application/json; charset=utf-8")
                    .putHeader("Content-Disposition", "attachment; filename=\"" + name + "\"").putHeader("Cache-Control", "no-store")
                    .putHeader("X-Export-Truncated", String.valueOf(all.nextCursor() != null)).end(body);
        }).onFailure(e -> web.error(rc, 503, web.texts(rc).get("error.unavailable")));
    }

    private void verify(RoutingContext rc) {
        Texts t = web.texts(rc);
        WebSession session = Web.session(rc);
        String form = "<form class=\"filters\" method=\"get\" action=\"/audit/verify\">" + field(t, rc, "from", "datetime-local")
                + field(t, rc, "to", "datetime-local") + "<button id=\"verify\">" + Html.text(t.get("verify.submit")) + "</button></form>";
        Instant from;
        Instant to;
        try {
            from = time(rc, "from");
            to = time(rc, "to");
        } catch (BadInput e) {
            web.error(rc, 400, e.getMessage());
            return;
        }
        if (from == null && to == null) {
            Web.html(rc, 200, Html.page(t, t.get("verify.title"), session, form));
            return;
        }
        if (checkpointKey == null) {
            web.error(rc, 503, "Nav audita kontrolpunktu atslēgas (MONITOR_AUDIT_PUBLIC_KEY) / No audit checkpoint key (MONITOR_AUDIT_PUBLIC_KEY)");
            return;
        }
        Instant start = from == null ? Instant.EPOCH : from;
        Instant end = to == null ? Instant.now() : to;
        if (!start.isBefore(end)) {
            web.error(rc, 400, "Sākumam jābūt pirms beigām / The start must be before the end");
            return;
        }
        web.auditLog(c -> AuditDatabase.verify(c, checkpointKey, start, end)).compose(check -> {
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("from", start.toString());
            details.put("to", end.toString());
            details.put("records", check.records());
            details.put("result", check.breaks().isEmpty() ? "INTACT" : "BROKEN");
            if (!check.breaks().isEmpty()) {
                details.put("firstBreak", check.breaks().get(0).toString());
            }
            return web.audited(rc, "MONITOR_AUDIT_VERIFIED", AuditEvent.Outcome.SUCCESS, "audit", null, details).map(check);
        }).onSuccess(check -> {
            String result;
            if (check.breaks().isEmpty()) {
                result = "<p id=\"result\" class=\"INTACT\">" + Html.text(t.get("verify.intact", check.records())) + "</p>";
            } else {
                ChainVerifier.Break first = check.breaks().get(0);
                result = "<p id=\"result\" class=\"BROKEN\">" + Html.text(t.get("verify.broken", first.stream(), String.valueOf(first.seq()),
                        first.kind().name(), first.detail())) + "</p>";
            }
            Web.html(rc, 200, Html.page(t, t.get("verify.title"), session, form + result));
        }).onFailure(e -> web.error(rc, 503, t.get("error.unavailable")));
    }

    private String form(Texts t, RoutingContext rc) {
        StringBuilder out = new StringBuilder("<form class=\"filters\" method=\"get\" action=\"/audit\" id=\"search\">");
        out.append(field(t, rc, "from", "datetime-local")).append(field(t, rc, "to", "datetime-local"));
        for (String name : List.of("user", "directory", "municipality", "client", "type", "outcome", "source")) {
            out.append(field(t, rc, name, "text"));
        }
        out.append("<button id=\"search-submit\">").append(Html.text(t.get("search.submit"))).append("</button></form>");
        return out.toString();
    }

    private static String field(Texts t, RoutingContext rc, String name, String type) {
        return "<label>" + Html.text(t.get("field." + (name.equals("source") ? "source" : name))) + "<input type=\"" + type + "\" name=\"" + name
                + "\" id=\"" + name + "\" maxlength=\"256\" value=\"" + Html.text(param(rc, name)) + "\"></label>";
    }

    private String table(Texts t, AuditQuery.Page page, RoutingContext rc) {
        if (page.rows().isEmpty()) {
            return "<p id=\"none\">" + Html.text(t.get("search.none")) + "</p>";
        }
        StringBuilder out = new StringBuilder();
        String query = rc.request().query() == null ? "" : rc.request().query().replaceAll("(^|&)cursor=[^&]*", "");
        out.append("<p><a id=\"export-csv\" href=\"/audit/export?format=csv&").append(Html.text(query)).append("\">")
                .append(Html.text(t.get("search.export.csv"))).append("</a> · <a id=\"export-json\" href=\"/audit/export?format=json&")
                .append(Html.text(query)).append("\">").append(Html.text(t.get("search.export.json"))).append("</a></p>");
        out.append("<table id=\"records\"><tr>");
        for (String col : List.of("time", "type", "outcome", "user", "directory", "municipality", "client", "source")) {
            out.append("<th>").append(Html.text(t.get("col." + col))).append("</th>");
        }
        out.append("</tr>");
        for (AuditQuery.Row row : page.rows()) {
            AuditEvent e = row.event();
            String user = e.actor().username();
            out.append("<tr><td>").append(SHOWN.format(e.time())).append("</td><td>").append(Html.text(e.type())).append("</td><td class=\"")
                    .append(e.outcome()).append("\">").append(e.outcome()).append("</td><td>")
                    .append(user == null ? "" : "<a href=\"/audit/person?user=" + Html.text(java.net.URLEncoder.encode(user, java.nio.charset.StandardCharsets.UTF_8))
                            + "\">" + Html.text(user) + "</a>")
                    .append("</td><td>").append(Html.text(e.actor().homeDirectory())).append("</td><td>").append(Html.text(e.actor().municipality()))
                    .append("</td><td>").append(Html.text(e.client())).append("</td><td>").append(Html.text(e.sourceIp())).append("</td></tr>");
        }
        out.append("</table>");
        if (page.nextCursor() != null) {
            out.append("<p><a id=\"next\" href=\"?").append(Html.text(query)).append("&cursor=")
                    .append(Html.text(java.net.URLEncoder.encode(page.nextCursor(), java.nio.charset.StandardCharsets.UTF_8))).append("\">")
                    .append(Html.text(t.get("search.next"))).append("</a></p>");
        }
        return out.toString();
    }

    private void dashboard(RoutingContext rc) {
        Texts t = web.texts(rc);
        WebSession session = Web.session(rc);
        String scope = session.officer().scope();
        Instant to = Instant.now().truncatedTo(ChronoUnit.HOURS).plus(Duration.ofHours(1));
        Instant from = to.minus(Duration.ofHours(24));
        Future<List<DashboardQueries.SignIns>> signIns = web.auditLog(c -> DashboardQueries.signInsPerHour(c, from, to, scope));
        Future<List<DashboardQueries.Source>> sources = web.auditLog(c -> DashboardQueries.topFailingSources(c, from, to, scope, 10));
        Future<List<Alert>> alerts = web.monitor(c -> AlertStore.list(c, scope, 10));
        Future.all(signIns, sources, alerts).compose(all -> web.audited(rc, "MONITOR_DASHBOARD_VIEWED", AuditEvent.Outcome.SUCCESS, "dashboard",
                null, Map.of()).map(all)).onSuccess(all -> {
            StringBuilder body = new StringBuilder("<h2>").append(Html.text(t.get("dashboard.signins"))).append("</h2>")
                    .append(Charts.signIns(t, signIns.result(), from)).append("<h2>").append(Html.text(t.get("dashboard.sources"))).append("</h2>")
                    .append(Charts.sources(t, sources.result())).append("<h2>").append(Html.text(t.get("dashboard.open"))).append("</h2>")
                    .append(alertTable(t, alerts.result().stream().filter(a -> a.state() != Alert.State.CLOSED).toList(), null));
            Web.html(rc, 200, Html.page(t, t.get("nav.dashboard"), session, body.toString()));
        }).onFailure(e -> web.error(rc, 503, t.get("error.unavailable")));
    }

    private void alerts(RoutingContext rc) {
        Texts t = web.texts(rc);
        WebSession session = Web.session(rc);
        web.monitor(c -> AlertStore.list(c, session.officer().scope(), 200)).compose(list -> web.audited(rc, "MONITOR_ALERTS_VIEWED",
                AuditEvent.Outcome.SUCCESS, "alert", null, Map.of("shown", list.size())).map(list))
                .onSuccess(list -> Web.html(rc, 200, Html.page(t, t.get("alerts.title"), session, alertTable(t, list, session))))
                .onFailure(e -> web.error(rc, 503, t.get("error.unavailable")));
    }

    private static String alertTable(Texts t, List<Alert> alerts, WebSession forms) {
        if (alerts.isEmpty()) {
            return "<p>" + Html.text(t.get("alerts.none")) + "</p>";
        }
        StringBuilder out = new StringBuilder("<table id=\"alerts\"><tr>");
        for (String col : List.of("raised", "level", "title", "municipality", "state")) {
            out.append("<th>").append(Html.text(t.get("col." + col))).append("</th>");
        }
        out.append(forms == null ? "" : "<th></th>").append("</tr>");
        for (Alert a : alerts) {
            out.append("<tr data-alert=\"").append(a.id()).append("\"><td>").append(SHOWN.format(a.raisedAt())).append("</td><td>")
                    .append(Html.text(a.level())).append("</td><td>").append(Html.text(a.title())).append(' ').append(Html.text(a.group().toString()))
                    .append("</td><td>").append(Html.text(a.municipality())).append("</td><td class=\"state\">").append(a.state())
                    .append(a.note() == null ? "" : ": " + Html.text(a.note())).append("</td>");
            if (forms != null) {
                out.append("<td>");
                if (a.state() == Alert.State.OPEN) {
                    out.append("<form method=\"post\" action=\"/alerts/").append(a.id()).append("/acknowledge\">").append(Html.csrf(forms))
                            .append("<button>").append(Html.text(t.get("alerts.acknowledge"))).append("</button></form>");
                }
                if (a.state() != Alert.State.CLOSED) {
                    out.append("<form method=\"post\" action=\"/alerts/").append(a.id()).append("/close\">").append(Html.csrf(forms))
                            .append("<input name=\"note\" maxlength=\"").append(Alert.MAX_NOTE).append("\" required placeholder=\"")
                            .append(Html.text(t.get("alerts.note"))).append("\"><button>").append(Html.text(t.get("alerts.close")))
                            .append("</button></form>");
                }
                out.append("</td>");
            }
            out.append("</tr>");
        }
        return out.append("</table>").toString();
    }

    /** Acknowledges or closes an alert the officer may see; the change and its audit record, then back to the list. */
    private void changeAlert(RoutingContext rc, boolean close) {
        Texts t = web.texts(rc);
        WebSession session = Web.session(rc);
        if (!Web.csrfOk(rc)) {
            web.error(rc, 403, t.get("error.csrf"));
            return;
        }
        UUID id;
        try {
            id = UUID.fromString(rc.pathParam("id"));
        } catch (IllegalArgumentException e) {
            web.error(rc, 404, t.get("error.notfound"));
            return;
        }
        String note = rc.request().getFormAttribute("note");
        String type = close ? "MONITOR_ALERT_CLOSED" : "MONITOR_ALERT_ACKNOWLEDGED";
        web.monitor(c -> {
            c.setAutoCommit(false);
            try {
                Alert alert = AlertStore.lock(c, id).filter(a -> session.officer().scope() == null || session.officer().scope().equals(a.municipality()))
                        .orElse(null);
                if (alert == null) {
                    c.rollback();
                    return null;
                }
                Alert changed = close ? alert.close(session.officer().username(), Instant.now(), note)
                        : alert.acknowledge(session.officer().username(), Instant.now());
                // the record first: an alert handled without its audit record would be an action lost
                web.audited(rc, type, AuditEvent.Outcome.SUCCESS, "alert", id.toString(), close ? Map.of("note", changed.note()) : Map.of())
                        .toCompletionStage().toCompletableFuture().get(10, java.util.concurrent.TimeUnit.SECONDS);
                AlertStore.save(c, changed);
                c.commit();
                return changed;
            } catch (Exception e) {
                c.rollback();
                throw e;
            }
        }).onSuccess(changed -> {
            if (changed == null) {
                web.error(rc, 404, t.get("error.notfound"));
            } else {
                rc.redirect("/alerts");
            }
        }).onFailure(e -> web.error(rc, e instanceof IllegalArgumentException || e instanceof IllegalStateException ? 400 : 503,
                e instanceof IllegalArgumentException || e instanceof IllegalStateException
                        ? "Nevar mainīt brīdinājumu / The alert cannot be changed: " + e.getMessage() : t.get("error.unavailable")));
    }
}
