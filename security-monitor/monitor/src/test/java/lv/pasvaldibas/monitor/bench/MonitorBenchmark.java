package lv.pasvaldibas.monitor.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.Set;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.AuditSchema;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.monitor.detect.AuditFields;
import lv.pasvaldibas.monitor.detect.Detector;
import lv.pasvaldibas.monitor.postgres.AlertStore;
import lv.pasvaldibas.monitor.postgres.Raising;
import lv.pasvaldibas.monitor.postgres.Watcher;
import lv.pasvaldibas.monitor.rule.RuleSet;
import lv.pasvaldibas.testsupport.Postgres;

/**
 * Issue 14, acceptance 6 (docs/benchmarks.md), the parts that exist: (1) the detector alone with every
 * shipped rule, events per second (median of 5 repeats over {@code -Dbench.events}, 1,000,000, after a
 * warm-up); (2) end to end on real PostgreSQL: 4 audit writers write {@code -Dbench.written} (300,000)
 * sign-in records as fast as they can while the watcher reads them, with a brute-force attack (10
 * wrong passwords on a fresh account) every 250 ms: the watcher's rate against the writers', and the
 * detection latency from the tenth record's acknowledgement to its alert's commit, p50/p99; (3) the
 * anchor: one SQL query over the same records computing the same brute-force count (a 5-minute window
 * per account), its time beside the watcher's, and whether both find the same accounts. Run alone.
 */
public final class MonitorBenchmark {

    private static final int EVENTS = Integer.getInteger("bench.events", 1_000_000);
    private static final int WRITTEN = Integer.getInteger("bench.written", 300_000);
    private static final int WRITERS = 4;
    private static final RuleSet RULES = RuleSet.load(Path.of("src/main/resources/rules"));

    private MonitorBenchmark() {
    }

    public static void main(String[] args) throws Exception {
        int status = 0;
        try {
            detectorAlone();
            endToEnd();
        } catch (Exception | Error e) {
            e.printStackTrace();
            status = 1;
        }
        System.exit(status);
    }

    /** Sign-ins of 43 directories' people from many addresses: 85 % succeed, the rest fail in the ways Keycloak reports. */
    private static AuditEvent signIn(Random random, Instant at) {
        int directory = random.nextInt(43);
        String user = "lietotajs" + random.nextInt(10_000) + "@pasvaldiba" + directory + ".lv";
        String ip = "10." + random.nextInt(20) + "." + random.nextInt(250) + "." + random.nextInt(250);
        int roll = random.nextInt(100);
        String error = roll < 85 ? null : roll < 95 ? "invalid_user_credentials" : roll < 98 ? "user_not_found" : "user_disabled";
        return new AuditEvent(at, error == null ? "LOGIN" : "LOGIN_ERROR", error == null ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE,
                new AuditEvent.Actor(null, user, "pasvaldiba" + directory, "pasvaldiba" + directory), "vpvkac-app", ip, null, "user", null,
                error == null ? Map.of("realm", "pasvaldibas") : Map.of("realm", "pasvaldibas", "error", error));
    }

    private static void detectorAlone() {
        Random random = new Random(397);
        Instant t = Instant.parse("2026-11-24T07:00:00Z");
        List<AuditFields> events = new ArrayList<>(EVENTS);
        for (int i = 0; i < EVENTS; i++) {
            events.add(new AuditFields("keycloak/kc-1", i + 1L, signIn(random, t.plusNanos(50_000L * i))));
        }
        for (int warm = 0; warm < 2; warm++) {
            feed(events.subList(0, EVENTS / 4));
        }
        List<Double> rates = new ArrayList<>();
        long findings = 0;
        for (int repeat = 0; repeat < 5; repeat++) {
            long began = System.nanoTime();
            findings = feed(events);
            rates.add(EVENTS / ((System.nanoTime() - began) / 1e9));
        }
        Collections.sort(rates);
        System.out.printf("detector alone, %d rules (%d alerting), %,d events: %,.0f events/s median (%,.0f–%,.0f over 5 repeats), %d findings%n",
                RULES.byId().size(), RULES.correlations().size() + RULES.eventRules().stream().filter(r -> !RULES.silent(r)).count(), EVENTS,
                rates.get(2), rates.get(0), rates.get(4), findings);
    }

    private static long feed(List<AuditFields> events) {
        Detector detector = new Detector(RULES);
        long found = 0;
        for (AuditFields e : events) {
            found += detector.accept(e).size();
        }
        return found;
    }

    private static void endToEnd() throws Exception {
        try (Postgres pg = Postgres.start()) {
            Postgres.Database audit = pg.createDatabase("audit", "audit_owner", "owner-pw");
            pg.execute("ALTER ROLE audit_owner CREATEROLE");
            AuditSchema.migrate(audit.jdbcUrl(), audit.user(), audit.password());
            Postgres.Database monitor = pg.createDatabase("monitor", "monitor", "monitor-pw");
            AlertStore.migrate(monitor.jdbcUrl(), monitor.user(), monitor.password());
            Watcher.Connections auditConnections = () -> DriverManager.getConnection(audit.jdbcUrl(), audit.user(), audit.password());
            Watcher.Connections monitorConnections = () -> DriverManager.getConnection(monitor.jdbcUrl(), monitor.user(), monitor.password());
            Path spool = Files.createTempDirectory("monitor-bench-spool");
            List<AuditWriter> writers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                writers.add(AuditWriter.builder("keycloak/kc-" + (w + 1), auditConnections::open).spool(spool).start());
            }
            Watcher watcher = new Watcher(RULES, auditConnections, monitorConnections, Clock.systemUTC(), Raising.SILENT);
            AtomicBoolean writing = new AtomicBoolean(true);
            long[] watched = new long[1];
            Thread reader = Thread.ofPlatform().name("watcher").start(() -> {
                try {
                    while (true) {
                        int read = watcher.pass().read();
                        watched[0] += read;
                        if (read == 0 && !writing.get()) {
                            return;
                        }
                    }
                } catch (Exception e) {
                    throw new IllegalStateException(e);
                }
            });
            Map<String, Instant> attacked = new ConcurrentHashMap<>();
            Thread attacker = Thread.ofPlatform().name("attacker").start(() -> {
                int n = 0;
                while (writing.get()) {
                    String user = "uzbruktais" + n++ + "@pasvaldiba7.lv";
                    CompletableFuture<Void> tenth = null;
                    for (int i = 0; i < 10; i++) {
                        tenth = writers.get(n % WRITERS).write(new AuditEvent(Instant.now(), "LOGIN_ERROR", AuditEvent.Outcome.FAILURE,
                                new AuditEvent.Actor(null, user, "pasvaldiba7", "pasvaldiba7"), "vpvkac-app", "198.51.100." + (n % 250), null,
                                "user", null, Map.of("realm", "pasvaldibas", "error", "invalid_user_credentials")));
                    }
                    tenth.join();
                    attacked.put(user, Instant.now());
                    try {
                        Thread.sleep(250);
                    } catch (InterruptedException e) {
                        return;
                    }
                }
            });
            long began = System.nanoTime();
            List<Thread> producers = new ArrayList<>();
            for (int w = 0; w < WRITERS; w++) {
                AuditWriter writer = writers.get(w);
                int seed = w;
                producers.add(Thread.ofPlatform().start(() -> {
                    Random random = new Random(seed);
                    List<CompletableFuture<Void>> acks = new ArrayList<>();
                    for (int i = 0; i < WRITTEN / WRITERS; i++) {
                        acks.add(writer.write(signIn(random, Instant.now())));
                        if (acks.size() >= 2000) {
                            acks.forEach(CompletableFuture::join);
                            acks.clear();
                        }
                    }
                    acks.forEach(CompletableFuture::join);
                }));
            }
            for (Thread p : producers) {
                p.join();
            }
            double writeSeconds = (System.nanoTime() - began) / 1e9;
            long readWhenWritten = watched[0];
            writing.set(false);
            attacker.join();
            reader.join(TimeUnit.MINUTES.toMillis(10));
            double readSeconds = (System.nanoTime() - began) / 1e9;
            writers.forEach(AuditWriter::close);
            long total;
            try (Connection c = auditConnections.open(); Statement s = c.createStatement(); ResultSet rs = s.executeQuery("SELECT count(*) FROM audit_record")) {
                rs.next();
                total = rs.getLong(1);
            }
            System.out.printf("end to end: %,d records written by %d writers in %.1f s (%,.0f/s); the watcher had read %,d when the writing ended "
                    + "plus the rest, all %,d in %.1f s (%,.0f/s)%n", total, WRITERS, writeSeconds, total / writeSeconds, readWhenWritten, total, readSeconds,
                    total / readSeconds);
            List<Long> latencies = new ArrayList<>();
            Set<String> alerted = new HashSet<>();
            try (Connection c = monitorConnections.open(); Statement s = c.createStatement();
                 ResultSet rs = s.executeQuery("SELECT grp ->> 'actor.username', raised_at FROM alert WHERE rule_id = '0b6f6a0e-6d8f-4c39-8f39-4b7f2f0c1a02'")) {
                while (rs.next()) {
                    alerted.add(rs.getString(1));
                    Instant acknowledged = attacked.get(rs.getString(1));
                    if (acknowledged != null) {
                        latencies.add(Duration.between(acknowledged, rs.getTimestamp(2).toInstant()).toMillis());
                    }
                }
            }
            Collections.sort(latencies);
            System.out.printf("detection latency, tenth wrong password acknowledged to its alert raised: p50 %d ms, p99 %d ms, max %d ms "
                    + "(%d attacks, %d alerted)%n", percentile(latencies, 50), percentile(latencies, 99), latencies.get(latencies.size() - 1),
                    attacked.size(), latencies.size());
            anchor(auditConnections, alerted);
        }
    }

    /** The same brute-force count as one SQL query over the stored records: a 5-minute window per account. */
    private static void anchor(Watcher.Connections audit, Set<String> alerted) throws Exception {
        String sql = "SELECT DISTINCT actor_username FROM (SELECT actor_username, count(*) OVER (PARTITION BY actor_username ORDER BY time "
                + "RANGE BETWEEN interval '5 minutes' PRECEDING AND CURRENT ROW) AS in_window FROM audit_record WHERE type = 'LOGIN_ERROR' "
                + "AND (details::jsonb ->> 'error') IN ('invalid_user_credentials', 'user_temporarily_disabled')) w WHERE in_window >= 10";
        List<Double> seconds = new ArrayList<>();
        Set<String> found = new HashSet<>();
        for (int repeat = 0; repeat < 3; repeat++) {
            found.clear();
            long began = System.nanoTime();
            try (Connection c = audit.open(); PreparedStatement s = c.prepareStatement(sql); ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1));
                }
            }
            seconds.add((System.nanoTime() - began) / 1e9);
        }
        Collections.sort(seconds);
        System.out.printf("anchor: one SQL query for the same brute-force count over all records: %.2f s median of 3 (%.2f–%.2f); "
                + "it finds %d accounts, the monitor alerted %d, the same: %s%n", seconds.get(1), seconds.get(0), seconds.get(2), found.size(),
                alerted.size(), found.equals(alerted));
    }

    private static long percentile(List<Long> sorted, int p) {
        return sorted.get(Math.min(sorted.size() - 1, (int) Math.ceil(p / 100.0 * sorted.size()) - 1));
    }
}
