package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.testsupport.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The audit log on real PostgreSQL: roles, append-only enforcement, and tampering found by the verifier. */
class AuditDatabaseIT {

    private static Postgres pg;
    private static Postgres.Database db;
    private static KeyPair key;
    private int database;

    @BeforeAll
    static void start() throws Exception {
        pg = Postgres.start();
        key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private static int counter;

    /** A fresh database per test: schema owner, writer and reader logins. */
    @BeforeEach
    void freshDatabase() throws Exception {
        database = ++counter;
        db = pg.createDatabase("audit" + database, "owner" + database, "owner-pw");
        // the migration creates the group roles audit_writer and audit_reader the first time
        pg.execute("ALTER ROLE owner" + database + " CREATEROLE");
        AuditSchema.migrate(db.jdbcUrl(), db.user(), db.password());
        pg.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'writer_login') THEN "
                        + "CREATE ROLE writer_login LOGIN PASSWORD 'w-pw' IN ROLE audit_writer; "
                        + "CREATE ROLE reader_login LOGIN PASSWORD 'r-pw' IN ROLE audit_reader; END IF; END $$");
        AuditSchema.allowStreams(db.jdbcUrl(), db.user(), db.password(), "writer_login", List.of("keycloak/"));
    }

    private Connection as(String user, String password) throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), user, password);
    }

    private Connection superuser() throws Exception {
        return DriverManager.getConnection(db.jdbcUrl(), "postgres", pg.superPassword());
    }

    private void writeRecords(int n) throws Exception {
        try (Connection w = as("writer_login", "w-pw")) {
            HashChain chain = AuditDatabase.resume(w, "keycloak/kc-1");
            List<ChainedRecord> batch = new ArrayList<>();
            for (int i = 1; i <= n; i++) {
                batch.add(chain.append(new AuditEvent(Instant.now(), "LOGIN", AuditEvent.Outcome.SUCCESS,
                        new AuditEvent.Actor("id" + i, "laura.vitola@kuldiga.lv", "kuldiga", "kuldiga"), "platform-cli",
                        "127.0.0.1", "s" + i, null, null, Map.of("name", "Laura Vītola", "n", i))));
                if (i % 25 == 0) {
                    AuditDatabase.append(w, batch);
                    AuditDatabase.append(w, Checkpoint.sign(batch.get(batch.size() - 1), Instant.now(), key.getPrivate()));
                    batch.clear();
                }
            }
            AuditDatabase.append(w, batch);
        }
    }

    private List<ChainVerifier.Break> verify() throws Exception {
        try (Connection r = as("reader_login", "r-pw")) {
            return AuditDatabase.verify(r, key.getPublic());
        }
    }

    private void assertOnlyBreak(long seq, ChainVerifier.Kind kind) throws Exception {
        List<ChainVerifier.Break> breaks = verify();
        assertThat(breaks).as(breaks.toString()).singleElement().satisfies(b -> {
            assertThat(b.seq()).isEqualTo(seq);
            assertThat(b.kind()).isEqualTo(kind);
        });
    }

    private void tamper(String sql) throws Exception {
        try (Connection c = superuser(); Statement s = c.createStatement()) {
            s.execute("SET session_replication_role = replica"); // a superuser can bypass triggers
            s.execute(sql);
        }
    }

    @Test
    void theWriterCanOnlyAppendAndAStreamResumesWhereItStopped() throws Exception {
        writeRecords(30);
        writeRecords(20);
        assertThat(verify()).isEmpty();
        try (Connection w = as("writer_login", "w-pw"); Statement s = w.createStatement()) {
            assertThatThrownBy(() -> s.execute("UPDATE audit_record SET outcome = 'SUCCESS'")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("DELETE FROM audit_record")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.execute("TRUNCATE audit_record")).hasMessageContaining("permission denied");
            assertThatThrownBy(() -> s.executeQuery("SELECT * FROM audit_record")).hasMessageContaining("permission denied");
        }
        // even the owner cannot change history: the triggers refuse
        try (Connection o = as(db.user(), db.password()); Statement s = o.createStatement()) {
            assertThatThrownBy(() -> s.execute("DELETE FROM audit_record WHERE seq = 3")).hasMessageContaining("append-only");
            assertThatThrownBy(() -> s.execute("TRUNCATE audit_record")).hasMessageContaining("append-only");
        }
    }

    private static ChainedRecord firstRecordOf(String stream) {
        return HashChain.start(stream).append(new AuditEvent(Instant.now(), "CASE_OPENED", AuditEvent.Outcome.SUCCESS,
                AuditEvent.Actor.NONE, "vpvkac", "127.0.0.1", null, "case", "1", Map.of()));
    }

    @Test
    void aWriterLoginCanWriteOnlyTheStreamsItWasGiven() throws Exception {
        try (Connection w = as("writer_login", "w-pw")) {
            ChainedRecord foreign = firstRecordOf("vpvkac/app-1");
            assertThatThrownBy(() -> AuditDatabase.append(w, List.of(foreign)))
                    .hasMessageContaining("may not write stream vpvkac/app-1");
            assertThatThrownBy(() -> AuditDatabase.append(w, Checkpoint.sign(foreign, Instant.now(), key.getPrivate())))
                    .hasMessageContaining("may not write stream vpvkac/app-1");
            assertThatThrownBy(() -> AuditDatabase.resume(w, "vpvkac/app-1")).hasMessageContaining("may not write stream");
            // its own prefix, any node
            AuditDatabase.append(w, List.of(firstRecordOf("keycloak/kc-7")));
        }
        // a second login bound to one node only
        pg.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'node_writer') THEN "
                + "CREATE ROLE node_writer LOGIN PASSWORD 'n-pw' IN ROLE audit_writer; END IF; END $$");
        AuditSchema.allowStreams(db.jdbcUrl(), db.user(), db.password(), "node_writer", List.of("keycloak/kc-2"));
        try (Connection n = as("node_writer", "n-pw")) {
            assertThatThrownBy(() -> AuditDatabase.append(n, List.of(firstRecordOf("keycloak/kc-3"))))
                    .hasMessageContaining("may not write stream keycloak/kc-3");
            AuditDatabase.append(n, List.of(firstRecordOf("keycloak/kc-2")));
        }
        assertThat(verify()).isEmpty();
    }

    @Test
    void aWriterLoginWithoutStreamsWritesNothing() throws Exception {
        pg.execute("DO $$ BEGIN IF NOT EXISTS (SELECT 1 FROM pg_roles WHERE rolname = 'bare_writer') THEN "
                + "CREATE ROLE bare_writer LOGIN PASSWORD 'b-pw' IN ROLE audit_writer; END IF; END $$");
        try (Connection b = as("bare_writer", "b-pw")) {
            assertThatThrownBy(() -> AuditDatabase.append(b, List.of(firstRecordOf("keycloak/kc-1"))))
                    .hasMessageContaining("may not write stream");
        }
    }

    @Test
    void anEditedFieldIsFound() throws Exception {
        writeRecords(60);
        tamper("UPDATE audit_record SET source_ip = '203.0.113.9' WHERE seq = 17");
        assertOnlyBreak(17, ChainVerifier.Kind.CHANGED);
    }

    @Test
    void aDeletedRowIsFound() throws Exception {
        writeRecords(60);
        tamper("DELETE FROM audit_record WHERE seq = 33");
        assertOnlyBreak(33, ChainVerifier.Kind.MISSING);
    }

    @Test
    void twoSwappedRowsAreFound() throws Exception {
        writeRecords(60);
        tamper("UPDATE audit_record SET seq = 1000000 WHERE seq = 40; UPDATE audit_record SET seq = 40 WHERE seq = 41;"
                + " UPDATE audit_record SET seq = 41 WHERE seq = 1000000");
        assertOnlyBreak(40, ChainVerifier.Kind.BROKEN_LINK);
    }

    @Test
    void droppingTheNewestTenIsFound() throws Exception {
        writeRecords(50);
        tamper("DELETE FROM audit_record WHERE seq > 40");
        assertOnlyBreak(41, ChainVerifier.Kind.TRUNCATED);
    }
}
