package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.testsupport.Postgres;
import org.junit.jupiter.api.Test;

/** Retention: old records leave only archived with their chain proof, up to a signed checkpoint; the rest still verifies. */
class AuditRetentionIT {

    private static final Instant NOW = Instant.parse("2026-11-26T12:00:00Z");

    private static long count(Connection c, String stream) throws Exception {
        try (ResultSet rs = c.createStatement().executeQuery("SELECT count(*) FROM audit_record WHERE stream = '" + stream + "'")) {
            rs.next();
            return rs.getLong(1);
        }
    }

    /** 100 records one day apart ending yesterday, a checkpoint every 25. */
    private static void write(Connection c, String stream, KeyPair key) throws Exception {
        HashChain chain = HashChain.start(stream);
        List<ChainedRecord> records = new ArrayList<>();
        for (int i = 0; i < 100; i++) {
            records.add(chain.append(new AuditEvent(NOW.minus(Duration.ofDays(100 - i)), "LOGIN", AuditEvent.Outcome.SUCCESS,
                    new AuditEvent.Actor("u", "ēriks.krūmiņš@talsi.lv", "talsi", "talsi"), "platform-cli", "10.1.1.1", "s" + i,
                    "user", "u", Map.of("i", i))));
            if ((i + 1) % 25 == 0) {
                AuditDatabase.append(c, records);
                AuditDatabase.append(c, Checkpoint.sign(records.get(records.size() - 1), NOW, key.getPrivate()));
                records.clear();
            }
        }
    }

    @Test
    void oldRecordsAreArchivedWithTheirProofAndTheLogStillVerifies() throws Exception {
        Path archives = Files.createTempDirectory("audit-archive");
        KeyPair key = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        try (Postgres pg = Postgres.start()) {
            Postgres.Database db = pg.createDatabase("audit", "audit_owner", "owner-pw");
            pg.execute("ALTER ROLE audit_owner CREATEROLE");
            AuditSchema.migrate(db.jdbcUrl(), db.user(), db.password());
            try (Connection owner = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
                write(owner, "keycloak/kc-1", key);
                write(owner, "vpvkac/app-1", key);

                // keep 30 days: records older are #1..#70; the newest checkpoint among them is #50
                List<AuditRetention.Archived> first = AuditRetention.retain(owner, Map.of("keycloak/", Duration.ofDays(30)),
                        archives, key.getPublic(), NOW);
                assertThat(first).singleElement().satisfies(a -> {
                    assertThat(a.stream()).isEqualTo("keycloak/kc-1");
                    assertThat(a.fromSeq()).isEqualTo(1);
                    assertThat(a.toSeq()).isEqualTo(50);
                });
                assertThat(count(owner, "keycloak/kc-1")).isEqualTo(50);
                assertThat(count(owner, "vpvkac/app-1")).as("no keep period: kept whole").isEqualTo(100);
                assertThat(AuditDatabase.verify(owner, key.getPublic())).isEmpty();
                Path file = first.get(0).file();
                assertThat(AuditRetention.verifyArchive(file, key.getPublic())).isEmpty();
                assertThat(Files.readString(file, StandardCharsets.UTF_8)).contains("ēriks.krūmiņš@talsi.lv");

                // records not archived stay undeletable, even for the owner
                try (Statement s = owner.createStatement()) {
                    assertThatThrownBy(() -> s.execute("DELETE FROM audit_record WHERE stream = 'keycloak/kc-1' AND seq = 51"))
                            .hasMessageContaining("append-only");
                    assertThatThrownBy(() -> s.execute("DELETE FROM audit_archive")).hasMessageContaining("append-only");
                }

                // a month later: up to #75; and a writer still resumes after #100
                assertThat(AuditRetention.retain(owner, Map.of("keycloak/", Duration.ofDays(30)), archives, key.getPublic(),
                        NOW.plus(Duration.ofDays(30)))).singleElement().satisfies(a -> assertThat(a.fromSeq()).isEqualTo(51));
                assertThat(AuditDatabase.verify(owner, key.getPublic())).isEmpty();
                assertThat(AuditDatabase.resume(owner, "keycloak/kc-1").lastSeq()).isEqualTo(100);

                // an edited archive is found
                Files.writeString(file, Files.readString(file, StandardCharsets.UTF_8).replace("10.1.1.1", "10.6.6.6"));
                assertThat(AuditRetention.verifyArchive(file, key.getPublic())).get().asString().contains("record #1 ");
            }
            // records removed under a forged archive entry, not at a signed checkpoint, are found
            try (Connection su = DriverManager.getConnection(db.jdbcUrl(), "postgres", pg.superPassword()); Statement s = su.createStatement()) {
                s.execute("INSERT INTO audit_archive (stream, up_to_seq, up_to_hash, archive_name, archive_sha256)"
                        + " SELECT stream, seq, hash, 'forged', hash FROM audit_record WHERE stream = 'vpvkac/app-1' AND seq = 60");
                s.execute("DELETE FROM audit_record WHERE stream = 'vpvkac/app-1' AND seq <= 60");
                assertThat(AuditDatabase.verify(su, key.getPublic())).singleElement()
                        .satisfies(b -> assertThat(b.kind()).isEqualTo(ChainVerifier.Kind.UNANCHORED_ARCHIVE));
            }
        }
    }
}
