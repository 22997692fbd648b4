package lv.pasvaldibas.audit.bench;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Semaphore;
import lv.pasvaldibas.audit.AuditDatabase;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.AuditSchema;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.audit.CanonicalEncoding;
import lv.pasvaldibas.testsupport.Postgres;

/**
 * Audit log speed, beside its anchor in the same run (docs/benchmarks.md):
 * <ul>
 *   <li>sustained write rate: {@link AuditWriter} (hash chain, group commit, acknowledged only when
 *       committed) vs plain JDBC batch INSERTs of the same rows into an unchained table;</li>
 *   <li>verification: {@link AuditDatabase#verify} of every record vs a plain read of the same rows.</li>
 * </ul>
 * Repeats are interleaved with the anchor; medians are what the docs quote.
 */
public final class AuditLogBenchmark {

    static final int EVENTS = 200_000;
    static final int PRODUCERS = 8;
    static final int REPEATS = 3;

    public static void main(String[] args) throws Exception {
        try (Postgres pg = Postgres.start()) {
            Postgres.Database db = pg.createDatabase("audit", "audit_owner", "owner-pw");
            pg.execute("ALTER ROLE audit_owner CREATEROLE");
            AuditSchema.migrate(db.jdbcUrl(), db.user(), db.password());
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()); Statement s = c.createStatement()) {
                s.execute("CREATE TABLE plain_record (LIKE audit_record INCLUDING ALL)");
            }
            KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            Path spool = Files.createTempDirectory("bench-spool");
            List<Double> ours = new ArrayList<>();
            List<Double> plain = new ArrayList<>();
            // warm-up of both paths, not counted
            writeThroughWriter(db, "warm-up/0", 20_000, key, spool);
            writePlain(db, "plain/warm-up", 20_000);
            for (int r = 1; r <= REPEATS; r++) {
                ours.add(writeThroughWriter(db, "bench/" + r, EVENTS, key, spool));
                plain.add(writePlain(db, "plain/" + r, EVENTS));
                System.out.printf(Locale.ROOT, "write repeat %d: audit writer %.0f events/s, plain INSERT %.0f rows/s%n", r,
                        ours.get(r - 1), plain.get(r - 1));
            }
            List<Double> verify = new ArrayList<>();
            List<Double> read = new ArrayList<>();
            long records;
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                records = count(c);
                // warm-up, not counted: pages into the cache, the verifier's code compiled
                plainRead(c);
                AuditDatabase.verify(c, key.getPublic());
                for (int r = 1; r <= REPEATS; r++) {
                    long t0 = System.nanoTime();
                    if (!AuditDatabase.verify(c, key.getPublic()).isEmpty()) {
                        throw new IllegalStateException("the benchmark's own log does not verify");
                    }
                    verify.add(records / seconds(t0));
                    long t1 = System.nanoTime();
                    long rows = plainRead(c);
                    read.add(rows / seconds(t1));
                    System.out.printf(Locale.ROOT, "verify repeat %d: %d records, verify %.0f records/s, plain read %.0f rows/s%n", r,
                            records, verify.get(r - 1), read.get(r - 1));
                }
            }
            System.out.println();
            System.out.println("| measure | ours (median of " + REPEATS + ") | anchor (median) | ratio |");
            System.out.println("|---|---|---|---|");
            row("sustained write, events/s (anchor: plain batch INSERT)", ours, plain);
            row("verification, records/s (anchor: plain SELECT of the rows)", verify, read);
        }
    }

    private static void row(String what, List<Double> ours, List<Double> anchor) {
        double o = median(ours);
        double a = median(anchor);
        System.out.printf(Locale.ROOT, "| %s | %.0f | %.0f | %.2f |%n", what, o, a, o / a);
    }

    private static AuditEvent event(int i) {
        return new AuditEvent(Instant.now(), "LOGIN", AuditEvent.Outcome.SUCCESS,
                new AuditEvent.Actor("8e120f5c-5057-4eef-bd2a-" + String.format("%012d", i), "janis.berzins@ventspils.lv", "ventspils",
                        "ventspils"), "platform-cli", "10.20.30." + (i % 250), "b0c1d2e3-" + i, "user", "8e120f5c-" + i,
                Map.of("realm", "pasvaldibas", "grant_type", "password", "username", "VENTSPILS\\janis.berzins", "auth_method", "openid-connect"));
    }

    /** Producers write as fast as the writer acknowledges (at most 20,000 unacknowledged, as under load). */
    private static double writeThroughWriter(Postgres.Database db, String stream, int events, KeyPair key, Path spool) throws Exception {
        Semaphore inFlight = new Semaphore(20_000);
        List<CompletableFuture<Void>> all = Collections.synchronizedList(new ArrayList<>(events));
        try (AuditWriter writer = AuditWriter.builder(stream, () -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password()))
                .spool(spool).checkpoints(key.getPrivate(), Duration.ofSeconds(1)).start()) {
            long t0 = System.nanoTime();
            List<Thread> producers = new ArrayList<>();
            for (int p = 0; p < PRODUCERS; p++) {
                int first = p;
                producers.add(Thread.ofPlatform().start(() -> {
                    for (int i = first; i < events; i += PRODUCERS) {
                        inFlight.acquireUninterruptibly();
                        CompletableFuture<Void> done = writer.write(event(i));
                        done.whenComplete((ok, error) -> inFlight.release());
                        all.add(done);
                    }
                }));
            }
            for (Thread t : producers) {
                t.join();
            }
            CompletableFuture.allOf(all.toArray(CompletableFuture[]::new)).get();
            return events / seconds(t0);
        }
    }

    /** The anchor: the same rows, no chain, batches of 500 per transaction from one connection. */
    private static double writePlain(Postgres.Database db, String stream, int events) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             PreparedStatement s = c.prepareStatement("INSERT INTO plain_record (stream, seq, time, type, outcome, actor_user_id,"
                     + " actor_username, actor_directory, actor_municipality, client, source_ip, session, target_type, target_id,"
                     + " details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            c.setAutoCommit(false);
            byte[] hash = new byte[32];
            long t0 = System.nanoTime();
            for (int i = 0; i < events; i++) {
                AuditEvent e = event(i);
                int k = 1;
                s.setString(k++, stream);
                s.setLong(k++, i + 1);
                s.setTimestamp(k++, Timestamp.from(e.time()));
                s.setString(k++, e.type());
                s.setString(k++, e.outcome().name());
                s.setString(k++, e.actor().userId());
                s.setString(k++, e.actor().username());
                s.setString(k++, e.actor().homeDirectory());
                s.setString(k++, e.actor().municipality());
                s.setString(k++, e.client());
                s.setString(k++, e.sourceIp());
                s.setString(k++, e.session());
                s.setString(k++, e.targetType());
                s.setString(k++, e.targetId());
                s.setString(k++, CanonicalEncoding.details(e));
                s.setBytes(k++, hash);
                s.setBytes(k, hash);
                s.addBatch();
                if ((i + 1) % 500 == 0) {
                    s.executeBatch();
                    c.commit();
                }
            }
            s.executeBatch();
            c.commit();
            return events / seconds(t0);
        }
    }

    private static long plainRead(Connection c) throws Exception {
        c.setAutoCommit(false);
        long rows = 0;
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM audit_record ORDER BY stream, seq")) {
            s.setFetchSize(5000);
            try (ResultSet rs = s.executeQuery()) {
                int columns = rs.getMetaData().getColumnCount();
                while (rs.next()) {
                    for (int col = 1; col <= columns; col++) {
                        rs.getObject(col);
                    }
                    rows++;
                }
            }
        } finally {
            c.commit();
            c.setAutoCommit(true);
        }
        return rows;
    }

    private static long count(Connection c) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM audit_record")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    private static double seconds(long since) {
        return (System.nanoTime() - since) / 1e9;
    }

    private static double median(List<Double> values) {
        List<Double> sorted = new ArrayList<>(values);
        Collections.sort(sorted);
        return sorted.get(sorted.size() / 2);
    }
}
