package lv.pasvaldibas.vpvkac.cases;

import java.time.Instant;
import java.time.LocalDate;
import java.time.ZoneId;
import java.util.Objects;

/**
 * When a service's result is due: the last day on which it is still in time, in Latvian time. A
 * service's deadline is counted in working days ({@link LatvianCalendar}), from the day after the
 * application was received, as the public service catalogue states terms; the deadline is met when the
 * result is ready (the institution's or centre's part), not when the client collects it.
 *
 * @param due the last day in time, in {@link #ZONE}
 */
public record Deadline(LocalDate due) {

    /** Deadlines are days in Latvia, whatever the server's time zone. */
    public static final ZoneId ZONE = ZoneId.of("Europe/Riga");

    public Deadline {
        Objects.requireNonNull(due, "due");
    }

    /** The deadline of an application received at {@code received} for a service with a term of {@code workingDays}. */
    public static Deadline of(Instant received, int workingDays, LatvianCalendar calendar) {
        return new Deadline(calendar.plusWorkingDays(received.atZone(ZONE).toLocalDate(), workingDays));
    }

    /** The first instant that is too late: midnight at the start of the day after {@link #due}, Latvian time. */
    public Instant end() {
        return due.plusDays(1).atStartOfDay(ZONE).toInstant();
    }

    /** True when a result made ready at {@code resultReadyAt} came after the due day. */
    public boolean missedBy(Instant resultReadyAt) {
        return !resultReadyAt.isBefore(end());
    }

    /**
     * True when a case in {@code status} is overdue at {@code now}: its result is still owed
     * ({@link CaseStatus#awaitsResult()}) and the due day is over. A case whose result is ready, or
     * that is final, is never overdue; whether it was late is {@link #missedBy}.
     */
    public boolean overdue(CaseStatus status, Instant now) {
        return status.awaitsResult() && !now.isBefore(end());
    }
}
