package lv.pasvaldibas.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.AuditSchema;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.audit.CheckpointKeys;
import lv.pasvaldibas.testsupport.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The monitor as a process (its jar) on real PostgreSQL, with records written by the real audit
 * writer, alerts delivered to a real SMTP server (GreenMail) and to a webhook that checks the
 * signature (issue 14, acceptance 3 without Keycloak in front): each attack raises exactly one alert,
 * delivered both ways within 5 s; the same events again inside the suppression window raise none; an
 * alert raised while the mail server is down arrives when it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorServiceIT {

    private static Postgres pg;
    private static Postgres.Database audit;
    private static AuditWriter writer;
    private static AlertCatchers catchers;

    @BeforeAll
    static void platform() throws Exception {
        pg = Postgres.start();
        audit = pg.createDatabase("audit", "audit_owner", "owner-pw");
        pg.execute("ALTER ROLE audit_owner CREATEROLE");
        AuditSchema.migrate(audit.jdbcUrl(), audit.user(), audit.password());
        // as bin/platform does: the monitor's login reads the log and writes only its own monitor/ streams
        pg.execute("CREATE ROLE monitor_reader LOGIN PASSWORD 'reader-pw' IN ROLE audit_reader, audit_writer");
        AuditSchema.allowStreams(audit.jdbcUrl(), audit.user(), audit.password(), "monitor_reader", List.of("monitor/"));
        Postgres.Database state = pg.createDatabase("monitor", "monitor", "monitor-pw");
        Path keys = Files.createTempDirectory("monitor-service-keys");
        CheckpointKeys.generate(keys);
        writer = AuditWriter.builder("keycloak/kc-1", () -> DriverManager.getConnection(audit.jdbcUrl(), audit.user(), audit.password()))
                .spool(Files.createTempDirectory("monitor-service-spool"))
                .checkpoints(CheckpointKeys.readPrivate(keys.resolve(CheckpointKeys.PRIVATE_FILE)), Duration.ofMillis(500)).start();
        catchers = new AlertCatchers();
        catchers.startMonitor(Path.of("target", "it-work", "monitor-service"), new String[] {state.jdbcUrl(), state.user(), state.password()},
                new String[] {audit.jdbcUrl(), "monitor_reader", "reader-pw"},
                Map.of("MONITOR_AUDIT_PUBLIC_KEY", keys.resolve(CheckpointKeys.PUBLIC_FILE).toString(), "MONITOR_VERIFY_SECONDS", "2"));
    }

    @AfterAll
    static void stop() {
        if (catchers != null) {
            catchers.close();
        }
        if (writer != null) {
            writer.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static long monitorRecords(String type) throws Exception {
        try (Connection c = DriverManager.getConnection(audit.jdbcUrl(), audit.user(), audit.password());
             java.sql.PreparedStatement q = c.prepareStatement("SELECT count(*) FROM audit_record WHERE stream = 'monitor/monitor-1' AND type = ?")) {
            q.setString(1, type);
            try (java.sql.ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getLong(1);
            }
        }
    }

    private static void write(List<AuditEvent> events) throws Exception {
        List<CompletableFuture<Void>> written = new ArrayList<>();
        events.forEach(e -> written.add(writer.write(e)));
        for (CompletableFuture<Void> w : written) {
            w.get(30, TimeUnit.SECONDS);
        }
    }

    private static AuditEvent refused(Instant at, String user, String directory, String ip, String error) {
        return new AuditEvent(at, "LOGIN_ERROR", error.equals("user_disabled") ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.FAILURE,
                new AuditEvent.Actor(null, user, directory, directory), "vpvkac-app", ip, null, "user", null,
                Map.of("realm", "pasvaldibas", "error", error));
    }

    @Test
    @Order(1)
    void twentyWrongPasswordsOnOneAccountRaiseOneAlertByMailAndWebhookWithinFiveSeconds() throws Exception {
        Instant t = Instant.now();
        List<AuditEvent> attack = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attack.add(refused(t.plusMillis(i * 100L), "anna.bērziņa@talsi.lv", "talsi", "198.51.100.23",
                    i < 10 ? "invalid_user_credentials" : "user_temporarily_disabled"));
        }
        write(attack);
        Duration byMail = AlertCatchers.await(catchers::mails, 1);
        Duration byHook = AlertCatchers.await(catchers.hookBodies::size, 1);
        assertThat(byMail).isLessThan(Duration.ofSeconds(5));
        assertThat(byHook).isLessThan(Duration.ofSeconds(5));
        assertThat(catchers.subjects().get(0)).contains("Brute force against one account", "anna.bērziņa@talsi.lv");
        assertThat(catchers.hookBodies.get(0)).contains("\"actor.username\":\"anna.bērziņa@talsi.lv\"", "\"municipality\":\"talsi\"");
        assertThat(catchers.badSignatures).isEmpty();
        // the monitor's own records: the alert raised (before it was committed) and both deliveries
        assertThat(monitorRecords("MONITOR_ALERT_RAISED")).isEqualTo(1);
        long deadline = System.nanoTime() + Duration.ofSeconds(10).toNanos();
        while (monitorRecords("MONITOR_ALERT_DELIVERED") < 2 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(monitorRecords("MONITOR_ALERT_DELIVERED")).isEqualTo(2);

        // the same attack again within the suppression window: no new alert
        write(attack.stream().map(e -> refused(e.time().plusSeconds(30), "anna.bērziņa@talsi.lv", "talsi", "198.51.100.23",
                String.valueOf(e.details().get("error")))).toList());
        Thread.sleep(3000);
        assertThat(catchers.mails()).isEqualTo(1);
        assertThat(catchers.hookBodies).hasSize(1);
    }

    @Test
    @Order(2)
    void onePasswordOnThirtyAccountsOfThreeDirectoriesRaisesOneAlertAndADisabledAccountOne() throws Exception {
        int mails = catchers.mails();
        Instant t = Instant.now();
        List<AuditEvent> spraying = new ArrayList<>();
        String[] names = {"ilze.ozoliņa", "māris.liepiņš", "zane.jansone", "ģirts.zariņš", "dace.zariņa", "ieva.ķeniņa", "kārlis.liepiņš",
            "gunta.ģērmane", "rihards.ūdris", "santa.skujiņa"};
        for (String directory : List.of("kuldiga", "talsi", "ventspils")) {
            for (String name : names) {
                spraying.add(refused(t.plusMillis(spraying.size() * 50L), name + "@" + directory + ".lv", directory, "203.0.113.77",
                        "invalid_user_credentials"));
            }
        }
        write(spraying);
        AlertCatchers.await(catchers::mails, mails + 1);
        assertThat(catchers.subjects().get(mails)).contains("Password spraying from one address", "203.0.113.77");

        write(List.of(refused(Instant.now(), "andris.kalniņš@kuldiga.lv", "kuldiga", "192.0.2.44", "user_disabled")));
        AlertCatchers.await(catchers::mails, mails + 2);
        assertThat(catchers.subjects().get(mails + 1)).contains("disabled", "andris.kalniņš@kuldiga.lv");
        Thread.sleep(1000);
        assertThat(catchers.mails()).isEqualTo(mails + 2);
    }

    @Test
    @Order(3)
    void anAlertRaisedWhileTheMailServerIsDownArrivesWhenItIsBack() throws Exception {
        catchers.smtp.stop();
        int hooksBefore = catchers.hookBodies.size();
        write(List.of(refused(Instant.now(), "laura.vītola@kuldiga.lv", "kuldiga", "192.0.2.45", "user_disabled")));
        AlertCatchers.await(catchers.hookBodies::size, hooksBefore + 1); // the webhook does not wait for the mail
        Thread.sleep(1500);
        catchers.startSmtp();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (catchers.mails() == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(catchers.subjects()).singleElement().asString().contains("laura.vītola@kuldiga.lv");
        assertThat(catchers.monitor.logTail(200)).contains("not delivered by mail");
    }

    @Test
    @Order(4)
    void aRecordChangedInTheAuditDatabaseIsNamedByTheIntegrityCheckAndRaisesAnAlert() throws Exception {
        Thread.sleep(2500);
        assertThat(catchers.health()).contains("\"integrity\":\"INTACT\"");
        int mails = catchers.mails();
        // as the database's owner, past its own guard: the kind of change the chain is there to show
        try (Connection owner = DriverManager.getConnection(audit.jdbcUrl(), audit.user(), audit.password()); Statement s = owner.createStatement()) {
            s.execute("ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only");
            assertThat(s.executeUpdate("UPDATE audit_record SET outcome = 'SUCCESS' WHERE stream = 'keycloak/kc-1' AND seq = 5")).isEqualTo(1);
            s.execute("ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only");
        }
        AlertCatchers.await(catchers::mails, mails + 1);
        assertThat(catchers.subjects().get(mails)).contains("[CRITICAL] Audit log chain broken", "stream=keycloak/kc-1", "seq=5");
        assertThat(catchers.health()).contains("keycloak/kc-1 #5: CHANGED");
        Thread.sleep(4500); // two more checks find the same break: no second alert
        assertThat(catchers.mails()).isEqualTo(mails + 1);
    }
}
