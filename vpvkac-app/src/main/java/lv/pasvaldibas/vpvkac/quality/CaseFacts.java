package lv.pasvaldibas.vpvkac.quality;

import java.time.Instant;
import java.time.LocalDate;
import java.util.Objects;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.Channel;

/**
 * What the quality indicators need to know of one service application, and nothing personal: no
 * client, no notes. The times are the first moment the case reached each step; a step not reached is null.
 *
 * @param service       the service's catalogue code
 * @param institution   the code of the institution providing the service
 * @param municipality  the municipality whose centre took the application
 * @param centre        the centre's code
 * @param receivedAt    registration (status RECEIVED)
 * @param firstActionAt when handling started (IN_PROGRESS), or null
 * @param resultReadyAt when the result was ready (RESULT_READY), or null
 * @param deliveredAt   when the client got the result (DELIVERED), or null
 * @param due           the last day in time ({@link lv.pasvaldibas.vpvkac.cases.Deadline#due()})
 * @param status        the status now (final or not)
 */
public record CaseFacts(String service, String institution, String municipality, String centre, Channel channel,
                        Instant receivedAt, Instant firstActionAt, Instant resultReadyAt, Instant deliveredAt,
                        LocalDate due, CaseStatus status) {

    public CaseFacts {
        Objects.requireNonNull(service, "service");
        Objects.requireNonNull(institution, "institution");
        Objects.requireNonNull(municipality, "municipality");
        Objects.requireNonNull(centre, "centre");
        Objects.requireNonNull(channel, "channel");
        Objects.requireNonNull(receivedAt, "receivedAt");
        Objects.requireNonNull(due, "due");
        Objects.requireNonNull(status, "status");
        // the workflow passes the steps in this order, so a later step without an earlier one, or before it, is corrupt data
        notBefore(firstActionAt, receivedAt, "firstActionAt", "receivedAt");
        notBefore(resultReadyAt, firstActionAt, "resultReadyAt", "firstActionAt");
        notBefore(deliveredAt, resultReadyAt, "deliveredAt", "resultReadyAt");
    }

    private static void notBefore(Instant later, Instant earlier, String laterName, String earlierName) {
        if (later != null && (earlier == null || later.isBefore(earlier))) {
            throw new IllegalArgumentException(laterName + " needs " + earlierName + " at or before it");
        }
    }
}
