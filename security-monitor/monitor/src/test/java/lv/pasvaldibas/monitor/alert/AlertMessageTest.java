package lv.pasvaldibas.monitor.alert;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.monitor.detect.Detection;
import lv.pasvaldibas.monitor.detect.EventRef;
import lv.pasvaldibas.monitor.rule.EventRule;
import lv.pasvaldibas.monitor.rule.Rule;
import org.junit.jupiter.api.Test;

/** What a delivered alert says, and the webhook's signature a receiver checks. */
class AlertMessageTest {

    private static final Instant T = Instant.parse("2026-11-24T20:45:00Z");
    private static final Alert ALERT = Alert.raise(new Detection(new EventRule("r", "r", "Sign-in to an account its directory has disabled",
            Rule.Level.MEDIUM, Duration.ofHours(1), "r.yml", e -> true, List.of("actor.username")), Map.of("actor.username", "andris.kalniņš@kuldiga.lv"),
            T, T, 1, List.of(new EventRef("keycloak/kc-1", 42, T)), "kuldiga"), T);

    @Test
    void theMessageNamesTheFindingTheRigaTimeAndTheEvidenceInBothLanguages() {
        assertThat(AlertMessage.subject(ALERT)).isEqualTo("[MEDIUM] Sign-in to an account its directory has disabled: actor.username=andris.kalniņš@kuldiga.lv");
        assertThat(AlertMessage.text(ALERT, "https://monitors.example.lv")).contains("Drošības brīdinājums / Security alert",
                "Pašvaldība / Municipality: kuldiga", "2026-11-24 22:45:00 – 2026-11-24 22:45:00 (Rīgas laiks / Riga time)",
                "keycloak/kc-1 #42", "https://monitors.example.lv/alerts/" + ALERT.id());
        assertThat(AlertMessage.payload(ALERT)).containsEntry("municipality", "kuldiga").containsEntry("level", "MEDIUM");
    }

    @Test
    void aReceiverAcceptsTheSignedBodyAndRefusesAChangedBodyTimeOrSecret() {
        byte[] secret = "webhook-secret-of-32-characters-or-more".getBytes(StandardCharsets.UTF_8);
        String body = "{\"id\":\"" + ALERT.id() + "\",\"group\":{\"actor.username\":\"andris.kalniņš@kuldiga.lv\"}}";
        String signature = WebhookSignature.sign(secret, 1_796_000_000L, body);
        assertThat(signature).startsWith("sha256=").hasSize(7 + 64);
        assertThat(WebhookSignature.verify(secret, 1_796_000_000L, body, signature)).isTrue();
        assertThat(WebhookSignature.verify(secret, 1_796_000_000L, body.replace("kuldiga", "talsi"), signature)).isFalse();
        assertThat(WebhookSignature.verify(secret, 1_796_000_001L, body, signature)).isFalse();
        assertThat(WebhookSignature.verify("another-secret-of-32-characters-or-more".getBytes(StandardCharsets.UTF_8), 1_796_000_000L, body, signature))
                .isFalse();
        assertThat(WebhookSignature.verify(secret, 1_796_000_000L, body, null)).isFalse();
    }
}
