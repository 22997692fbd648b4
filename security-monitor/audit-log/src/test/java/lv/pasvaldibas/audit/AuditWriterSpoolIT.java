package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static lv.pasvaldibas.audit.WriterFixtures.awaitAll;
import static lv.pasvaldibas.audit.WriterFixtures.signIn;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.testsupport.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The writer when it does not know where its chain continues (decision 38): started while the
 * database refuses its login, after a crash that tore the spool's last line, with a corrupt line
 * in the spool, and after a crash between the replay's commit and the spool's removal.
 */
class AuditWriterSpoolIT {

    private static final String STREAM = "keycloak/kc-1";
    private static Postgres pg;
    private static KeyPair key;
    private static int counter;
    private Postgres.Database db;
    private String writerLogin;

    @TempDir
    Path spoolDir;

    @BeforeAll
    static void start() throws Exception {
        pg = Postgres.start();
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    /** A fresh database per test, with a writer login of its own that may write keycloak/ streams. */
    @BeforeEach
    void freshDatabase() throws Exception {
        int n = ++counter;
        db = pg.createDatabase("spool" + n, "spool_owner" + n, "owner-pw");
        pg.execute("ALTER ROLE spool_owner" + n + " CREATEROLE");
        AuditSchema.migrate(db.jdbcUrl(), db.user(), db.password());
        writerLogin = "spool_writer" + n;
        pg.execute("CREATE ROLE " + writerLogin + " LOGIN PASSWORD 'w-pw' IN ROLE audit_writer");
        AuditSchema.allowStreams(db.jdbcUrl(), db.user(), db.password(), writerLogin, List.of("keycloak/"));
    }

    private AuditWriter writer(AuditWriter.Mode mode) {
        return AuditWriter.builder(STREAM, () -> DriverManager.getConnection(db.jdbcUrl(), writerLogin, "w-pw"))
                .spool(spoolDir).mode(mode).checkpoints(key.getPrivate(), Duration.ofMillis(200)).start();
    }

    private Path spoolFile() {
        return spoolDir.resolve("keycloak_kc-1.spool");
    }

    private List<CompletableFuture<Void>> write(AuditWriter writer, int from, int to) {
        List<CompletableFuture<Void>> written = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            written.add(writer.write(signIn(i)));
        }
        return written;
    }

    /** Sessions of the stored LOGIN records in seq order; fails on a duplicate (stream, seq). */
    private List<String> storedSessions() throws Exception {
        List<String> sessions = new ArrayList<>();
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT session FROM audit_record WHERE stream = '" + STREAM + "' ORDER BY seq")) {
            while (rs.next()) {
                sessions.add(rs.getString(1));
            }
        }
        return sessions;
    }

    private void awaitStored(int n) throws Exception {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(30);
        while (storedSessions().size() < n && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(storedSessions()).hasSize(n);
    }

    private List<ChainVerifier.Break> verify() throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            return AuditDatabase.verify(c, key.getPublic());
        }
    }

    private static List<String> sessions(int from, int to) {
        List<String> s = new ArrayList<>();
        for (int i = from; i <= to; i++) {
            s.add("s" + i);
        }
        return s;
    }

    @Test
    void aWriterStartedWhileItsLoginIsRefusedSpoolsUnchainedAndChainsOnTheStoredTailLater() throws Exception {
        try (AuditWriter first = writer(AuditWriter.Mode.SPOOL_WHEN_DOWN)) {
            awaitAll(write(first, 1, 10));
        }
        awaitStored(10);
        pg.execute("ALTER ROLE " + writerLogin + " NOLOGIN");
        try (AuditWriter writer = writer(AuditWriter.Mode.SPOOL_WHEN_DOWN)) {
            awaitAll(write(writer, 11, 60));
            assertThat(writer.databaseReachable()).isFalse();
            assertThat(writer.spooled()).as("acknowledged because spooled, not stored").isEqualTo(50);
            assertThat(Files.readString(spoolFile(), StandardCharsets.UTF_8)).doesNotContain("\"hash\"");

            pg.execute("ALTER ROLE " + writerLogin + " LOGIN");
            awaitAll(write(writer, 61, 70));
            awaitStored(70);
            assertThat(writer.spooled()).isZero();
        }
        assertThat(storedSessions()).containsExactlyElementsOf(sessions(1, 70));
        assertThat(verify()).isEmpty();
    }

    @Test
    void aFailClosedWriterThatNeverReachedTheDatabaseRefusesEvents() throws Exception {
        pg.execute("ALTER ROLE " + writerLogin + " NOLOGIN");
        try (AuditWriter writer = writer(AuditWriter.Mode.FAIL_CLOSED)) {
            assertThatThrownBy(() -> writer.write(signIn(1)).get(30, TimeUnit.SECONDS))
                    .isInstanceOf(ExecutionException.class).hasCauseInstanceOf(AuditUnavailableException.class);
            assertThat(Files.exists(spoolFile())).isFalse();
            pg.execute("ALTER ROLE " + writerLogin + " LOGIN");
            writer.write(signIn(2)).get(30, TimeUnit.SECONDS);
        }
        assertThat(storedSessions()).containsExactly("s2");
    }

    @Test
    void aTornLastLineFromACrashIsDroppedAndEverythingBeforeItReplayed() throws Exception {
        pg.execute("ALTER ROLE " + writerLogin + " NOLOGIN");
        try (AuditWriter writer = writer(AuditWriter.Mode.SPOOL_WHEN_DOWN)) {
            awaitAll(write(writer, 1, 20));
        }
        // what kill -9 in the middle of a write leaves: part of a line, no newline, never fsynced
        Files.writeString(spoolFile(), "{\"time\":\"2026-11-26T17:07:54.1Z\",\"type\":\"LOG", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        try (AuditWriter writer = writer(AuditWriter.Mode.SPOOL_WHEN_DOWN)) {
            awaitAll(write(writer, 21, 30)); // appended behind the cut, not glued to the torn line
            pg.execute("ALTER ROLE " + writerLogin + " LOGIN");
            awaitStored(30);
        }
        assertThat(storedSessions()).containsExactlyElementsOf(sessions(1, 30));
        assertThat(verify()).isEmpty();
    }

    @Test
    void aCorruptLineInTheMiddleStopsTheReplayKeepsTheFileAndLosesNothing() throws Exception {
        pg.execute("ALTER ROLE " + writerLogin + " NOLOGIN");
        try (AuditWriter writer = writer(AuditWriter.Mode.SPOOL_WHEN_DOWN)) {
            awaitAll(write(writer, 1, 5));
        }
        Files.writeString(spoolFile(), "{\"time\": garbage}\n", StandardCharsets.UTF_8, StandardOpenOption.APPEND);
        pg.execute("ALTER ROLE " + writerLogin + " LOGIN");
        try (AuditWriter writer = writer(AuditWriter.Mode.SPOOL_WHEN_DOWN)) {
            // the database answers, but the spool cannot be replayed past the bad line: new events wait behind it, durably
            awaitAll(write(writer, 6, 8));
            Thread.sleep(1000);
            assertThat(storedSessions()).as("nothing replayed around a corrupt line").isEmpty();
            List<String> lines = Files.readAllLines(spoolFile(), StandardCharsets.UTF_8);
            assertThat(lines).hasSize(9).contains("{\"time\": garbage}");

            // the operator removes the line (after keeping a copy): the writer goes on by itself
            lines.remove("{\"time\": garbage}");
            Files.write(spoolFile(), lines, StandardCharsets.UTF_8);
            awaitStored(8);
        }
        assertThat(storedSessions()).containsExactlyElementsOf(sessions(1, 8));
        assertThat(verify()).isEmpty();
    }

    @Test
    void aCrashBetweenTheReplaysCommitAndTheSpoolsRemovalDuplicatesNothing() throws Exception {
        try (AuditWriter first = writer(AuditWriter.Mode.SPOOL_WHEN_DOWN)) {
            awaitAll(write(first, 1, 5));
        }
        awaitStored(5);
        // the state after such a crash: the spool, chained onto the tail, of which the first part was committed
        HashChain chain;
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), writerLogin, "w-pw")) {
            chain = AuditDatabase.resume(c, STREAM);
            List<ChainedRecord> spooled = new ArrayList<>();
            for (int i = 6; i <= 15; i++) {
                spooled.add(chain.append(signIn(i)));
            }
            new Spool(spoolFile()).appendChained(spooled);
            AuditDatabase.append(c, spooled.subList(0, 7));
        }
        try (AuditWriter writer = writer(AuditWriter.Mode.SPOOL_WHEN_DOWN)) {
            awaitAll(write(writer, 16, 20));
        }
        assertThat(storedSessions()).containsExactlyElementsOf(sessions(1, 20));
        assertThat(Files.exists(spoolFile())).isFalse();
        assertThat(verify()).isEmpty();
    }
}
