package lv.pasvaldibas.monitor.postgres;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Clock;
import java.util.List;
import lv.pasvaldibas.audit.AuditDatabase;
import lv.pasvaldibas.audit.ChainVerifier;
import lv.pasvaldibas.monitor.alert.Alert;
import lv.pasvaldibas.monitor.detect.IntegrityFindings;

/**
 * Verifies the whole audit log (every stream's chain and signed checkpoints, as {@code bin/platform audit
 * verify} does) and raises an alert for each broken stream, naming its first broken record.
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

    public Result run() throws SQLException {
        List<ChainVerifier.Break> breaks;
        try (Connection a = audit.open()) {
            breaks = AuditDatabase.verify(a, checkpointKey);
        }
        if (breaks.isEmpty()) {
            return new Result(List.of(), List.of());
        }
        try (Connection m = monitor.open()) {
            m.setAutoCommit(false);
            try {
                List<Alert> raised = AlertStore.record(m, IntegrityFindings.of(breaks, clock.instant()), clock.instant(), raising);
                m.commit();
                return new Result(List.copyOf(breaks), raised);
            } catch (SQLException | RuntimeException e) {
                m.rollback();
                throw e;
            }
        }
    }
}
