package lv.pasvaldibas.monitor.vertx;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import lv.pasvaldibas.audit.CheckpointKeys;
import lv.pasvaldibas.monitor.alert.Alert;
import io.vertx.ext.web.handler.BodyHandler;
import lv.pasvaldibas.monitor.postgres.IntegrityCheck;
import lv.pasvaldibas.monitor.postgres.SignInStore;
import lv.pasvaldibas.monitor.saml.ServiceProvider;
import lv.pasvaldibas.monitor.saml.ServiceProviderKeys;
import lv.pasvaldibas.monitor.web.WebPages;
import lv.pasvaldibas.monitor.postgres.Raising;
import lv.pasvaldibas.monitor.postgres.Watcher;
import lv.pasvaldibas.monitor.rule.RuleSet;

/**
 * The monitor's loop and its HTTP side: every {@code poll} a pass over the new audit records on a
 * worker thread (JDBC blocks), then the deliveries of what it raised, and at once another pass while
 * there was something to read; {@code /health}, {@code /metrics}, and the security officers' pages.
 * One pass at a time: a slow pass delays the next instead of overlapping it.
 */
public final class MonitorVerticle extends VerticleBase {

    private static final System.Logger LOG = System.getLogger(MonitorVerticle.class.getName());

    private final MonitorSettings settings;
    private final RuleSet rules;
    private final MonitorMetrics metrics = new MonitorMetrics();
    private Watcher watcher;
    private Deliveries deliveries;
    private boolean passing;
    private volatile Instant lastPass;
    private volatile String lastError;
    private IntegrityCheck integrity;
    private boolean verifying;
    /** What the last integrity check found: NOT_CHECKED, INTACT, BROKEN with the first break of each stream, or FAILED. */
    private volatile String integrityState = "NOT_CHECKED";

    private final MonitorAudit audit;

    MonitorVerticle(MonitorSettings settings, RuleSet rules, MonitorAudit audit) {
        this.settings = settings;
        this.rules = rules;
        this.audit = audit;
    }

    @Override
    public Future<?> start() {
        Watcher.Connections monitor = () -> DriverManager.getConnection(settings.databaseUrl(), settings.databaseUser(), settings.databasePassword());
        Watcher.Connections auditLog = () -> DriverManager.getConnection(settings.auditUrl(), settings.auditUser(), settings.auditPassword());
        Raising raising = new Raising(settings.channels(), audit::raised);
        watcher = new Watcher(rules, auditLog, monitor, Clock.systemUTC(), raising);
        deliveries = new Deliveries(vertx, settings, monitor, metrics, audit);
        vertx.setPeriodic(settings.poll().toMillis(), t -> pass());
        vertx.setPeriodic(2000, t -> deliveries.sendDue());
        PublicKey key = null;
        if (settings.checkpointKey() != null) {
            try {
                key = CheckpointKeys.readPublic(settings.checkpointKey());
            } catch (Exception e) {
                return Future.failedFuture(new IllegalStateException("MONITOR_AUDIT_PUBLIC_KEY " + settings.checkpointKey() + " is not readable: "
                        + e.getMessage(), e));
            }
            integrity = new IntegrityCheck(auditLog, monitor, key, Clock.systemUTC(), raising);
            vertx.setTimer(1000, t -> verify());
            vertx.setPeriodic(settings.verifyEvery().toMillis(), t -> verify());
        } else {
            LOG.log(System.Logger.Level.WARNING, "No MONITOR_AUDIT_PUBLIC_KEY: the audit log's integrity is not checked");
        }
        // states the audit log cannot show (directories, trusts), observed and written to it; a child: undeployed with this one
        FederationObserver.deploy(vertx, settings, audit);
        Router router = Router.router(vertx);
        router.get("/health").handler(rc -> vertx.executeBlocking(() -> {
            try (Connection c = monitor.open()) {
                return c.isValid(2);
            }
        }, false).onComplete(db -> {
            boolean up = db.succeeded() && db.result() && lastError == null;
            rc.response().setStatusCode(up ? 200 : 503).putHeader("Content-Type", "application/json")
                    .end(new JsonObject().put("status", up ? "UP" : "DOWN").put("database", db.succeeded() && db.result() ? "UP" : "DOWN")
                            .put("lastPass", lastPass == null ? null : lastPass.toString()).put("error", lastError)
                            .put("integrity", integrityState).put("audit", audit.databaseReachable() ? "UP" : "SPOOLING")
                            .put("rules", rules.byId().size()).put("node", settings.node()).encode());
        }));
        if (settings.signIn() != null) {
            try {
                pages(router, monitor, auditLog, key);
            } catch (Exception e) {
                return Future.failedFuture(new IllegalStateException("the SAML sign-in cannot be set up: " + e.getMessage(), e));
            }
        } else {
            LOG.log(System.Logger.Level.WARNING, "No MONITOR_SAML_IDP_METADATA_URL: the security officers' pages are off");
        }
        router.get("/metrics").handler(rc -> rc.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8").end(metrics.scrape()));
        return vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
                // a signed SAML response is a form field of several KiB
                .setMaxFormAttributeSize(ServiceProvider.MAX_MESSAGE_CHARS)).requestHandler(router).listen()
                .onSuccess(s -> pass());
    }

    /** The security officers' pages behind the SAML sign-in; forms and SAML posts up to 512 KiB. */
    private void pages(Router router, Watcher.Connections monitor, Watcher.Connections auditLog, PublicKey checkpointKey) throws Exception {
        MonitorSettings.SignIn signIn = settings.signIn();
        ServiceProvider sp = new ServiceProvider(new ServiceProvider.Settings(signIn.entityId(), settings.pageUrl() + "/saml/acs",
                settings.pageUrl() + "/saml/slo", ServiceProviderKeys.privateKey(signIn.key()), ServiceProviderKeys.certificate(signIn.certificate()),
                signIn.skew()));
        router.route().method(io.vertx.core.http.HttpMethod.POST).handler(BodyHandler.create().setBodyLimit(512 * 1024));
        WebPages.register(router, vertx, monitor, auditLog, audit, sp, signIn, settings.pageUrl().startsWith("https:"), checkpointKey);
        vertx.setPeriodic(60_000, t -> vertx.executeBlocking(() -> {
            try (Connection c = monitor.open()) {
                SignInStore.forgetExpired(c, Instant.now());
            }
            return null;
        }, false));
    }

    /** Verifies the whole audit log on a worker; one check at a time. */
    private void verify() {
        if (verifying) {
            return;
        }
        verifying = true;
        vertx.executeBlocking(() -> integrity.run(), false).onComplete(done -> {
            verifying = false;
            if (done.failed()) {
                integrityState = "FAILED";
                LOG.log(System.Logger.Level.WARNING, "The audit log could not be verified: " + done.cause().getMessage());
                return;
            }
            IntegrityCheck.Result checked = done.result();
            integrityState = checked.breaks().isEmpty() ? "INTACT" : "BROKEN: " + checked.breaks();
            for (Alert a : checked.raised()) {
                metrics.raised(a.ruleId());
                LOG.log(System.Logger.Level.ERROR, "Alert " + a.id() + ": " + a.title() + " " + a.group());
            }
            if (!checked.raised().isEmpty()) {
                deliveries.sendDue();
            }
        });
    }

    private void pass() {
        if (passing) {
            return;
        }
        passing = true;
        long began = System.nanoTime();
        vertx.executeBlocking(() -> watcher.pass(), false).onComplete(done -> {
            passing = false;
            if (done.failed()) {
                lastError = String.valueOf(done.cause().getMessage());
                LOG.log(System.Logger.Level.WARNING, "Audit log not read: " + lastError);
                return;
            }
            lastError = null;
            lastPass = Instant.now();
            Watcher.Pass p = done.result();
            metrics.pass(Duration.ofNanos(System.nanoTime() - began), p.read());
            if (p.newest() != null) {
                metrics.lag(Duration.between(p.newest(), Instant.now()));
            }
            for (Alert a : p.raised()) {
                metrics.raised(a.ruleId());
                LOG.log(System.Logger.Level.INFO, "Alert " + a.id() + ": " + a.title() + " " + a.group());
            }
            if (!p.raised().isEmpty()) {
                deliveries.sendDue();
            }
            if (p.read() > 0) {
                // behind the log: the next pass now, not at the next tick (waiting for it idled the reader under load)
                vertx.runOnContext(v -> pass());
            }
        });
    }
}
