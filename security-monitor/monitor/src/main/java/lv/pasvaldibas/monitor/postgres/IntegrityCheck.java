package lv.pasvaldibas.monitor.postgres;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import lv.pasvaldibas.audit.AuditDatabase;
import lv.pasvaldibas.audit.ChainVerifier;
import lv.pasvaldibas.monitor.alert.Alert;
import lv.pasvaldibas.monitor.detect.IntegrityFindings;

/**
 * Verifies the whole audit log (every stream's chain and signed checkpoints, as {@code bin/platform audit
 * verify} does), keeps what it found, and raises an alert for each broken stream, naming its first broken record.
 */
public final class IntegrityCheck {

    private final Watcher.Connections audit;
    private final Watcher.Connections monitor;
    private final PublicKey checkpointKey;
    private final Clock clock;
    private final Raising raising;

    public IntegrityCheck(Watcher.Connections audit, Watcher.Connections monitor, PublicKey checkpointKey, Clock clock, Raising raising) {
        this.audit = audit;
        this.monitor = monitor;
        this.checkpointKey = checkpointKey;
        this.clock = clock;
        this.raising = raising;
    }

    /** What a check found, and the alerts it raised (a break already alerted adds to its alert instead). */
    public record Result(List<ChainVerifier.Break> breaks, List<Alert> raised) {
    }

    /** What was found, in the monitor's table {@code integrity_check}. */
    static void remember(Connection m, Instant checkedAt, List<ChainVerifier.Break> breaks) throws SQLException {
        try (PreparedStatement s = m.prepareStatement("INSERT INTO integrity_check (checked_at, intact, breaks) VALUES (?, ?, ?)")) {
            s.setTimestamp(1, Timestamp.from(checkedAt));
            s.setBoolean(2, breaks.isEmpty());
            s.setString(3, String.join("\n", breaks.stream().map(ChainVerifier.Break::toString).toList()));
            s.executeUpdate();
        }
    }

    public Result run() throws SQLException {
        List<ChainVerifier.Break> breaks;
        try (Connection a = audit.open()) {
            breaks = AuditDatabase.verify(a, checkpointKey);
        }
        Instant checkedAt = clock.instant();
        try (Connection m = monitor.open()) {
            m.setAutoCommit(false);
            try {
                // kept with the alerts it raised, in one transaction: the monthly report counts the checks
                remember(m, checkedAt, breaks);
                List<Alert> raised = breaks.isEmpty() ? List.of() : AlertStore.record(m, IntegrityFindings.of(breaks, checkedAt), checkedAt, raising);
                m.commit();
                return new Result(List.copyOf(breaks), raised);
            } catch (SQLException | RuntimeException e) {
                m.rollback();
                throw e;
            }
        }
    }
}
