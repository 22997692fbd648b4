package lv.pasvaldibas.monitor.rule;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.stream.Stream;
import lv.pasvaldibas.monitor.alert.Alert;
import lv.pasvaldibas.monitor.alert.AlertPolicy;
import lv.pasvaldibas.monitor.detect.AuditFields;
import lv.pasvaldibas.monitor.detect.Detection;
import lv.pasvaldibas.monitor.detect.Detector;
import lv.pasvaldibas.monitor.detect.RecordLines;
import org.junit.jupiter.api.DynamicTest;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestFactory;

/**
 * Every shipped rule replays its recorded fixtures (issue 14, acceptance 4): {@code positive.jsonl}
 * raises exactly one alert of the rule, {@code negative.jsonl} none. A rule that can alert and has
 * no fixtures fails here, so a rule dropped into the folder comes with its cases.
 */
class ShippedRulesTest {

    static final Path RULES = Path.of("src/main/resources/rules");

    private static List<Rule> alerting(RuleSet set) {
        List<Rule> rules = new ArrayList<>(set.correlations());
        set.eventRules().stream().filter(r -> !set.silent(r)).forEach(rules::add);
        return rules;
    }

    /** The alerts the events raise, through the detector and the alert policy as the monitor runs them. */
    static List<Alert> raised(RuleSet set, List<AuditFields> events) {
        Detector detector = new Detector(set);
        Map<String, Alert> latest = new HashMap<>();
        List<Alert> raised = new ArrayList<>();
        for (AuditFields e : events) {
            for (Detection d : detector.accept(e)) {
                AlertPolicy.Decision decision = AlertPolicy.decide(Optional.ofNullable(latest.get(d.key())), d, d.last());
                latest.put(d.key(), decision.alert());
                if (decision instanceof AlertPolicy.Decision.Raise) {
                    raised.add(decision.alert());
                }
            }
        }
        return raised;
    }

    private static List<AuditFields> fixture(String rule, String kind) throws IOException {
        return RecordLines.parse(Files.readString(RULES.resolve("fixtures").resolve(rule).resolve(kind + ".jsonl")));
    }

    @Test
    void everyRuleThatCanAlertHasAPositiveAndANegativeFixture() {
        RuleSet set = RuleSet.load(RULES);
        assertThat(alerting(set)).hasSizeGreaterThanOrEqualTo(10);
        for (Rule rule : alerting(set)) {
            assertThat(RULES.resolve("fixtures").resolve(rule.name()).resolve("positive.jsonl")).as(rule.name()).isRegularFile();
            assertThat(RULES.resolve("fixtures").resolve(rule.name()).resolve("negative.jsonl")).as(rule.name()).isRegularFile();
        }
    }

    @TestFactory
    Stream<DynamicTest> eachRulesPositiveFixtureRaisesExactlyOneAlertAndItsNegativeNone() {
        RuleSet set = RuleSet.load(RULES);
        return alerting(set).stream().flatMap(rule -> Stream.of(
                DynamicTest.dynamicTest(rule.name() + ": positive", () -> {
                    List<Alert> alerts = raised(set, fixture(rule.name(), "positive"));
                    assertThat(alerts).filteredOn(a -> a.ruleId().equals(rule.id())).as(rule.name()).hasSize(1);
                }),
                DynamicTest.dynamicTest(rule.name() + ": negative", () -> {
                    List<Alert> alerts = raised(set, fixture(rule.name(), "negative"));
                    assertThat(alerts).filteredOn(a -> a.ruleId().equals(rule.id())).as(rule.name()).isEmpty();
                })));
    }

    @Test
    void theSameFindingAgainWithinTheSuppressionRaisesNothingAndAfterItRaisesAgain() throws IOException {
        RuleSet set = RuleSet.load(RULES);
        List<AuditFields> attack = fixture("brute-force-account", "positive");
        List<AuditFields> twice = new ArrayList<>(attack);
        attack.forEach(e -> twice.add(shifted(e, java.time.Duration.ofMinutes(20))));
        assertThat(raised(set, twice)).filteredOn(a -> a.title().startsWith("Brute force")).hasSize(1);
        List<AuditFields> later = new ArrayList<>(attack);
        attack.forEach(e -> later.add(shifted(e, java.time.Duration.ofHours(2))));
        // the first alert is still open: an attack two hours later adds to it until someone closes it
        assertThat(raised(set, later)).filteredOn(a -> a.title().startsWith("Brute force")).hasSize(1);
    }

    @Test
    void theMonitorsOwnObservationsRaiseTheirRulesOncePerDirectoryAndTrustThroughTheirDailyReminders() {
        RuleSet set = RuleSet.load(RULES);
        var self = new lv.pasvaldibas.audit.AuditEvent.Actor(null, "monitor/monitor-1", null, null);
        var observations = new lv.pasvaldibas.monitor.observe.Observations(self, "security-monitor", java.time.Duration.ofDays(30),
                java.time.Duration.ofDays(1));
        Instant t0 = Instant.parse("2026-11-30T08:00:00Z");
        List<AuditFields> written = new ArrayList<>();
        for (int day = 0; day < 3; day++) {
            Instant now = t0.plus(java.time.Duration.ofDays(day));
            var directories = List.of(
                    new lv.pasvaldibas.monitor.observe.FederationSnapshot.Directory("talsi", "talsi", true, false, "Connection refused", List.of()),
                    new lv.pasvaldibas.monitor.observe.FederationSnapshot.Directory("kuldiga", "kuldiga", true, true, null, List.of(
                            new lv.pasvaldibas.monitor.observe.FederationSnapshot.ServerCertificate("ldaps://ldap.kuldiga.lv:636", "CN=ldap.kuldiga.lv",
                                    t0.plus(java.time.Duration.ofDays(10))))));
            var trusts = List.of(new lv.pasvaldibas.monitor.observe.FederationSnapshot.Trust("5d0e", "kuldiga", "talsi", "talsi", "ACTIVE",
                    t0.minusSeconds(1)));
            var report = observations.observe(new lv.pasvaldibas.monitor.observe.FederationSnapshot(now, directories, trusts));
            observations.written(report);
            report.events().forEach(e -> written.add(new AuditFields("monitor/monitor-1", written.size() + 1, e)));
        }
        assertThat(written).hasSize(9);
        assertThat(raised(set, written)).extracting(Alert::title).containsExactlyInAnyOrder(
                "Direktorija nav sasniedzama / Directory unreachable",
                "Direktorijas sertifikāta derīgums beidzas / Directory certificate close to expiry",
                "Uzticības pārskatīšana nokavēta / Trust review overdue");
        // the municipality the state concerns, from the record's details: the monitor itself has none
        assertThat(raised(set, written)).extracting(Alert::municipality).containsExactlyInAnyOrder("talsi", "kuldiga", "kuldiga");
    }

    private static AuditFields shifted(AuditFields e, java.time.Duration by) {
        var ev = e.event();
        Instant t = ev.time().plus(by);
        return new AuditFields(e.stream(), e.seq() + 100_000, new lv.pasvaldibas.audit.AuditEvent(t, ev.type(), ev.outcome(), ev.actor(),
                ev.client(), ev.sourceIp(), ev.session(), ev.targetType(), ev.targetId(), ev.details()));
    }
}
