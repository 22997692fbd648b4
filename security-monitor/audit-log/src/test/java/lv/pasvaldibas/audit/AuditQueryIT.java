package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.testsupport.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The security officer's search: filters, pages that neither skip nor repeat, CSV that a spreadsheet cannot run. */
class AuditQueryIT {

    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");
    private static Postgres pg;
    private static Postgres.Database db;

    @BeforeAll
    static void logWithSignIns() throws Exception {
        pg = Postgres.start();
        db = pg.createDatabase("audit", "audit_owner", "owner-pw");
        pg.execute("ALTER ROLE audit_owner CREATEROLE");
        AuditSchema.migrate(db.jdbcUrl(), db.user(), db.password());
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            for (String stream : List.of("keycloak/kc-1", "keycloak/kc-2")) {
                HashChain chain = HashChain.start(stream);
                List<ChainedRecord> records = new ArrayList<>();
                for (int i = 0; i < 60; i++) {
                    boolean kuldiga = i % 3 == 0;
                    records.add(chain.append(new AuditEvent(T0.plusSeconds(i * 60L), i % 5 == 0 ? "LOGIN_ERROR" : "LOGIN",
                            i % 5 == 0 ? AuditEvent.Outcome.FAILURE : AuditEvent.Outcome.SUCCESS,
                            new AuditEvent.Actor("u" + i, kuldiga ? "laura.vitola@kuldiga.lv" : "=cmd|' /C calc'!A0@talsi.lv",
                                    kuldiga ? "kuldiga" : "talsi", kuldiga ? "kuldiga" : "talsi"),
                            "platform-cli", "10.0.0." + (i % 4), "s" + i, "user", "u" + i, Map.of("vārds", "Laura Vītola"))));
                }
                AuditDatabase.append(c, records);
            }
        }
    }

    @AfterAll
    static void stop() {
        pg.close();
    }

    private static AuditQuery.Filter filter(String user, AuditEvent.Outcome outcome, int limit, String cursor) {
        return new AuditQuery.Filter(null, null, user, null, null, null, null, outcome, null, limit, cursor);
    }

    @Test
    void aRealmScopedSearchFindsOnlyThatRealmsRecordsEvenWhenAnotherNamesItDeeper() throws Exception {
        Instant day = T0.minusSeconds(86_400);
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            HashChain chain = HashChain.start("keycloak/kc-3");
            List<ChainedRecord> records = new ArrayList<>();
            for (int i = 0; i < 6; i++) {
                String realm = i % 2 == 0 ? "pasvaldibas" : "cita-valsts";
                records.add(chain.append(new AuditEvent(day.plusSeconds(i), "ADMIN_UPDATE", AuditEvent.Outcome.SUCCESS,
                        new AuditEvent.Actor("a" + i, "realm.admin@kuldiga.lv", "kuldiga", "kuldiga"), "admin-cli", "10.0.0.9", null,
                        "USER", "u" + i, Map.of("realm", realm, "representation", Map.of("realm", "pasvaldibas")))));
            }
            AuditDatabase.append(c, records);
            AuditQuery.Filter admin = filter("realm.admin@kuldiga.lv", null, 100, null);

            assertThat(AuditQuery.find(c, admin, "pasvaldibas").rows()).hasSize(3)
                    .allSatisfy(r -> assertThat(r.event().details()).containsEntry("realm", "pasvaldibas"));
            assertThat(AuditQuery.find(c, admin, "cita-valsts").rows()).hasSize(3)
                    .allSatisfy(r -> assertThat(r.event().details()).containsEntry("realm", "cita-valsts"));
            assertThat(AuditQuery.find(c, admin, "master").rows()).isEmpty();
        }
    }

    @Test
    void pagesCoverEveryMatchOnceNewestFirst() throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            List<AuditQuery.Row> all = new ArrayList<>();
            String cursor = null;
            int pages = 0;
            do {
                AuditQuery.Page page = AuditQuery.find(c, filter("laura.vitola@kuldiga.lv", null, 7, cursor));
                all.addAll(page.rows());
                cursor = page.nextCursor();
                pages++;
            } while (cursor != null);
            assertThat(all).hasSize(40); // 20 per stream
            assertThat(pages).isEqualTo(6);
            assertThat(all.stream().map(r -> r.stream() + "#" + r.seq()).distinct()).hasSize(40);
            assertThat(all).isSortedAccordingTo((a, b) -> b.event().time().compareTo(a.event().time()));
            assertThat(all).allSatisfy(r -> assertThat(r.event().actor().municipality()).isEqualTo("kuldiga"));
            assertThat(all.get(0).event().details()).containsEntry("vārds", "Laura Vītola");
        }
    }

    @Test
    void filtersCombine() throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            AuditQuery.Page failures = AuditQuery.find(c, new AuditQuery.Filter(T0, T0.plusSeconds(30 * 60), null, null, "talsi",
                    "platform-cli", "LOGIN_ERROR", AuditEvent.Outcome.FAILURE, "10.0.0.1", 100, null));
            // minutes 0..29, i % 5 == 0 and not i % 3 == 0 and i % 4 == 1: i = 5, 25 (per stream)
            assertThat(failures.rows()).extracting(r -> r.seq()).containsExactly(26L, 26L, 6L, 6L);
            assertThat(failures.nextCursor()).isNull();
        }
    }

    @Test
    void csvIsQuotedAndDefusesFormulas() throws Exception {
        try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password())) {
            String csv = AuditQuery.csv(AuditQuery.find(c, filter(null, null, 3, null)).rows());
            String[] lines = csv.split("\r\n");
            assertThat(lines).hasSize(4);
            assertThat(lines[0]).startsWith("\"time\",\"stream\",\"seq\"");
            assertThat(csv).contains("\"'=cmd|' /C calc'!A0@talsi.lv\"").doesNotContain(",\"=cmd");
            assertThat(csv).contains("{\"\"vārds\"\":\"\"Laura Vītola\"\"}");
        }
    }

    @Test
    void badInputIsRefusedWithAReason() {
        assertThatThrownBy(() -> filter(null, null, 0, null)).hasMessageContaining("limit");
        assertThatThrownBy(() -> filter(null, null, 1001, null)).hasMessageContaining("limit");
        assertThatThrownBy(() -> filter("x".repeat(257), null, 10, null)).hasMessageContaining("256");
        assertThatThrownBy(() -> filter(null, null, 10, "bm90LWEtY3Vyc29y")).hasMessageContaining("cursor");
        assertThatThrownBy(() -> new AuditQuery.Filter(T0, T0, null, null, null, null, null, null, null, 10, null))
                .hasMessageContaining("from must be before to");
    }
}
