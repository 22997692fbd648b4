package lv.pasvaldibas.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.function.Predicate;
import lv.pasvaldibas.monitor.detect.Detection;
import lv.pasvaldibas.monitor.detect.EventRef;
import lv.pasvaldibas.monitor.rule.EventFields;
import lv.pasvaldibas.monitor.rule.EventRule;
import lv.pasvaldibas.monitor.rule.Rule;
import org.junit.jupiter.api.Test;

/** De-duplication, suppression and the lifecycle of an alert. */
class AlertPolicyTest {

    private static final Instant T = Instant.parse("2026-11-24T09:00:00Z");
    private static final Predicate<EventFields> ANY = e -> true;
    private static final EventRule RULE = new EventRule("r", "r", "Disabled account", Rule.Level.MEDIUM, Duration.ofHours(1), "r.yml", ANY,
            List.of("actor.username"));

    private static Detection detection(Instant at, String user) {
        return new Detection(RULE, Map.of("actor.username", user), at, at, 1, List.of(new EventRef("keycloak/kc-1", 1, at)), "talsi");
    }

    @Test
    void theSameFindingAddsToAnOpenAlertAndAnotherFindingRaisesItsOwn() {
        AlertPolicy.Decision first = AlertPolicy.decide(Optional.empty(), detection(T, "anna"), T);
        assertThat(first).isInstanceOf(AlertPolicy.Decision.Raise.class);
        assertThat(first.alert().municipality()).isEqualTo("talsi");
        AlertPolicy.Decision again = AlertPolicy.decide(Optional.of(first.alert()), detection(T.plusSeconds(5000), "anna"), T.plusSeconds(5000));
        assertThat(again).isInstanceOf(AlertPolicy.Decision.Merge.class);
        assertThat(again.alert().findings()).isEqualTo(2);
        assertThat(again.alert().id()).isEqualTo(first.alert().id());
        assertThat(AlertPolicy.decide(Optional.empty(), detection(T, "jānis"), T).alert().key()).isNotEqualTo(first.alert().key());
    }

    @Test
    void aClosedAlertSuppressesTheSameFindingForTheRulesSuppressionOnly() {
        Alert closed = Alert.raise(detection(T, "anna"), T).acknowledge("drošība@talsi.lv", T.plusSeconds(60))
                .close("drošība@talsi.lv", T.plusSeconds(120), "Darbiniece aizgājusi; konts dzēsts.");
        assertThat(AlertPolicy.decide(Optional.of(closed), detection(T.plusSeconds(1800), "anna"), T.plusSeconds(1800)))
                .isInstanceOf(AlertPolicy.Decision.Merge.class);
        assertThat(AlertPolicy.decide(Optional.of(closed), detection(T.plusSeconds(7200), "anna"), T.plusSeconds(7200)))
                .isInstanceOf(AlertPolicy.Decision.Raise.class);
    }

    @Test
    void theLifecycleGoesForwardOnlyAndClosingNeedsANote() {
        Alert open = Alert.raise(detection(T, "anna"), T);
        assertThatThrownBy(() -> open.close("x", T, " ")).isInstanceOf(IllegalArgumentException.class);
        assertThatThrownBy(() -> open.close("x", T, "a".repeat(Alert.MAX_NOTE + 1))).isInstanceOf(IllegalArgumentException.class);
        Alert acknowledged = open.acknowledge("x", T);
        assertThatThrownBy(() -> acknowledged.acknowledge("y", T)).isInstanceOf(IllegalStateException.class);
        Alert closed = acknowledged.close("y", T, "Pārbaudīts: mācību uzbrukums.");
        assertThat(closed.state()).isEqualTo(Alert.State.CLOSED);
        assertThat(closed.note()).isEqualTo("Pārbaudīts: mācību uzbrukums.");
        assertThatThrownBy(() -> closed.close("y", T, "again")).isInstanceOf(IllegalStateException.class);
    }
}
