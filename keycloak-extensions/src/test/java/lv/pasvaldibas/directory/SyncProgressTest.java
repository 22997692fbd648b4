package lv.pasvaldibas.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class SyncProgressTest {

    private static final Instant T0 = Instant.parse("2026-11-29T10:00:00Z");
    private static final Instant SINCE = Instant.parse("2026-11-28T00:00:00Z");

    @Test
    void batchesAddUpAndARunThatStoppedIsResumedByTheSameKindWithItsCountsKept() {
        SyncProgress stopped = SyncProgress.start(SyncProgress.Kind.FULL, null, T0, T0)
                .after(500, "uid=a", 400, 100, 0, T0.plusSeconds(1))
                .after(500, "uid=b", 0, 499, 1, T0.plusSeconds(2))
                .failed("Directory m3 cannot be reached", T0.plusSeconds(3));
        assertThat(stopped.position()).isEqualTo(1000);
        assertThat(stopped.lastDn()).isEqualTo("uid=b");
        assertThat(stopped.added() + stopped.updated() + stopped.failed()).isEqualTo(1000);

        assertThat(stopped.resumableBy(SyncProgress.Kind.FULL, null)).isTrue();
        SyncProgress resumed = stopped.resumed(T0.plusSeconds(60));
        assertThat(resumed.state()).isEqualTo(SyncProgress.State.RUNNING);
        assertThat(resumed.position()).isEqualTo(1000);
        assertThat(resumed.added()).isEqualTo(400);
        assertThat(resumed.startedAt()).isEqualTo(T0);
        assertThat(resumed.error()).isNull();
    }

    @Test
    void aFinishedRunOrOneOfAnotherKindOrBoundStartsOver() {
        SyncProgress done = SyncProgress.start(SyncProgress.Kind.FULL, null, T0, T0).after(10, "uid=z", 10, 0, 0, T0).done(2, T0.plusSeconds(5));
        assertThat(done.removed()).isEqualTo(2);
        assertThat(done.finishedAt()).isEqualTo(T0.plusSeconds(5));
        assertThat(done.resumableBy(SyncProgress.Kind.FULL, null)).isFalse();
        assertThat(done.finishedIn(SyncProgress.Kind.FULL, null, T0)).isTrue();
        assertThat(done.finishedIn(SyncProgress.Kind.FULL, null, T0.plusSeconds(1))).as("another run").isFalse();
        assertThat(done.finishedIn(SyncProgress.Kind.CHANGED, null, T0)).isFalse();

        SyncProgress changed = SyncProgress.start(SyncProgress.Kind.CHANGED, SINCE, T0, T0).failed("stopped", T0);
        assertThat(changed.resumableBy(SyncProgress.Kind.FULL, null)).isFalse();
        assertThat(changed.resumableBy(SyncProgress.Kind.CHANGED, SINCE.plusSeconds(1))).isFalse();
        assertThat(changed.resumableBy(SyncProgress.Kind.CHANGED, SINCE)).isTrue();
    }

    @Test
    void aRunningSyncCountsAsAbandonedOnceItsHeartbeatIsOlderThanTheLimit() {
        SyncProgress running = SyncProgress.start(SyncProgress.Kind.FULL, null, T0, T0).after(500, "uid=a", 500, 0, 0, T0.plusSeconds(10));
        assertThat(running.runningElsewhere(T0.plusSeconds(39), Duration.ofSeconds(30))).isTrue();
        assertThat(running.runningElsewhere(T0.plusSeconds(41), Duration.ofSeconds(30))).isFalse();
        assertThat(running.failed("x", T0.plusSeconds(11)).runningElsewhere(T0.plusSeconds(12), Duration.ofSeconds(30))).isFalse();
    }

    @Test
    void negativeCountsAreRefused() {
        assertThatThrownBy(() -> new SyncProgress(SyncProgress.Kind.FULL, null, SyncProgress.State.RUNNING, -1, null, 0, 0, 0, 0, T0, T0, null, null))
                .isInstanceOf(IllegalArgumentException.class);
    }
}
