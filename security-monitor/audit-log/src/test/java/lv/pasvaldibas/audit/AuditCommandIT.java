package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.Statement;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.testsupport.Postgres;
import org.junit.jupiter.api.Test;

/** The command a security officer runs: keygen, then verify, which fails loudly on a tampered log. */
class AuditCommandIT {

    private record Run(int exit, String out, String err) {
    }

    private static Run run(Map<String, String> env, String... args) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = AuditCommand.run(args, env, new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        return new Run(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
    }

    @Test
    void verifyPassesOnAnIntactLogAndNamesTheRecordOnATamperedOne() throws Exception {
        Path keys = Files.createTempDirectory("audit-keys");
        assertThat(run(Map.of(), "keygen", "--out", keys.toString()).exit()).isZero();
        assertThat(Files.getPosixFilePermissions(keys.resolve("audit-checkpoint.key")).toString()).isEqualTo("[OWNER_READ, OWNER_WRITE]");

        try (Postgres pg = Postgres.start()) {
            Postgres.Database db = pg.createDatabase("audit", "audit_owner", "owner-pw");
            pg.execute("ALTER ROLE audit_owner CREATEROLE");
            AuditSchema.migrate(db.jdbcUrl(), db.user(), db.password());
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                HashChain chain = HashChain.start("vpvkac/app-1");
                List<ChainedRecord> records = new ArrayList<>();
                for (int i = 1; i <= 40; i++) {
                    records.add(chain.append(new AuditEvent(Instant.now(), "APPLICATION_CREATED", AuditEvent.Outcome.SUCCESS,
                            new AuditEvent.Actor("u", "ilze.ozolina@talsi.lv", "talsi", "talsi"), "vpvkac", null, null,
                            "application", "A-" + i, Map.of("service", "Dzīvesvietas deklarēšana"))));
                }
                AuditDatabase.append(c, records);
                AuditDatabase.append(c, Checkpoint.sign(records.get(39), Instant.now(), CheckpointKeys.readPrivate(keys.resolve(CheckpointKeys.PRIVATE_FILE))));
            }
            Map<String, String> env = Map.of("AUDIT_DB_PASSWORD", db.password());
            String[] verify = {"verify", "--jdbc", db.jdbcUrl(), "--user", db.user(), "--public-key", keys.resolve("audit-checkpoint.pub").toString()};

            Run intact = run(env, verify);
            assertThat(intact.exit()).as(intact.err()).isZero();
            assertThat(intact.out()).contains("intact");

            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), "postgres", pg.superPassword()); Statement s = c.createStatement()) {
                s.execute("SET session_replication_role = replica");
                s.execute("UPDATE audit_record SET details = '{\"service\":\"cits\"}' WHERE seq = 12");
            }
            Run tampered = run(env, verify);
            assertThat(tampered.exit()).isEqualTo(1);
            assertThat(tampered.out()).contains("BROKEN vpvkac/app-1 #12: CHANGED");

            Run keygenAgain = run(Map.of(), "keygen", "--out", keys.toString());
            assertThat(keygenAgain.exit()).isEqualTo(2);
            assertThat(keygenAgain.err()).contains("exists already");

            Run badKeep = run(Map.of("AUDIT_DB_PASSWORD", db.password()), "retain", "--jdbc", db.jdbcUrl(), "--user", db.user(),
                    "--keep", "vpvkac/=0", "--archive-dir", keys.toString(), "--public-key", keys.resolve(CheckpointKeys.PUBLIC_FILE).toString());
            assertThat(badKeep.exit()).isEqualTo(2);
            assertThat(badKeep.err()).contains("--keep is STREAM_PREFIX=DAYS");

            Run noPassword = run(Map.of(), verify);
            assertThat(noPassword.exit()).isEqualTo(2);
            assertThat(noPassword.err()).contains("AUDIT_DB_PASSWORD");
            assertThat(run(env, "verify", "--jdbc", db.jdbcUrl()).err()).contains("missing --user");
        }
    }
}
