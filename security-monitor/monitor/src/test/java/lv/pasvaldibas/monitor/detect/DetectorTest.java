package lv.pasvaldibas.monitor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.monitor.rule.RuleSet;
import org.junit.jupiter.api.Test;

/** The windows of correlations: by the events' own times, per group, started anew after a finding, refilled by a replay. */
class DetectorTest {

    private static final Instant T = Instant.parse("2026-11-24T09:00:00Z");
    private static final RuleSet RULES = RuleSet.of(Map.of("r.yml", """
            title: failed
            id: failed
            level: low
            detection:
              s:
                type: LOGIN_ERROR
              condition: s
            ---
            title: three failures of one account in a minute
            id: three
            level: high
            correlation:
              type: event_count
              rules: [failed]
              group-by: [actor.username]
              timespan: 1m
              condition: {gte: 3}
            ---
            title: three accounts from one address in a minute
            id: spray
            level: high
            correlation:
              type: value_count
              rules: [failed]
              group-by: [source_ip]
              timespan: 1m
              condition: {field: actor.username, gte: 3}
            """));

    private long seq;

    private AuditFields failure(int second, String user, String ip) {
        return new AuditFields("keycloak/kc-1", ++seq, new AuditEvent(T.plusSeconds(second), "LOGIN_ERROR", AuditEvent.Outcome.FAILURE,
                new AuditEvent.Actor(null, user, "talsi", "talsi"), "c", ip, null, null, null, Map.of()));
    }

    private static List<String> found(Detector d, AuditFields e) {
        return d.accept(e).stream().map(x -> x.rule().id() + " " + x.group() + " " + x.count()).toList();
    }

    @Test
    void countsWithinTheTimespanPerGroupAndStartsAnewAfterAFinding() {
        Detector d = new Detector(RULES);
        assertThat(found(d, failure(0, "a", "1.1.1.1"))).isEmpty();
        assertThat(found(d, failure(10, "b", "2.2.2.2"))).isEmpty();
        assertThat(found(d, failure(30, "a", "3.3.3.3"))).isEmpty();
        assertThat(found(d, failure(61, "a", "4.4.4.4"))).as("the first one is out of the minute").isEmpty();
        assertThat(found(d, failure(62, "a", "5.5.5.5"))).containsExactly("three {actor.username=a} 3");
        assertThat(found(d, failure(63, "a", "5.5.5.5"))).as("counting starts anew").isEmpty();
    }

    @Test
    void distinctValuesCountOnceEachAndTheFindingCarriesTheMunicipalityAndEvidence() {
        Detector d = new Detector(RULES);
        for (int i = 0; i < 5; i++) {
            assertThat(d.accept(failure(i, "same", "9.9.9.9"))).noneMatch(x -> x.rule().id().equals("spray"));
        }
        d.accept(failure(6, "other", "9.9.9.9"));
        List<Detection> third = d.accept(failure(7, "third", "9.9.9.9")).stream().filter(x -> x.rule().id().equals("spray")).toList();
        assertThat(third).singleElement().satisfies(x -> {
            assertThat(x.count()).isEqualTo(3);
            assertThat(x.municipality()).isEqualTo("talsi");
            assertThat(x.events()).hasSize(3);
            assertThat(x.first()).isEqualTo(T.plusSeconds(4));
        });
    }

    @Test
    void eventsReplayedAfterARestartRefillTheWindowsWithoutReportingAgain() {
        List<AuditFields> before = List.of(failure(0, "a", "1.1.1.1"), failure(1, "a", "1.1.1.1"), failure(2, "a", "1.1.1.1"),
                failure(3, "a", "1.1.1.1"));
        Detector first = new Detector(RULES);
        List<Detection> reported = new ArrayList<>();
        before.forEach(e -> reported.addAll(first.accept(e)));
        assertThat(reported).extracting(x -> x.rule().id()).containsExactly("three");

        Detector restarted = new Detector(RULES);
        assertThat(restarted.longestTimespan()).isEqualTo(Duration.ofMinutes(1));
        before.forEach(restarted::replay);
        // as the first detector would: a and its fourth failure are one towards the next three
        assertThat(found(restarted, failure(4, "a", "1.1.1.1"))).isEmpty();
        assertThat(found(first, failure(4, "a", "1.1.1.1"))).isEmpty();
        assertThat(found(restarted, failure(5, "a", "1.1.1.1"))).containsExactly("three {actor.username=a} 3");
    }
}
