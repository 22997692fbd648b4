package lv.pasvaldibas.monitor.signin;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class OfficerTest {

    @Test
    void aMunicipalOfficerSeesTheirMunicipalityAndAPlatformOfficerEveryone() {
        Officer talsi = Officer.of("ilze@talsi.lv", Map.of("Role", List.of("employee", "security-officer"), "municipality", List.of("talsi"))).orElseThrow();
        assertThat(talsi.scope()).isEqualTo("talsi");
        Officer platform = Officer.of("pēteris", Map.of("Role", List.of("platform-security-officer"))).orElseThrow();
        assertThat(platform.scope()).isNull();
        assertThat(platform.platformWide()).isTrue();
    }

    @Test
    void withoutARoleOrWithoutAMunicipalityThereIsNoOfficer() {
        assertThat(Officer.of("anna", Map.of("Role", List.of("employee"), "municipality", List.of("kuldiga")))).isEmpty();
        assertThat(Officer.of("anna", Map.of("Role", List.of("security-officer")))).isEmpty();
        // two municipalities: whose records? none
        assertThat(Officer.of("anna", Map.of("Role", List.of("security-officer"), "municipality", List.of("talsi", "kuldiga")))).isEmpty();
        assertThat(Officer.of("anna", Map.of())).isEmpty();
    }

    @Test
    void theValidityWindowAllowsOnlyTheSkew() throws Exception {
        Instant now = Instant.parse("2026-11-30T12:00:00Z");
        Duration skew = Duration.ofSeconds(30);
        ValidityWindow.check(now.minusSeconds(10), now.plusSeconds(10), now, skew);
        ValidityWindow.check(now.plusSeconds(20), now.plusSeconds(60), now, skew); // the other clock is a little ahead
        ValidityWindow.check(null, now.minusSeconds(20), now, skew); // ended, but within the allowance
        assertThatThrownBy(() -> ValidityWindow.check(null, now.minusSeconds(31), now, skew)).isInstanceOf(SignInRefused.class)
                .extracting(e -> ((SignInRefused) e).reason()).isEqualTo(SignInRefusal.EXPIRED);
        assertThatThrownBy(() -> ValidityWindow.check(now.plusSeconds(31), now.plusSeconds(90), now, skew)).isInstanceOf(SignInRefused.class);
        assertThatThrownBy(() -> ValidityWindow.check(null, null, now, skew)).isInstanceOf(SignInRefused.class);
        assertThatThrownBy(() -> ValidityWindow.requireSkew(Duration.ofMinutes(6))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void sessionTokensAreRandomAndOnlyTheirDigestIsKept() {
        String a = SessionTokens.newToken();
        assertThat(a).hasSize(43).isNotEqualTo(SessionTokens.newToken());
        assertThat(SessionTokens.digest(a)).hasSize(32).isEqualTo(SessionTokens.digest(a));
        assertThat(SessionTokens.newRequestId()).startsWith("_");
    }
}
