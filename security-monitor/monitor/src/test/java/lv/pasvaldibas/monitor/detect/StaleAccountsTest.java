package lv.pasvaldibas.monitor.detect;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditEvent;
import org.junit.jupiter.api.Test;

class StaleAccountsTest {

    private static final Instant T = Instant.parse("2026-06-01T08:00:00Z");

    private static AuditFields record(long seq, String type, AuditEvent.Outcome outcome, String user, Instant at) {
        return new AuditFields("keycloak/kc-1", seq, new AuditEvent(at, type, outcome, new AuditEvent.Actor(null, user, "talsi", "talsi"),
                "vpvkac-app", null, null, "user", null, Map.of()));
    }

    @Test
    void aSignInNinetyDaysAfterTheLastIsFoundOnceAndTheLastSignInsMoveOn() {
        Map<String, Instant> last = new HashMap<>(Map.of("ilze@talsi.lv", T, "juris@talsi.lv", T));
        List<Detection> found = StaleAccounts.find(List.of(
                record(1, "LOGIN", AuditEvent.Outcome.SUCCESS, "ilze@talsi.lv", T.plus(Duration.ofDays(90))),
                record(2, "LOGIN", AuditEvent.Outcome.SUCCESS, "ilze@talsi.lv", T.plus(Duration.ofDays(91))),
                record(3, "LOGIN", AuditEvent.Outcome.SUCCESS, "juris@talsi.lv", T.plus(Duration.ofDays(89))),
                record(4, "LOGIN_ERROR", AuditEvent.Outcome.FAILURE, "juris@talsi.lv", T.plus(Duration.ofDays(200))),
                record(5, "LOGIN", AuditEvent.Outcome.SUCCESS, "jauns@talsi.lv", T.plus(Duration.ofDays(300)))), last);
        assertThat(found).singleElement().satisfies(d -> {
            assertThat(d.rule().id()).isEqualTo("stale-account-sign-in");
            assertThat(d.group()).containsEntry("actor.username", "ilze@talsi.lv");
            assertThat(d.first()).isEqualTo(T);
            assertThat(d.municipality()).isEqualTo("talsi");
        });
        assertThat(last).containsEntry("ilze@talsi.lv", T.plus(Duration.ofDays(91))).containsEntry("juris@talsi.lv", T.plus(Duration.ofDays(89)))
                .containsEntry("jauns@talsi.lv", T.plus(Duration.ofDays(300)));
    }
}
