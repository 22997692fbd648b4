package lv.pasvaldibas.vpvkac.cases;

import java.time.Instant;
import java.time.LocalDate;
import java.util.List;

/**
 * A case as a specialist sees it: the client's personal code masked (the full code only through
 * the audited "show"), the history, and whether it is overdue now.
 *
 * @param version what a change must name, so that a change made meanwhile by someone else is noticed
 */
public record CaseView(long id, String municipality, long centreId, String centreName, String serviceCode,
                       String institutionCode, long clientId, String clientName, String clientCode, Channel channel,
                       CaseStatus status, String assignee, String notes, Instant receivedAt, LocalDate due,
                       boolean overdue, List<StatusChange> history, int version) {

    /** A line of a centre's queue: no notes and no history. */
    public record Row(long id, long centreId, String serviceCode, String clientName, String clientCode, Channel channel,
                      CaseStatus status, String assignee, Instant receivedAt, LocalDate due, boolean overdue) {
    }
}
