package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static lv.pasvaldibas.audit.WriterFixtures.awaitAll;
import static lv.pasvaldibas.audit.WriterFixtures.signIn;

import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.time.Duration;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.testsupport.Postgres;
import org.junit.jupiter.api.Test;

/** Nothing lost: events written while PostgreSQL is down are spooled and replayed in order; fail-closed refuses. */
class AuditWriterIT {

    private static long count(Postgres.Database db) throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
             ResultSet rs = c.createStatement().executeQuery("SELECT count(*), count(DISTINCT (stream, seq)) FROM audit_record")) {
            rs.next();
            assertThat(rs.getLong(1)).as("no duplicates").isEqualTo(rs.getLong(2));
            return rs.getLong(1);
        }
    }

    private static void awaitUnreachable(AuditWriter writer) throws InterruptedException {
        long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(10);
        while (writer.databaseReachable() && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(writer.databaseReachable()).as("the writer noticed the database is down").isFalse();
    }

    @Test
    void eventsSurviveADatabaseOutageAndTheChainStaysWhole() throws Exception {
        Path spool = Files.createTempDirectory("audit-spool");
        try (Postgres pg = Postgres.start()) {
            Postgres.Database db = pg.createDatabase("audit", "audit_owner", "owner-pw");
            pg.execute("ALTER ROLE audit_owner CREATEROLE");
            AuditSchema.migrate(db.jdbcUrl(), db.user(), db.password());
            AuditWriter.ConnectionFactory connect = () -> DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
            KeyPair checkpointKey = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
            try (AuditWriter writer = AuditWriter.builder("keycloak/kc-1", connect).spool(spool)
                         .checkpoints(checkpointKey.getPrivate(), Duration.ofMillis(100)).start();
                 AuditWriter closed = AuditWriter.builder("monitor/m-1", connect).spool(spool).mode(AuditWriter.Mode.FAIL_CLOSED).start()) {
                List<CompletableFuture<Void>> acknowledged = new ArrayList<>();
                for (int i = 1; i <= 200; i++) {
                    acknowledged.add(writer.write(signIn(i)));
                }
                awaitAll(acknowledged);
                assertThat(closed.write(signIn(0)).get(30, TimeUnit.SECONDS)).isNull();
                assertThat(count(db)).isEqualTo(201);

                assertThat(writer.databaseReachable()).isTrue();
                pg.stop();
                awaitUnreachable(closed);
                acknowledged.clear();
                for (int i = 201; i <= 250; i++) {
                    acknowledged.add(writer.write(signIn(i)));
                }
                awaitAll(acknowledged);
                assertThat(writer.spooled()).isEqualTo(50);
                CompletableFuture<Void> refused = closed.write(signIn(-1));
                try {
                    refused.get(30, TimeUnit.SECONDS);
                    throw new AssertionError("fail-closed writer acknowledged an event with the database down");
                } catch (ExecutionException e) {
                    assertThat(e.getCause()).isInstanceOf(AuditUnavailableException.class);
                }

                pg.restart();
                acknowledged.clear();
                for (int i = 251; i <= 260; i++) {
                    acknowledged.add(writer.write(signIn(i)));
                }
                awaitAll(acknowledged);
                assertThat(writer.spooled()).isZero();
                assertThat(count(db)).isEqualTo(261);
            }
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                 ResultSet rs = c.createStatement().executeQuery("SELECT max(seq) FROM audit_checkpoint WHERE stream = 'keycloak/kc-1'")) {
                rs.next();
                assertThat(rs.getLong(1)).as("the writer signed the last record on close").isEqualTo(260);
                assertThat(AuditDatabase.verify(c, checkpointKey.getPublic())).isEmpty();
                // a checkpoint signed by another key is not taken on trust
                assertThat(AuditDatabase.verify(c, KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic()))
                        .extracting(ChainVerifier.Break::kind).containsOnly(ChainVerifier.Kind.BAD_CHECKPOINT_SIGNATURE);
            }
        }
    }
}
