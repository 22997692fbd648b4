package lv.pasvaldibas.provisioning.vertx;

import io.vertx.core.Vertx;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Duration;
import java.util.Properties;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.audit.CheckpointKeys;
import lv.pasvaldibas.provisioning.audit.ProvisioningAudit;
import lv.pasvaldibas.provisioning.postgres.ProvisioningSchema;

/**
 * Starts the provisioning daemon: waits for its database (up to {@code PROVISIONING_DB_WAIT_SECONDS},
 * saying so), brings the schema up to date, opens the audit writer, then serves. Every failure to
 * start names its reason and ends the process with status 1.
 */
public final class Main {

    private static final System.Logger LOG = System.getLogger(Main.class.getName());

    private Main() {
    }

    public static void main(String[] args) {
        try {
            run();
        } catch (Exception e) {
            System.err.println("The provisioning daemon could not start: " + e.getMessage());
            LOG.log(System.Logger.Level.ERROR, "Start failed", e);
            System.exit(1);
        }
    }

    private static void run() throws Exception {
        ProvisioningSettings settings = ProvisioningSettings.fromEnvironment();
        String jdbc = "jdbc:" + settings.database();
        migrateWhenReachable(settings, jdbc);
        if (settings.demoSeed() != null) {
            ProvisioningSchema.seed(jdbc, settings.databaseUser(), settings.databasePassword(), settings.demoSeed());
        }
        ProvisioningAudit audit = new ProvisioningAudit(auditWriter(settings), settings.node());
        Vertx vertx = Vertx.vertx();
        Runtime.getRuntime().addShutdownHook(new Thread(() -> {
            vertx.close().toCompletionStage().toCompletableFuture().orTimeout(20, TimeUnit.SECONDS).exceptionally(e -> null).join();
            audit.close();
        }, "provisioning-shutdown"));
        vertx.deployVerticle(new ProvisioningVerticle(settings, audit)).await(60, TimeUnit.SECONDS);
        LOG.log(System.Logger.Level.INFO, "Provisioning daemon " + settings.node() + " serving on http://" + settings.host() + ":" + settings.port());
    }

    private static void migrateWhenReachable(ProvisioningSettings settings, String jdbc) throws InterruptedException {
        long waitSeconds = Long.parseLong(System.getenv().getOrDefault("PROVISIONING_DB_WAIT_SECONDS", "120"));
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(waitSeconds);
        while (true) {
            try {
                ProvisioningSchema.migrate(jdbc, settings.databaseUser(), settings.databasePassword());
                return;
            } catch (RuntimeException e) {
                if (System.nanoTime() > deadline) {
                    throw new IllegalStateException("its database " + settings.database() + " did not answer within " + waitSeconds + " s: "
                            + rootMessage(e), e);
                }
                LOG.log(System.Logger.Level.WARNING, "Waiting for the database " + settings.database() + ": " + rootMessage(e));
                Thread.sleep(Duration.ofSeconds(2).toMillis());
            }
        }
    }

    private static AuditWriter auditWriter(ProvisioningSettings settings) throws Exception {
        Properties login = new Properties();
        login.setProperty("user", settings.auditUser());
        login.setProperty("password", settings.auditPassword());
        login.setProperty("connectTimeout", "5");
        login.setProperty("socketTimeout", "30");
        login.setProperty("ApplicationName", "provisioning-audit");
        String url = settings.auditJdbcUrl();
        AuditWriter.Builder builder = AuditWriter.builder("provisioning/" + settings.node(), () -> connect(url, login))
                .spool(settings.auditSpool());
        if (settings.auditCheckpointKey() == null) {
            LOG.log(System.Logger.Level.WARNING, "No audit checkpoint key (PROVISIONING_AUDIT_CHECKPOINT_KEY): "
                    + "removal of the newest audit records would not be detectable");
        } else {
            builder.checkpoints(CheckpointKeys.readPrivate(settings.auditCheckpointKey()), Duration.ofMinutes(1));
        }
        return builder.start();
    }

    private static Connection connect(String url, Properties login) throws java.sql.SQLException {
        return DriverManager.getConnection(url, login);
    }

    private static String rootMessage(Throwable e) {
        Throwable root = e;
        while (root.getCause() != null) {
            root = root.getCause();
        }
        return root.getMessage();
    }
}
