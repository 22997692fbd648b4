package lv.pasvaldibas.monitor.postgres;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Files;
import java.sql.Connection;
import java.sql.DriverManager;
import java.time.Clock;
import java.time.Duration;
import java.time.Instant;
import java.time.YearMonth;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.AuditSchema;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.audit.ChainVerifier;
import lv.pasvaldibas.monitor.alert.Alert;
import lv.pasvaldibas.monitor.detect.Detection;
import lv.pasvaldibas.monitor.detect.EventRef;
import lv.pasvaldibas.monitor.detect.IntegrityFindings;
import lv.pasvaldibas.monitor.report.MonthlyEvidence;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.AlertHandling;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.DirectorySignIns;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.DisabledAccountUse;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.OverdueTrust;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.TypeCount;
import lv.pasvaldibas.monitor.report.Report;
import lv.pasvaldibas.monitor.report.Scope;
import lv.pasvaldibas.monitor.rule.EventRule;
import lv.pasvaldibas.monitor.rule.Rule;
import lv.pasvaldibas.testsupport.Postgres;
import org.apache.pdfbox.Loader;
import org.apache.pdfbox.pdmodel.PDDocument;
import org.apache.pdfbox.text.PDFTextStripper;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The month's measures on real PostgreSQL, from records written by the real audit writer and alerts and
 * checks stored by the monitor's own code: the exact numbers, the month's edges in Riga time, and a
 * municipality's report without another municipality's records.
 */
class EvidenceQueriesIT {

    private static final YearMonth NOVEMBER = YearMonth.of(2026, 11);
    private static Postgres pg;
    private static Postgres.Database audit;
    private static Postgres.Database monitor;
    private static MonthlyReports reports;

    @BeforeAll
    static void aMonthOfRecords() throws Exception {
        pg = Postgres.start();
        audit = pg.createDatabase("audit", "audit_owner", "owner-pw");
        pg.execute("ALTER ROLE audit_owner CREATEROLE");
        AuditSchema.migrate(audit.jdbcUrl(), audit.user(), audit.password());
        monitor = pg.createDatabase("monitor", "monitor", "monitor-pw");
        AlertStore.migrate(monitor.jdbcUrl(), monitor.user(), monitor.password());
        reports = new MonthlyReports(() -> DriverManager.getConnection(audit.jdbcUrl(), audit.user(), audit.password()),
                () -> DriverManager.getConnection(monitor.jdbcUrl(), monitor.user(), monitor.password()),
                Clock.fixed(Instant.parse("2026-12-01T07:00:00Z"), ZoneOffset.UTC));
        writeRecords();
        storeAlertsAndChecks();
    }

    @AfterAll
    static void stop() {
        if (pg != null) {
            pg.close();
        }
    }

    private static AuditEvent event(String time, String type, AuditEvent.Outcome outcome, String user, String municipality,
                                    String targetType, String targetId, Map<String, Object> details) {
        return new AuditEvent(Instant.parse(time), type, outcome, new AuditEvent.Actor(null, user, municipality, municipality), "vpvkac-app",
                "10.20.0.15", null, targetType, targetId, details);
    }

    private static AuditEvent signIn(String time, String user, String municipality, String error) {
        return event(time, error == null ? "LOGIN" : "LOGIN_ERROR",
                error == null ? AuditEvent.Outcome.SUCCESS : error.equals("user_disabled") ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.FAILURE,
                user, municipality, "user", null, error == null ? Map.of("realm", "pasvaldibas") : Map.of("realm", "pasvaldibas", "error", error));
    }

    private static AuditEvent trust(String time, String type, AuditEvent.Outcome outcome, String admin, String adminMunicipality, String id,
                                    String trusting, String trusted, String state) {
        return event(time, type, outcome, admin, adminMunicipality, "trust", id,
                Map.of("realm", "pasvaldibas", "trustingMunicipality", trusting, "trustedDirectory", trusted, "state", state));
    }

    private static void writeRecords() throws Exception {
        List<AuditEvent> events = new ArrayList<>();
        // the month's edges: 1 November 00:00 Riga (UTC+2) is in, a millisecond before and 1 December 00:00 are not
        events.add(signIn("2026-10-31T21:59:59.999Z", "anna.berzina@talsi.lv", "talsi", null));
        events.add(signIn("2026-10-31T22:00:00Z", "anna.berzina@talsi.lv", "talsi", null));
        events.add(signIn("2026-11-30T22:00:00Z", "anna.berzina@talsi.lv", "talsi", null));
        // talsi: 8 sign-ins in all, 2 wrong passwords
        for (int i = 0; i < 7; i++) {
            events.add(signIn("2026-11-0" + (i + 2) + "T08:00:00Z", "anna.berzina@talsi.lv", "talsi", null));
        }
        events.add(signIn("2026-11-12T08:00:00Z", "anna.berzina@talsi.lv", "talsi", "invalid_user_credentials"));
        events.add(signIn("2026-11-12T08:00:05Z", "anna.berzina@talsi.lv", "talsi", "invalid_user_credentials"));
        // kuldīga: 5 sign-ins, 3 to two accounts the directory has disabled, 1 wrong password
        for (int i = 0; i < 5; i++) {
            events.add(signIn("2026-11-1" + i + "T09:00:00Z", "laura.vitola@kuldiga.lv", "kuldiga", null));
        }
        events.add(signIn("2026-11-20T09:00:00Z", "andris.kalnins@kuldiga.lv", "kuldiga", "user_disabled"));
        events.add(signIn("2026-11-21T09:00:00Z", "andris.kalnins@kuldiga.lv", "kuldiga", "user_disabled"));
        events.add(signIn("2026-11-22T09:00:00Z", "ilze.ozola@kuldiga.lv", "kuldiga", "user_disabled"));
        events.add(signIn("2026-11-22T09:01:00Z", "laura.vitola@kuldiga.lv", "kuldiga", "invalid_user_credentials"));
        // admin actions: talsi 2 updates; kuldīga a create done and one failed
        events.add(event("2026-11-03T10:00:00Z", "ADMIN_UPDATE", AuditEvent.Outcome.SUCCESS, "admin@talsi.lv", "talsi", "USER", "u1", Map.of("realm", "pasvaldibas")));
        events.add(event("2026-11-04T10:00:00Z", "ADMIN_UPDATE", AuditEvent.Outcome.SUCCESS, "admin@talsi.lv", "talsi", "USER", "u2", Map.of("realm", "pasvaldibas")));
        events.add(event("2026-11-05T10:00:00Z", "ADMIN_CREATE", AuditEvent.Outcome.SUCCESS, "admin@kuldiga.lv", "kuldiga", "USER", "u3", Map.of("realm", "pasvaldibas")));
        events.add(event("2026-11-05T10:01:00Z", "ADMIN_CREATE", AuditEvent.Outcome.FAILURE, "admin@kuldiga.lv", "kuldiga", "USER", null,
                Map.of("realm", "pasvaldibas", "error", "conflict")));
        // trusts, with the history before the month that decides whether a review is overdue:
        // A kuldīga trusts talsi, approved 2025-10-20, not reviewed since: overdue since 2026-10-20
        events.add(trust("2025-10-01T09:00:00Z", "TRUST_PROPOSE", AuditEvent.Outcome.SUCCESS, "admin@kuldiga.lv", "kuldiga", "trust-a", "kuldiga", "talsi", "PROPOSED"));
        events.add(trust("2025-10-20T09:00:00Z", "TRUST_APPROVE", AuditEvent.Outcome.SUCCESS, "admin@talsi.lv", "talsi", "trust-a", "kuldiga", "talsi", "ACTIVE"));
        events.add(trust("2026-11-15T09:00:00Z", "TRUST_APPROVE", AuditEvent.Outcome.DENIED, "admin@kuldiga.lv", "kuldiga", "trust-a", "kuldiga", "talsi", "ACTIVE"));
        // B ventspils trusts talsi, approved 2025-10-20 and reviewed in the month: not overdue
        events.add(trust("2025-10-20T09:00:00Z", "TRUST_APPROVE", AuditEvent.Outcome.SUCCESS, "admin@talsi.lv", "talsi", "trust-b", "ventspils", "talsi", "ACTIVE"));
        events.add(trust("2026-11-10T09:00:00Z", "TRUST_REVIEW", AuditEvent.Outcome.SUCCESS, "admin@ventspils.lv", "ventspils", "trust-b", "ventspils", "talsi", "ACTIVE"));
        // C ventspils trusts kuldīga, approved 2025-09-01, suspended in the month: not active, so not overdue
        events.add(trust("2025-09-01T09:00:00Z", "TRUST_APPROVE", AuditEvent.Outcome.SUCCESS, "admin@kuldiga.lv", "kuldiga", "trust-c", "ventspils", "kuldiga", "ACTIVE"));
        events.add(trust("2026-11-05T09:00:00Z", "TRUST_SUSPEND", AuditEvent.Outcome.SUCCESS, "admin@ventspils.lv", "ventspils", "trust-c", "ventspils", "kuldiga", "SUSPENDED"));
        // D ventspils trusts liepāja, approved 2025-06-01: overdue, and no business of kuldīga or talsi
        events.add(trust("2025-06-01T09:00:00Z", "TRUST_APPROVE", AuditEvent.Outcome.SUCCESS, "admin@liepaja.lv", "liepaja", "trust-d", "ventspils", "liepaja", "ACTIVE"));

        try (AuditWriter writer = AuditWriter.builder("keycloak/kc-1", () -> DriverManager.getConnection(audit.jdbcUrl(), audit.user(), audit.password()))
                .spool(Files.createTempDirectory("evidence-it-spool")).start()) {
            List<CompletableFuture<Void>> written = new ArrayList<>();
            for (AuditEvent e : events) {
                written.add(writer.write(e));
            }
            for (CompletableFuture<Void> w : written) {
                w.get(30, TimeUnit.SECONDS);
            }
        }
    }

    private static final EventRule BRUTE = new EventRule("brute", "brute-force-account", "Brute force", Rule.Level.HIGH, Duration.ofHours(1), "test", e -> false, List.of());
    private static final EventRule DISABLED = new EventRule("disabled", "disabled-account-sign-in", "Disabled", Rule.Level.MEDIUM, Duration.ofHours(1), "test", e -> false, List.of());

    private static Alert alert(EventRule rule, String municipality, String raised) {
        Map<String, String> group = new LinkedHashMap<>();
        group.put("actor.municipality", municipality);
        group.put("n", raised);
        Instant at = Instant.parse(raised);
        return Alert.raise(new Detection(rule, group, at, at, 1, List.of(new EventRef("keycloak/kc-1", 1, at)), municipality), at);
    }

    private static void storeAlertsAndChecks() throws Exception {
        try (Connection m = DriverManager.getConnection(monitor.jdbcUrl(), monitor.user(), monitor.password())) {
            Alert kuldigaHigh = alert(BRUTE, "kuldiga", "2026-11-03T10:00:00Z");
            AlertStore.save(m, kuldigaHigh.acknowledge("officer@kuldiga.lv", Instant.parse("2026-11-03T10:30:00Z"))
                    .close("officer@kuldiga.lv", Instant.parse("2026-11-03T11:00:00Z"), "Lietotājs aizmirsa paroli / the user forgot the password"));
            AlertStore.save(m, alert(DISABLED, "kuldiga", "2026-11-20T09:00:01Z"));
            AlertStore.save(m, alert(BRUTE, "talsi", "2026-11-12T08:10:00Z").acknowledge("officer@talsi.lv", Instant.parse("2026-11-12T08:20:00Z")));
            AlertStore.save(m, alert(BRUTE, "talsi", "2026-10-30T08:00:00Z")); // October's: not counted
            // the monitor's checks of the whole log: three in November (one found a break), one in December
            IntegrityCheck.remember(m, Instant.parse("2026-11-01T00:00:00Z"), List.of());
            List<ChainVerifier.Break> breaks = List.of(new ChainVerifier.Break("keycloak/kc-1", 5, ChainVerifier.Kind.CHANGED, "hash differs"));
            IntegrityCheck.remember(m, Instant.parse("2026-11-20T12:00:00Z"), breaks);
            AlertStore.record(m, IntegrityFindings.of(breaks, Instant.parse("2026-11-20T12:00:00Z")), Instant.parse("2026-11-20T12:00:00Z"),
                    new Raising(List.of(), raised -> { }));
            IntegrityCheck.remember(m, Instant.parse("2026-11-30T21:00:00Z"), List.of());
            IntegrityCheck.remember(m, Instant.parse("2026-11-30T22:30:00Z"), breaks);
        }
    }

    @Test
    void thePlatformsMonthHasTheExactNumbersWithinRigasMonth() throws Exception {
        MonthlyEvidence e = reports.build(NOVEMBER, Scope.platform()).evidence();
        // 10 talsi + 9 kuldīga sign-ins, 4 admin actions, 3 trust changes in the month
        assertThat(e.records()).isEqualTo(26);
        assertThat(e.signIns()).containsExactly(DirectorySignIns.of("kuldiga", 5, 4), DirectorySignIns.of("talsi", 8, 2));
        assertThat(e.signIns().get(0).failedRate()).isEqualTo(0.4444);
        assertThat(e.disabledAccounts()).containsExactly(new DisabledAccountUse("kuldiga", 3, 2));
        assertThat(e.adminActions()).containsExactly(new TypeCount("ADMIN_CREATE", 1, 1), new TypeCount("ADMIN_UPDATE", 2, 0));
        assertThat(e.trustChanges()).containsExactly(new TypeCount("TRUST_APPROVE", 0, 1), new TypeCount("TRUST_REVIEW", 1, 0),
                new TypeCount("TRUST_SUSPEND", 1, 0));
        assertThat(e.overdueTrusts()).extracting(OverdueTrust::trustId).containsExactly("trust-a", "trust-d");
        assertThat(e.overdueTrusts().get(0).reviewDue()).isEqualTo(Instant.parse("2026-10-20T09:00:00Z"));
        assertThat(e.alerts()).containsExactly(new AlertHandling("CRITICAL", 1, 0, 0, 1, null), new AlertHandling("HIGH", 2, 2, 1, 1, 20.0),
                new AlertHandling("MEDIUM", 1, 0, 0, 1, null));
        // December's check is after the month: the latest up to its end is the intact one at 23:00 Riga time
        assertThat(e.integrity()).isEqualTo(new MonthlyEvidence.Integrity(3, 1, Instant.parse("2026-11-30T21:00:00Z"), "INTACT", 1));
    }

    @Test
    void aMunicipalitysReportLeavesOutAnotherMunicipalitysRecordsAlertsAndTrusts() throws Exception {
        MonthlyEvidence e = reports.build(NOVEMBER, Scope.municipality("kuldiga")).evidence();
        // 9 sign-ins, 2 admin actions, 1 refused trust approval: all by kuldīga's people
        assertThat(e.records()).isEqualTo(12);
        assertThat(e.signIns()).containsExactly(DirectorySignIns.of("kuldiga", 5, 4));
        assertThat(e.disabledAccounts()).containsExactly(new DisabledAccountUse("kuldiga", 3, 2));
        assertThat(e.adminActions()).containsExactly(new TypeCount("ADMIN_CREATE", 1, 1));
        assertThat(e.trustChanges()).containsExactly(new TypeCount("TRUST_APPROVE", 0, 1));
        // trust-a names kuldīga as the trusting side; trust-d (ventspils → liepāja) is none of its business
        assertThat(e.overdueTrusts()).extracting(OverdueTrust::trustId).containsExactly("trust-a");
        assertThat(e.alerts()).containsExactly(new AlertHandling("HIGH", 1, 1, 1, 0, 30.0), new AlertHandling("MEDIUM", 1, 0, 0, 1, null));
        assertThat(e.integrity().checks()).isEqualTo(3);

        MonthlyEvidence talsi = reports.build(NOVEMBER, Scope.municipality("talsi")).evidence();
        assertThat(talsi.signIns()).containsExactly(DirectorySignIns.of("talsi", 8, 2));
        assertThat(talsi.disabledAccounts()).isEmpty();
        assertThat(talsi.overdueTrusts()).extracting(OverdueTrust::trustId).containsExactly("trust-a");
    }

    @Test
    void eachIntegrityCheckIsKeptAndTheMonthsReportShowsTheLatest() throws Exception {
        Watcher.Connections auditLog = () -> DriverManager.getConnection(audit.jdbcUrl(), audit.user(), audit.password());
        Watcher.Connections monitorDb = () -> DriverManager.getConnection(monitor.jdbcUrl(), monitor.user(), monitor.password());
        java.security.PublicKey key = java.security.KeyPairGenerator.getInstance("Ed25519").generateKeyPair().getPublic();
        Raising quiet = new Raising(List.of(), raised -> { });
        // December's checks: November's numbers stay as the other tests expect them
        new IntegrityCheck(auditLog, monitorDb, key, Clock.fixed(Instant.parse("2026-12-05T10:00:00Z"), ZoneOffset.UTC), quiet).run();
        // an October record changed by the database's owner, past the append-only trigger
        try (Connection owner = DriverManager.getConnection(audit.jdbcUrl(), audit.user(), audit.password());
             java.sql.Statement s = owner.createStatement()) {
            s.execute("ALTER TABLE audit_record DISABLE TRIGGER audit_record_append_only");
            s.execute("UPDATE audit_record SET client = 'changed' WHERE time < '2026-10-31T22:00:00Z' AND type = 'LOGIN'");
            s.execute("ALTER TABLE audit_record ENABLE TRIGGER audit_record_append_only");
        }
        IntegrityCheck.Result broken = new IntegrityCheck(auditLog, monitorDb, key,
                Clock.fixed(Instant.parse("2026-12-06T10:00:00Z"), ZoneOffset.UTC), quiet).run();
        assertThat(broken.breaks()).singleElement().satisfies(b -> assertThat(b.kind()).isEqualTo(ChainVerifier.Kind.CHANGED));

        MonthlyEvidence december = reports.build(YearMonth.of(2026, 12), Scope.platform()).evidence();
        // with the stored one of 1 December 00:30 Riga time, which found a break
        assertThat(december.integrity().checks()).isEqualTo(3);
        assertThat(december.integrity().brokenChecks()).isEqualTo(2);
        assertThat(december.integrity().latestAt()).isEqualTo(Instant.parse("2026-12-06T10:00:00Z"));
        assertThat(december.integrity().latestResult()).startsWith("BROKEN: keycloak/kc-1 #1: CHANGED");
        assertThat(december.integrity().chainBreakAlerts()).isEqualTo(1);
        // 1 December 00:00 Riga is December's first instant
        assertThat(december.records()).isEqualTo(1);
    }

    @Test
    void theReportOfTheMonthRendersAsJsonAndPdfWithItsNumbers() throws Exception {
        Report report = reports.build(NOVEMBER, Scope.municipality("kuldiga"));
        assertThat(new String(reports.json(report), java.nio.charset.StandardCharsets.UTF_8))
                .contains("\"scope\" : \"kuldiga\"", "\"records\" : 12", "does not claim compliance");
        try (PDDocument doc = Loader.loadPDF(reports.pdf(report))) {
            String text = new PDFTextStripper().getText(doc).replaceAll("\\s+", " ");
            assertThat(text).contains("Tvērums: pašvaldība kuldiga", "Atspējotu kontu lietošanas mēģinājumi: 3 (2 konti)",
                    "Uzticēšanās ar nokavētu pārskatīšanu mēneša beigās: 1", "audita ieraksti: 12");
        }
    }
}
