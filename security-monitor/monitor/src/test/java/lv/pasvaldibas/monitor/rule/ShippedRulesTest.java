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
        assertThat(alerting(set)).hasSizeGreaterThanOrEqualTo(7);
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

    private static AuditFields shifted(AuditFields e, java.time.Duration by) {
        var ev = e.event();
        Instant t = ev.time().plus(by);
        return new AuditFields(e.stream(), e.seq() + 100_000, new lv.pasvaldibas.audit.AuditEvent(t, ev.type(), ev.outcome(), ev.actor(),
                ev.client(), ev.sourceIp(), ev.session(), ev.targetType(), ev.targetId(), ev.details()));
    }
}
