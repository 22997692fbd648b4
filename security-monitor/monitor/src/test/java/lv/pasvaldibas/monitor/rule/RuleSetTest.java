package lv.pasvaldibas.monitor.rule;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import java.util.Map;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.monitor.detect.AuditFields;
import org.junit.jupiter.api.Test;

/** Reading rules: what Sigma allows is understood, and anything else stops the load naming the file and the reason. */
class RuleSetTest {

    private static final String HEAD = "title: T\nid: r1\nlevel: low\n";

    private static RuleSet rules(String text) {
        return RuleSet.of(Map.of("test.yml", text));
    }

    private static AuditFields event(String type, String username, String ip, Map<String, Object> details) {
        return new AuditFields("keycloak/kc-1", 1, new AuditEvent(Instant.parse("2026-11-24T09:00:00Z"), type, AuditEvent.Outcome.FAILURE,
                new AuditEvent.Actor(null, username, "talsi", "talsi"), "vpvkac-app", ip, null, null, null, details));
    }

    private static boolean matches(String detection, AuditFields e) {
        return rules(HEAD + "detection:\n" + detection).eventRules().get(0).matches(e);
    }

    @Test
    void valuesCompareWithoutCaseWithWildcardsModifiersAndConditions() {
        AuditFields e = event("LOGIN_ERROR", "Anna.Bērziņa@talsi.lv", "203.0.113.77", Map.of("error", "invalid_user_credentials",
                "representation", Map.of("enabled", false)));
        assertThat(matches("  s:\n    actor.username: anna.bērziņa@TALSI.lv\n  condition: s\n", e)).isTrue();
        assertThat(matches("  s:\n    actor.username|cased: anna.bērziņa@talsi.lv\n  condition: s\n", e)).isFalse();
        assertThat(matches("  s:\n    actor.username: '*@talsi.lv'\n  condition: s\n", e)).isTrue();
        assertThat(matches("  s:\n    details.error|contains: user_cred\n  condition: s\n", e)).isTrue();
        assertThat(matches("  s:\n    details.representation.enabled: false\n  condition: s\n", e)).isTrue();
        assertThat(matches("  s:\n    source_ip|cidr: 203.0.113.0/24\n  condition: s\n", e)).isTrue();
        assertThat(matches("  s:\n    source_ip|cidr: 10.0.0.0/8\n  condition: s\n", e)).isFalse();
        assertThat(matches("  s:\n    session: null\n  condition: s\n", e)).isTrue();
        assertThat(matches("  s:\n    session|exists: true\n  condition: s\n", e)).isFalse();
        assertThat(matches("  s:\n    type: LOGIN_ERROR\n  f:\n    details.error: user_not_found\n  condition: s and not f\n", e)).isTrue();
        assertThat(matches("  s1:\n    type: LOGIN\n  s2:\n    type: LOGIN_ERROR\n  condition: 1 of s*\n", e)).isTrue();
        assertThat(matches("  s1:\n    type: LOGIN\n  s2:\n    type: LOGIN_ERROR\n  condition: all of them\n", e)).isFalse();
        assertThat(matches("  s:\n    type: [LOGIN, LOGIN_ERROR]\n    details.error|all: ['*invalid*', '*credentials']\n  condition: (s)\n", e)).isTrue();
        assertThat(matches("  s:\n    time.hour|gte: 11\n  condition: s\n", e)).isTrue(); // 09:00 UTC is 11:00 in Riga in November
    }

    @Test
    void aRuleThatCannotBeUsedStopsTheLoadWithItsFileAndReason() {
        String detection = "detection:\n  s:\n    type: LOGIN_ERROR\n  condition: s\n";
        assertThatThrownBy(() -> rules(HEAD + "detection:\n  s:\n    type|endswithh: X\n  condition: s\n"))
                .isInstanceOf(InvalidRuleException.class).hasMessageStartingWith("test.yml: ").hasMessageContaining("unknown modifier 'endswithh'");
        assertThatThrownBy(() -> rules(HEAD + "detection:\n  s:\n    type: X\n  condition: s and t\n"))
                .hasMessageContaining("'t', which is not a selection");
        assertThatThrownBy(() -> rules(HEAD + "detection:\n  s:\n    type: X\n  condition: s | count() > 5\n"))
                .hasMessageContaining("correlation rule");
        assertThatThrownBy(() -> rules(HEAD.replace("low", "urgent") + detection)).hasMessageContaining("level 'urgent'");
        assertThatThrownBy(() -> rules(HEAD + detection + "---\n" + HEAD + detection)).hasMessageContaining("used by another rule");
        String correlation = "title: C\nid: c1\nlevel: high\ncorrelation:\n  type: event_count\n  rules: [r1]\n  timespan: 5m\n";
        assertThatThrownBy(() -> rules(HEAD + detection + "---\n" + correlation + "  condition: {lt: 3}\n"))
                .hasMessageContaining("'lt' thresholds");
        assertThatThrownBy(() -> rules(HEAD + detection + "---\n" + correlation.replace("[r1]", "[nav]") + "  condition: {gte: 3}\n"))
                .hasMessageContaining("refers to 'nav'");
        assertThatThrownBy(() -> rules(HEAD + detection + "---\n" + correlation.replace("5m", "5 minutes") + "  condition: {gte: 3}\n"))
                .hasMessageContaining("timespan '5 minutes'");
        assertThatThrownBy(() -> rules(HEAD + detection + "---\n" + correlation.replace("event_count", "value_count") + "  condition: {gte: 3}\n"))
                .hasMessageContaining("names the 'field'");
        assertThatThrownBy(() -> rules("title: [unclosed\n")).hasMessageContaining("not readable YAML");
        assertThatThrownBy(() -> rules("")).hasMessageContaining("holds no rule");
    }

    @Test
    void aCorrelatedRuleIsSilentUnlessTheCorrelationSaysGenerate() {
        String base = HEAD + "detection:\n  s:\n    type: LOGIN_ERROR\n  condition: s\n---\n";
        String correlation = "title: C\nid: c1\nlevel: high\ncorrelation:\n  type: event_count\n  rules: [r1]\n  timespan: 5m\n  condition: {gte: 3}\n";
        assertThat(rules(base + correlation).silent(rules(base + correlation).eventRules().get(0))).isTrue();
        RuleSet generating = rules(base + correlation.replace("  condition:", "  generate: true\n  condition:"));
        assertThat(generating.silent(generating.eventRules().get(0))).isFalse();
    }
}
