package lv.pasvaldibas.monitor.web;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.Cookie;
import io.vertx.core.http.CookieSameSite;
import io.vertx.ext.web.RoutingContext;
import java.sql.Connection;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.monitor.postgres.SignInStore;
import lv.pasvaldibas.monitor.postgres.Watcher;
import lv.pasvaldibas.monitor.signin.SessionTokens;
import lv.pasvaldibas.monitor.signin.WebSession;
import lv.pasvaldibas.monitor.vertx.MonitorAudit;

/**
 * What the pages share: the databases on worker threads (JDBC blocks), the session behind a cookie,
 * the language, and the audit record every page action waits for before it answers.
 */
final class Web {

    static final String SESSION_COOKIE = "monitor_session";
    private static final String LANGUAGE_COOKIE = "monitor_lang";
    private static final String SESSION = "session";

    final Vertx vertx;
    final Watcher.Connections monitorDb;
    final Watcher.Connections auditDb;
    final MonitorAudit audit;
    private final boolean secureCookies;
    private final Duration sessionIdle;

    Web(Vertx vertx, Watcher.Connections monitorDb, Watcher.Connections auditDb, MonitorAudit audit, boolean secureCookies, Duration sessionIdle) {
        this.vertx = vertx;
        this.monitorDb = monitorDb;
        this.auditDb = auditDb;
        this.audit = audit;
        this.secureCookies = secureCookies;
        this.sessionIdle = sessionIdle;
    }

    interface Work<T> {
        T on(Connection c) throws Exception;
    }

    <T> Future<T> monitor(Work<T> work) {
        return on(monitorDb, work);
    }

    <T> Future<T> auditLog(Work<T> work) {
        return on(auditDb, work);
    }

    private <T> Future<T> on(Watcher.Connections db, Work<T> work) {
        return vertx.executeBlocking(() -> {
            try (Connection c = db.open()) {
                return work.on(c);
            }
        }, false);
    }

    /** The officer's action in the audit log; the future completes when the record is durable. */
    Future<Void> audited(RoutingContext rc, String type, AuditEvent.Outcome outcome, String targetType, String targetId, Map<String, Object> details) {
        WebSession s = session(rc);
        CompletableFuture<Void> written = audit.action(type, outcome, s == null ? null : s.officer(), sourceIp(rc), targetType, targetId, details);
        return Future.fromCompletionStage(written, vertx.getOrCreateContext());
    }

    static String sourceIp(RoutingContext rc) {
        return rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().host();
    }

    /** Lets the request on only with a live session; a page asks for sign-in, anything else is told 401. */
    void requireSession(RoutingContext rc) {
        Cookie cookie = rc.request().getCookie(SESSION_COOKIE);
        if (cookie == null || cookie.getValue().length() > 100) {
            noSession(rc);
            return;
        }
        byte[] hash = SessionTokens.digest(cookie.getValue());
        monitor(c -> SignInStore.session(c, hash, Instant.now(), sessionIdle)).onComplete(found -> {
            if (found.failed()) {
                rc.fail(503, found.cause());
            } else if (found.result().isEmpty()) {
                noSession(rc);
            } else {
                rc.put(SESSION, found.result().get());
                rc.next();
            }
        });
    }

    private static void noSession(RoutingContext rc) {
        if ("GET".equals(rc.request().method().name())) {
            rc.redirect("/login");
        } else {
            rc.response().setStatusCode(401).end();
        }
    }

    static WebSession session(RoutingContext rc) {
        return rc.get(SESSION);
    }

    /** The page's language: asked for now ({@code ?lang=}, then remembered), remembered, or the browser's; Latvian otherwise. */
    Texts texts(RoutingContext rc) {
        String asked = rc.request().getParam("lang");
        if ("lv".equals(asked) || "en".equals(asked)) {
            rc.response().addCookie(cookie(LANGUAGE_COOKIE, asked, Duration.ofDays(365)));
            return new Texts(asked);
        }
        Cookie remembered = rc.request().getCookie(LANGUAGE_COOKIE);
        if (remembered != null) {
            return new Texts(remembered.getValue());
        }
        String accept = rc.request().getHeader("Accept-Language");
        return new Texts(accept != null && accept.toLowerCase().startsWith("en") ? "en" : "lv");
    }

    Cookie cookie(String name, String value, Duration maxAge) {
        return Cookie.cookie(name, value).setPath("/").setHttpOnly(true).setSecure(secureCookies).setSameSite(CookieSameSite.LAX)
                .setMaxAge(maxAge.toSeconds());
    }

    static void html(RoutingContext rc, int status, String page) {
        rc.response().setStatusCode(status).putHeader("Content-Type", "text/html; charset=utf-8")
                .putHeader("Content-Security-Policy", "default-src 'none'; style-src 'unsafe-inline'; img-src 'self' data:; frame-ancestors 'none'")
                .putHeader("X-Content-Type-Options", "nosniff").putHeader("Cache-Control", "no-store").end(page);
    }

    /** A page that says what went wrong, in the officer's language. */
    void error(RoutingContext rc, int status, String message) {
        Texts t = texts(rc);
        html(rc, status, Html.page(t, t.get("error.title"), session(rc), "<p class=\"error\" id=\"error\">" + Html.text(message) + "</p>"));
    }

    /** A form must carry its session's token: a page elsewhere cannot act in the officer's name. */
    static boolean csrfOk(RoutingContext rc) {
        WebSession s = session(rc);
        String sent = rc.request().getFormAttribute("csrf");
        return s != null && sent != null && java.security.MessageDigest.isEqual(sent.getBytes(java.nio.charset.StandardCharsets.US_ASCII),
                s.csrf().getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    }
}
