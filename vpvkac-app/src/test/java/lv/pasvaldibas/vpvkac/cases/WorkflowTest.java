package lv.pasvaldibas.vpvkac.cases;

import static lv.pasvaldibas.vpvkac.cases.CaseStatus.DELIVERED;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.FORWARDED;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.IN_PROGRESS;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.RECEIVED;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.REJECTED;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.RESULT_READY;
import static lv.pasvaldibas.vpvkac.cases.CaseStatus.WITHDRAWN;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.ArrayList;
import java.util.List;
import java.util.Set;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class WorkflowTest {

    /** The table of moves, written out by hand: every pair not here is illegal. */
    private static final Set<List<CaseStatus>> LEGAL = Set.of(
            List.of(RECEIVED, IN_PROGRESS),
            List.of(IN_PROGRESS, FORWARDED),
            List.of(IN_PROGRESS, RESULT_READY),
            List.of(FORWARDED, RESULT_READY),
            List.of(RESULT_READY, DELIVERED),
            List.of(RECEIVED, REJECTED), List.of(IN_PROGRESS, REJECTED), List.of(FORWARDED, REJECTED), List.of(RESULT_READY, REJECTED),
            List.of(RECEIVED, WITHDRAWN), List.of(IN_PROGRESS, WITHDRAWN), List.of(FORWARDED, WITHDRAWN), List.of(RESULT_READY, WITHDRAWN));

    static Stream<Arguments> legalMoves() {
        return LEGAL.stream().map(move -> Arguments.of(move.get(0), move.get(1)));
    }

    static Stream<Arguments> illegalMoves() {
        List<Arguments> illegal = new ArrayList<>();
        for (CaseStatus from : CaseStatus.values()) {
            for (CaseStatus to : CaseStatus.values()) {
                if (!LEGAL.contains(List.of(from, to))) {
                    illegal.add(Arguments.of(from, to));
                }
            }
        }
        return illegal.stream();
    }

    @ParameterizedTest(name = "{0} -> {1} is allowed")
    @MethodSource("legalMoves")
    void theLegalMovesAreAllowed(CaseStatus from, CaseStatus to) {
        assertThat(Workflow.allows(from, to)).isTrue();
        Workflow.requireAllowed(from, to);
        assertThat(Workflow.next(from)).contains(to);
    }

    @ParameterizedTest(name = "{0} -> {1} is refused")
    @MethodSource("illegalMoves")
    void everyOtherMoveIsRefusedNamingBothStatuses(CaseStatus from, CaseStatus to) {
        assertThat(Workflow.allows(from, to)).isFalse();
        assertThatThrownBy(() -> Workflow.requireAllowed(from, to))
                .isInstanceOfSatisfying(IllegalTransitionException.class, e -> {
                    assertThat(e.from()).isEqualTo(from);
                    assertThat(e.to()).isEqualTo(to);
                    assertThat(e.reason().key()).isEqualTo("case.illegalTransition");
                    assertThat(e.arguments()).containsExactly(from, to);
                    assertThat(e.getMessage()).contains(from.name()).contains(to.name());
                });
    }

    @Test
    void theTablesCoverEveryPairOnce() {
        int statuses = CaseStatus.values().length;
        assertThat(legalMoves().count() + illegalMoves().count()).isEqualTo((long) statuses * statuses);
        assertThat(legalMoves().count()).isEqualTo(13);
    }

    @Test
    void finalStatusesHaveNoMoveAndTheOthersCanAlwaysBeStopped() {
        for (CaseStatus status : CaseStatus.values()) {
            if (status.isFinal()) {
                assertThat(Workflow.next(status)).as(status.name()).isEmpty();
            } else {
                assertThat(Workflow.next(status)).as(status.name()).contains(REJECTED, WITHDRAWN);
            }
        }
        assertThat(Stream.of(CaseStatus.values()).filter(CaseStatus::isFinal)).containsExactlyInAnyOrder(DELIVERED, REJECTED, WITHDRAWN);
    }

    @Test
    void aCentreMayServeWithoutForwarding() {
        assertThat(Workflow.allows(IN_PROGRESS, RESULT_READY)).isTrue();
        assertThat(Workflow.allows(RECEIVED, RESULT_READY)).isFalse();
    }

    @Test
    void theNextStatusesCannotBeChanged() {
        assertThatThrownBy(() -> Workflow.next(RECEIVED).add(DELIVERED)).isInstanceOf(UnsupportedOperationException.class);
    }

    @Test
    void onlyStatusesBeforeTheResultAwaitIt() {
        assertThat(Stream.of(CaseStatus.values()).filter(CaseStatus::awaitsResult)).containsExactly(RECEIVED, IN_PROGRESS, FORWARDED);
    }
}
