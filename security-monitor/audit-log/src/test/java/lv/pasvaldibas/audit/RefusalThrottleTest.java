package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Duration;
import java.time.Instant;
import java.util.OptionalLong;
import org.junit.jupiter.api.Test;

class RefusalThrottleTest {

    private static final Instant T0 = Instant.parse("2026-11-26T08:00:00Z");

    @Test
    void aCallerRepeatingARefusedCallGetsOneRecordPerWindowCarryingTheCountOfTheRest() {
        RefusalThrottle throttle = new RefusalThrottle(Duration.ofMinutes(1), 100);
        assertThat(throttle.admit("officer-a", T0)).isEqualTo(OptionalLong.of(0));
        for (int i = 1; i <= 999; i++) {
            assertThat(throttle.admit("officer-a", T0.plusMillis(i * 50L))).isEmpty();
        }
        assertThat(throttle.admit("officer-a", T0.plusSeconds(60))).isEqualTo(OptionalLong.of(999));
        assertThat(throttle.admit("officer-a", T0.plusSeconds(61))).isEmpty();
    }

    @Test
    void oneCallerFloodingDoesNotSilenceAnother() {
        RefusalThrottle throttle = new RefusalThrottle(Duration.ofMinutes(1), 100);
        throttle.admit("flooder", T0);
        throttle.admit("flooder", T0.plusSeconds(1));
        assertThat(throttle.admit("someone-else", T0.plusSeconds(2))).isEqualTo(OptionalLong.of(0));
    }

    @Test
    void manyCallersDoNotGrowItsMemoryBeyondItsBound() {
        RefusalThrottle throttle = new RefusalThrottle(Duration.ofMinutes(1), 3);
        for (int i = 0; i < 10; i++) {
            assertThat(throttle.admit("caller-" + i, T0.plusMillis(i))).as("a new caller's first refusal is recorded").isPresent();
        }
        // caller-0 was forgotten to make room: its next refusal is recorded again rather than lost
        assertThat(throttle.admit("caller-0", T0.plusSeconds(1))).isPresent();
    }
}
