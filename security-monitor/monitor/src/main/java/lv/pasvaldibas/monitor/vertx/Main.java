package lv.pasvaldibas.monitor.vertx;

import io.vertx.core.Vertx;
import java.sql.DriverManager;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.monitor.postgres.AlertStore;
import lv.pasvaldibas.monitor.rule.RuleSet;

/**
 * Starts the security monitor: reads its rules (a rule that cannot be used stops it, naming the file),
 * brings its database's schema up to date, then watches the audit log. Every failure to start names
 * its reason and ends the process with status 1.
 */
public final class Main {

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        try {
            MonitorSettings settings = MonitorSettings.fromEnvironment(System.getenv());
            RuleSet rules = RuleSet.load(settings.rules());
            AlertStore.migrate(settings.databaseUrl(), settings.databaseUser(), settings.databasePassword());
            MonitorAudit audit = new MonitorAudit(AuditWriter.builder("monitor/" + settings.node(),
                    () -> DriverManager.getConnection(settings.auditUrl(), settings.auditUser(), settings.auditPassword()))
                    .spool(settings.auditSpool()).start(), settings.node());
            Vertx vertx = Vertx.vertx();
            Runtime.getRuntime().addShutdownHook(new Thread(() -> {
                vertx.close().toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
                audit.close();
            }, "monitor-shutdown"));
            vertx.deployVerticle(new MonitorVerticle(settings, rules, audit)).await(60, TimeUnit.SECONDS);
            LOG.log(System.Logger.Level.INFO, "Security monitor " + settings.node() + " with " + rules.byId().size() + " rules, serving on http://"
                    + settings.host() + ":" + settings.port() + "; alerts by " + settings.channels());
        } catch (Exception e) {
            System.err.println("The security monitor could not start: " + e.getMessage());
            LOG.log(System.Logger.Level.ERROR, "Start failed", e);
            System.exit(1);
        }
    }
}
