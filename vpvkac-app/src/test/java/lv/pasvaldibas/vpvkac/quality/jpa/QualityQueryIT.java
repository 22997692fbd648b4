package lv.pasvaldibas.vpvkac.quality.jpa;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Instant;
import java.time.LocalDate;
import java.time.OffsetDateTime;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.List;
import java.util.Set;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.vpvkac.bench.CaseGenerator;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.cases.Deadline;
import lv.pasvaldibas.vpvkac.quality.CaseFacts;
import lv.pasvaldibas.vpvkac.quality.Dimension;
import lv.pasvaldibas.vpvkac.quality.Indicators;
import lv.pasvaldibas.vpvkac.quality.QualityIndicators;
import org.flywaydb.core.Flyway;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestInstance;

/**
 * The SQL quality indicators ({@link QualityQuery}) give exactly the numbers of the plain core
 * ({@link QualityIndicators}, their definition) on the same generated cases, for every set of
 * dimensions, and are read from the index alone; queue pages are read in index order (decision 90).
 * A real PostgreSQL with the application's Flyway schema; no WildFly or Keycloak needed.
 */
@TestInstance(TestInstance.Lifecycle.PER_CLASS)
class QualityQueryIT {

    /** Some cases still open, some of them past their due day, the last month unfinished. */
    private static final Instant NOW = Instant.parse("2026-11-18T10:15:30.123456Z");
    private static final int MONTHS = 5;

    private Postgres postgres;
    private Connection db;
    private CaseGenerator.Result generated;

    @BeforeAll
    void generateCases() throws SQLException {
        postgres = Postgres.start();
        Postgres.Database database = postgres.createDatabase("vpvkac", "vpvkac", "vpvkac-test-pw");
        Flyway.configure(QualityQuery.class.getClassLoader()).dataSource(database.jdbcUrl(), database.user(), database.password())
                .locations("classpath:db/vpvkac").load().migrate();
        db = DriverManager.getConnection(database.jdbcUrl(), database.user(), database.password());
        generated = CaseGenerator.generate(db, new CaseGenerator.Settings(12_000, MONTHS, NOW, 42));
        try (Statement s = db.createStatement()) {
            s.execute("VACUUM ANALYZE service_case");
        }
    }

    @AfterAll
    void stop() throws SQLException {
        if (db != null) {
            db.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    @Test
    void everyIndicatorByEverySetOfDimensionsIsTheOraclesForTheLargestAndASmallMunicipality() throws SQLException {
        assertThat(generated.cases()).isEqualTo(12_000);
        assertThat(generated.statusChanges()).as("history rows").isGreaterThan(4 * 12_000L);
        YearMonth last = YearMonth.from(NOW.atZone(Deadline.ZONE));
        YearMonth first = last.minusMonths(MONTHS - 1L);
        for (String municipality : List.of(CaseGenerator.MEASURED, "talsi")) {
            List<CaseFacts> facts = facts(municipality, first, last);
            assertThat(facts).hasSizeGreaterThan(municipality.equals("talsi") ? 50 : 2_000);
            // the large one's data must exercise every branch of the definition, or agreement would prove little
            assertThat(municipality.equals("talsi") ? facts(CaseGenerator.MEASURED, first, last) : facts).anyMatch(f -> f.deliveredAt() != null).anyMatch(f -> f.status() == CaseStatus.REJECTED)
                    .anyMatch(f -> f.status().awaitsResult() && new Deadline(f.due()).overdue(f.status(), NOW))
                    .anyMatch(f -> f.status().awaitsResult() && !new Deadline(f.due()).overdue(f.status(), NOW))
                    .anyMatch(f -> f.resultReadyAt() != null && new Deadline(f.due()).missedBy(f.resultReadyAt()));
            for (Set<Dimension> by : everySet()) {
                List<Indicators> expected = QualityIndicators.compute(facts, by, NOW);
                List<Indicators> actual = QualityQuery.compute(db, municipality, start(first), start(last.plusMonths(1)), by, NOW);
                assertThat(actual).as(municipality + " by " + by).hasSize(expected.size()).containsExactlyElementsOf(expected);
            }
        }
    }

    @Test
    void aPeriodInsideTheDataCountsOnlyItsMonthsAndOverdueFollowsTheMomentAsked() throws SQLException {
        YearMonth last = YearMonth.from(NOW.atZone(Deadline.ZONE));
        YearMonth from = last.minusMonths(2);
        YearMonth to = last.minusMonths(1);
        Set<Dimension> by = EnumSet.of(Dimension.MUNICIPALITY, Dimension.CHANNEL);
        Instant later = NOW.plusSeconds(40L * 86_400);
        for (Instant asOf : List.of(NOW, later)) {
            List<Indicators> expected = QualityIndicators.compute(facts(CaseGenerator.MEASURED, from, to), by, asOf);
            List<Indicators> actual = QualityQuery.compute(db, CaseGenerator.MEASURED, start(from), start(to.plusMonths(1)), by, asOf);
            assertThat(actual).containsExactlyElementsOf(expected);
            assertThat(actual).extracting(i -> i.key().period()).containsOnly(from, to);
        }
        long overdueNow = overdue(QualityQuery.compute(db, CaseGenerator.MEASURED, start(from), start(last.plusMonths(1)), by, NOW));
        long overdueLater = overdue(QualityQuery.compute(db, CaseGenerator.MEASURED, start(from), start(last.plusMonths(1)), by, later));
        assertThat(overdueLater).as("open cases fall due as time passes").isGreaterThan(overdueNow);
    }

    @Test
    void theReportIsReadFromTheIndexAlone() throws SQLException {
        YearMonth last = YearMonth.from(NOW.atZone(Deadline.ZONE));
        OffsetDateTime asOf = NOW.atOffset(ZoneOffset.UTC);
        String plan = plan(QualityQuery.sql(EnumSet.of(Dimension.MUNICIPALITY, Dimension.CHANNEL)), asOf, asOf, CaseGenerator.MEASURED,
                start(last.minusMonths(MONTHS - 1L)).atOffset(ZoneOffset.UTC), start(last.plusMonths(1)).atOffset(ZoneOffset.UTC));
        assertThat(plan).contains("Index Only Scan using service_case_municipality");
    }

    @Test
    void everyShapeOfQueuePageIsReadInIndexOrderWithoutSorting() throws SQLException {
        long centre = generated.centres().get(CaseGenerator.MEASURED).get(0);
        String select = "SELECT c.id FROM service_case c JOIN client k ON k.id = c.client_id JOIN centre e ON e.id = c.centre_id"
                + " WHERE c.municipality = ?";
        String order = " ORDER BY c.received_at, c.id OFFSET 100 LIMIT 50";
        for (String[] shape : List.of(
                new String[] {" AND c.centre_id = ? AND c.status = ?", "service_case_queue"},
                new String[] {" AND c.centre_id = ?", "service_case_centre_queue"},
                new String[] {" AND c.status = ?", "service_case_municipality_status"},
                new String[] {"", "service_case_municipality"})) {
            List<Object> parameters = new ArrayList<>(List.of(CaseGenerator.MEASURED));
            if (shape[0].contains("centre_id")) {
                parameters.add(centre);
            }
            if (shape[0].contains("status")) {
                parameters.add("FORWARDED");
            }
            String plan = plan(select + shape[0] + order, parameters.toArray());
            assertThat(plan).as(shape[0]).contains(shape[1]).doesNotContain("Sort");
        }
    }

    /** The plan with sequential and bitmap scans ruled out: whether an index can serve the query in order at all, whatever the table's size. */
    private String plan(String sql, Object... parameters) throws SQLException {
        try (Statement s = db.createStatement()) {
            s.execute("SET enable_seqscan = off");
            s.execute("SET enable_bitmapscan = off");
        }
        try (PreparedStatement explain = db.prepareStatement("EXPLAIN " + sql)) {
            for (int i = 0; i < parameters.length; i++) {
                explain.setObject(i + 1, parameters[i]);
            }
            StringBuilder plan = new StringBuilder();
            try (ResultSet rs = explain.executeQuery()) {
                while (rs.next()) {
                    plan.append(rs.getString(1)).append('\n');
                }
            }
            return plan.toString();
        } finally {
            try (Statement s = db.createStatement()) {
                s.execute("RESET enable_seqscan");
                s.execute("RESET enable_bitmapscan");
            }
        }
    }

    private static long overdue(List<Indicators> indicators) {
        return indicators.stream().mapToLong(Indicators::overdueCases).sum();
    }

    private static Instant start(YearMonth month) {
        return month.atDay(1).atStartOfDay(Deadline.ZONE).toInstant();
    }

    /** All 32 sets of dimensions, the empty one (month only) included. */
    private static List<Set<Dimension>> everySet() {
        List<Set<Dimension>> sets = new ArrayList<>();
        Dimension[] all = Dimension.values();
        for (int mask = 0; mask < 1 << all.length; mask++) {
            Set<Dimension> set = EnumSet.noneOf(Dimension.class);
            for (int d = 0; d < all.length; d++) {
                if ((mask & 1 << d) != 0) {
                    set.add(all[d]);
                }
            }
            sets.add(set);
        }
        return sets;
    }

    /** The facts the plain core needs, read the way the application read them before decision 90. */
    private List<CaseFacts> facts(String municipality, YearMonth from, YearMonth to) throws SQLException {
        List<CaseFacts> facts = new ArrayList<>();
        try (PreparedStatement s = db.prepareStatement("SELECT service_code, institution_code, municipality, centre_id::text, channel,"
                + " received_at, first_action_at, result_ready_at, delivered_at, due_on, status FROM service_case"
                + " WHERE municipality = ? AND received_at >= ? AND received_at < ?")) {
            s.setString(1, municipality);
            s.setObject(2, start(from).atOffset(ZoneOffset.UTC));
            s.setObject(3, start(to.plusMonths(1)).atOffset(ZoneOffset.UTC));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    facts.add(new CaseFacts(rs.getString(1), rs.getString(2), rs.getString(3), rs.getString(4), Channel.valueOf(rs.getString(5)),
                            instant(rs, 6), instant(rs, 7), instant(rs, 8), instant(rs, 9), rs.getObject(10, LocalDate.class),
                            CaseStatus.valueOf(rs.getString(11))));
                }
            }
        }
        return facts;
    }

    private static Instant instant(ResultSet rs, int column) throws SQLException {
        OffsetDateTime value = rs.getObject(column, OffsetDateTime.class);
        return value == null ? null : value.toInstant();
    }
}
