package lv.pasvaldibas.monitor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
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
import lv.pasvaldibas.monitor.alert.Alert;
import lv.pasvaldibas.monitor.rule.RuleSet;
import lv.pasvaldibas.testsupport.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The audit log read as a stream on real PostgreSQL, written by the real audit writer: each record is
 * handled once across restarts (an open alert takes a repeated attack instead of a second alert), and
 * an attack split by a restart is still seen whole.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class WatcherIT {

    private static final RuleSet RULES = RuleSet.load(Path.of("src/main/resources/rules"));
    private static Postgres pg;
    private static Postgres.Database audit;
    private static Postgres.Database monitor;
    private static AuditWriter writer;
    private static Instant now = Instant.parse("2026-11-24T09:00:00Z");

    @BeforeAll
    static void databases() throws Exception {
        pg = Postgres.start();
        audit = pg.createDatabase("audit", "audit_owner", "owner-pw");
        pg.execute("ALTER ROLE audit_owner CREATEROLE");
        AuditSchema.migrate(audit.jdbcUrl(), audit.user(), audit.password());
        monitor = pg.createDatabase("monitor", "monitor", "monitor-pw");
        AlertStore.migrate(monitor.jdbcUrl(), monitor.user(), monitor.password());
        writer = AuditWriter.builder("keycloak/kc-1", () -> DriverManager.getConnection(audit.jdbcUrl(), audit.user(), audit.password()))
                .spool(Files.createTempDirectory("monitor-it-spool")).start();
    }

    @AfterAll
    static void stop() {
        if (writer != null) {
            writer.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static Watcher watcher() {
        return new Watcher(RULES, () -> DriverManager.getConnection(audit.jdbcUrl(), audit.user(), audit.password()),
                () -> DriverManager.getConnection(monitor.jdbcUrl(), monitor.user(), monitor.password()), Clock.systemUTC(), new Raising(List.of("mail", "webhook"), alerts -> { }));
    }

    /** Wrong passwords for {@code user}, a second apart, durable when this returns. */
    private static void wrongPasswords(String user, int count) throws Exception {
        List<CompletableFuture<Void>> written = new ArrayList<>();
        for (int i = 0; i < count; i++) {
            now = now.plusSeconds(1);
            written.add(writer.write(new AuditEvent(now, "LOGIN_ERROR", AuditEvent.Outcome.FAILURE,
                    new AuditEvent.Actor(null, user, "talsi", "talsi"), "vpvkac-app", "198.51.100.23", null, "user", null,
                    Map.of("realm", "pasvaldibas", "error", "invalid_user_credentials"))));
        }
        for (CompletableFuture<Void> w : written) {
            w.get(30, TimeUnit.SECONDS);
        }
    }

    private static long count(String sql) throws Exception {
        try (Connection c = DriverManager.getConnection(monitor.jdbcUrl(), monitor.user(), monitor.password());
             Statement s = c.createStatement(); ResultSet rs = s.executeQuery(sql)) {
            rs.next();
            return rs.getLong(1);
        }
    }

    @Test
    @Order(1)
    void eachRecordIsHandledOnceAcrossRestartsAndAnAttackSplitByARestartIsSeenWhole() throws Exception {
        wrongPasswords("anna.bērziņa@talsi.lv", 12);
        List<Alert> first = watcher().pass().raised();
        assertThat(first).singleElement().satisfies(a -> {
            assertThat(a.title()).isEqualTo("Brute force against one account");
            assertThat(a.group()).containsEntry("actor.username", "anna.bērziņa@talsi.lv");
            assertThat(a.municipality()).isEqualTo("talsi");
        });
        assertThat(count("SELECT count(*) FROM alert_delivery")).isEqualTo(2);

        // a restart: nothing is read twice, and the same attack going on adds to the open alert
        Watcher restarted = watcher();
        assertThat(restarted.pass().raised()).isEmpty();
        wrongPasswords("anna.bērziņa@talsi.lv", 10);
        assertThat(restarted.pass().raised()).isEmpty();
        assertThat(count("SELECT count(*) FROM alert")).isEqualTo(1);
        assertThat(count("SELECT findings FROM alert")).isEqualTo(2);

        // six failures, a restart, four more: ten within five minutes, seen by the restarted watcher
        wrongPasswords("jānis.kalniņš@talsi.lv", 6);
        assertThat(watcher().pass().raised()).isEmpty();
        Watcher again = watcher();
        wrongPasswords("jānis.kalniņš@talsi.lv", 4);
        assertThat(again.pass().raised()).singleElement().satisfies(a -> assertThat(a.group()).containsEntry("actor.username", "jānis.kalniņš@talsi.lv"));
        assertThat(count("SELECT count(*) FROM stream_position")).isEqualTo(1);
        assertThat(count("SELECT seq FROM stream_position")).isEqualTo(32);
    }

    private static void signIn(String user) throws Exception {
        writer.write(new AuditEvent(now, "LOGIN", AuditEvent.Outcome.SUCCESS, new AuditEvent.Actor(null, user, "kuldiga", "kuldiga"),
                "vpvkac-app", "198.51.100.40", null, "user", null, Map.of("realm", "pasvaldibas"))).get(30, TimeUnit.SECONDS);
    }

    @Test
    @Order(2)
    void aSignInToAnAccountUnusedForNinetyDaysRaisesOneAlertAcrossARestart() throws Exception {
        long before = count("SELECT count(*) FROM alert WHERE rule_id = 'stale-account-sign-in'");
        signIn("līga.ozola@kuldiga.lv");
        assertThat(watcher().pass().raised()).isEmpty(); // the first sign-in the monitor sees: nothing to compare with
        now = now.plus(Duration.ofDays(89));
        signIn("līga.ozola@kuldiga.lv");
        assertThat(watcher().pass().raised()).isEmpty();
        now = now.plus(Duration.ofDays(91)); // a new watcher each time: the last sign-in is kept in the database
        signIn("līga.ozola@kuldiga.lv");
        assertThat(watcher().pass().raised()).singleElement().satisfies(a -> {
            assertThat(a.ruleId()).isEqualTo("stale-account-sign-in");
            assertThat(a.group()).containsEntry("actor.username", "līga.ozola@kuldiga.lv");
            assertThat(a.municipality()).isEqualTo("kuldiga");
        });
        now = now.plus(Duration.ofDays(1));
        signIn("līga.ozola@kuldiga.lv");
        assertThat(watcher().pass().raised()).isEmpty();
        assertThat(count("SELECT count(*) FROM alert WHERE rule_id = 'stale-account-sign-in'")).isEqualTo(before + 1);
    }
}
