package lv.pasvaldibas.vpvkac.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.time.LocalDate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.EnumSource;

class DeadlineTest {

    @Test
    void theDayOfReceiptIsTheDayInRiga() {
        // 22:30 UTC on Thursday 6 March is 00:30 on Friday 7 March in Riga (UTC+2)
        Deadline deadline = Deadline.of(Instant.parse("2025-03-06T22:30:00Z"), 1, LatvianCalendar.STANDARD);
        assertThat(deadline.due()).isEqualTo(LocalDate.of(2025, 3, 10));
    }

    @Test
    void aDeadlineCountsWorkingDays() {
        Deadline deadline = Deadline.of(Instant.parse("2025-04-17T09:00:00Z"), 10, LatvianCalendar.STANDARD);
        // 18 Apr Good Friday, 21 Apr Easter Monday, 1 May and 5 May (4 May is a Sunday) are off:
        // 22, 23, 24, 25, 28, 29, 30 Apr, 2, 6, 7 May
        assertThat(deadline.due()).isEqualTo(LocalDate.of(2025, 5, 7));
    }

    @Test
    void theDeadlineEndsAtMidnightRigaTime() {
        assertThat(new Deadline(LocalDate.of(2025, 3, 10)).end()).isEqualTo(Instant.parse("2025-03-10T22:00:00Z"));
        assertThat(new Deadline(LocalDate.of(2025, 7, 1)).end()).isEqualTo(Instant.parse("2025-07-01T21:00:00Z"));
    }

    @Test
    void aResultReadyOnTheDueDayIsInTime() {
        Deadline deadline = new Deadline(LocalDate.of(2025, 7, 1));
        assertThat(deadline.missedBy(Instant.parse("2025-07-01T20:59:59Z"))).isFalse();
        assertThat(deadline.missedBy(Instant.parse("2025-07-01T21:00:00Z"))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = CaseStatus.class, names = {"RECEIVED", "IN_PROGRESS", "FORWARDED"})
    void aCaseStillOwingItsResultIsOverdueAfterTheDueDay(CaseStatus status) {
        Deadline deadline = new Deadline(LocalDate.of(2025, 3, 10));
        assertThat(deadline.overdue(status, Instant.parse("2025-03-10T21:59:59Z"))).isFalse();
        assertThat(deadline.overdue(status, Instant.parse("2025-03-10T22:00:00Z"))).isTrue();
    }

    @ParameterizedTest
    @EnumSource(value = CaseStatus.class, names = {"RESULT_READY", "DELIVERED", "REJECTED", "WITHDRAWN"})
    void aCaseWithAResultOrClosedIsNeverOverdue(CaseStatus status) {
        Deadline deadline = new Deadline(LocalDate.of(2025, 3, 10));
        assertThat(deadline.overdue(status, Instant.parse("2026-01-01T00:00:00Z"))).isFalse();
    }
}
