package lv.pasvaldibas.monitor.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Clock;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lv.pasvaldibas.audit.AuditQuery;
import lv.pasvaldibas.monitor.alert.Alert;
import lv.pasvaldibas.monitor.detect.AuditFields;
import lv.pasvaldibas.monitor.detect.Detection;
import lv.pasvaldibas.monitor.detect.Detector;
import lv.pasvaldibas.monitor.detect.StaleAccounts;
import lv.pasvaldibas.monitor.rule.RuleSet;

/**
 * Reads the audit log as a stream and turns what the rules find into alerts. Each pass reads, per
 * stream, the records after the position the monitor's database keeps, feeds them to the
 * {@link Detector} in time order, and in one transaction of the monitor's database stores the alerts
 * they raise or add to, the deliveries of the raised ones and the new positions. A record is therefore
 * handled exactly once across crashes and restarts: before the commit nothing of the pass counts,
 * after it all of it does. {@link #start} replays the longest timespan before the positions into the
 * detector's windows. Not thread-safe: one watcher per monitor database (the service holds a lock).
 */
public final class Watcher {

    /** Records read per stream in one pass. */
    static final int BATCH = 5000;

    /** Opens a connection to a database; each call a new one, closed by the caller. */
    @FunctionalInterface
    public interface Connections {
        Connection open() throws SQLException;
    }

    private final RuleSet rules;
    private final Connections audit;
    private final Connections monitor;
    private final Clock clock;
    private final Raising raising;
    private Detector detector;
    private Map<String, Long> positions;

    /** @param raising where each raised alert is delivered, and its audit record */
    public Watcher(RuleSet rules, Connections audit, Connections monitor, Clock clock, Raising raising) {
        this.rules = rules;
        this.audit = audit;
        this.monitor = monitor;
        this.clock = clock;
        this.raising = raising;
    }

    /** Loads the positions and refills the detector's windows from the records before them. */
    public void start() throws SQLException {
        detector = new Detector(rules);
        Optional<Instant> oldest;
        try (Connection m = monitor.open()) {
            positions = new HashMap<>(AlertStore.positions(m));
            oldest = AlertStore.oldestPosition(m);
        }
        if (oldest.isEmpty()) {
            return;
        }
        Instant from = oldest.get().minus(detector.longestTimespan());
        List<AuditFields> before = new ArrayList<>();
        try (Connection a = audit.open()) {
            for (Map.Entry<String, Long> p : positions.entrySet()) {
                long after = 0;
                while (true) {
                    List<AuditQuery.Row> rows = AuditQuery.after(a, p.getKey(), after, from, BATCH);
                    rows.stream().filter(r -> r.seq() <= p.getValue()).forEach(r -> before.add(new AuditFields(r.stream(), r.seq(), r.event())));
                    if (rows.size() < BATCH || rows.get(rows.size() - 1).seq() >= p.getValue()) {
                        break;
                    }
                    after = rows.get(rows.size() - 1).seq();
                }
            }
        }
        before.sort(ORDER);
        before.forEach(detector::replay);
    }

    private static final Comparator<AuditFields> ORDER = Comparator.comparing((AuditFields f) -> f.event().time())
            .thenComparing(AuditFields::stream).thenComparingLong(AuditFields::seq);

    /**
     * What one pass did.
     *
     * @param raised the alerts it raised (stored and queued for delivery)
     * @param read   how many records it read
     * @param newest the time of the newest record read, null when none
     */
    public record Pass(List<Alert> raised, int read, Instant newest) {
    }

    /** One pass over what the audit log has gained since the last. */
    public Pass pass() throws SQLException {
        if (detector == null) {
            start();
        }
        List<AuditFields> read = new ArrayList<>();
        Map<String, Long> reached = new HashMap<>(positions);
        Map<String, Instant> reachedAt = new HashMap<>();
        try (Connection a = audit.open()) {
            for (String stream : AuditQuery.streams(a)) {
                List<AuditQuery.Row> rows = AuditQuery.after(a, stream, positions.getOrDefault(stream, 0L), null, BATCH);
                for (AuditQuery.Row r : rows) {
                    read.add(new AuditFields(r.stream(), r.seq(), r.event()));
                }
                if (!rows.isEmpty()) {
                    AuditQuery.Row last = rows.get(rows.size() - 1);
                    reached.put(stream, last.seq());
                    reachedAt.put(stream, last.event().time());
                }
            }
        }
        if (read.isEmpty()) {
            return new Pass(List.of(), 0, null);
        }
        read.sort(ORDER);
        List<Detection> found = new ArrayList<>();
        for (AuditFields record : read) {
            found.addAll(detector.accept(record));
        }
        List<Alert> raised = new ArrayList<>();
        try (Connection m = monitor.open()) {
            m.setAutoCommit(false);
            try {
                found.addAll(staleSignIns(m, read));
                raised.addAll(AlertStore.record(m, found, clock.instant(), raising));
                for (Map.Entry<String, Instant> at : reachedAt.entrySet()) {
                    AlertStore.position(m, at.getKey(), reached.get(at.getKey()), at.getValue());
                }
                m.commit();
            } catch (SQLException | RuntimeException e) {
                m.rollback();
                // the detector has seen records whose pass did not count: start again from the stored positions
                detector = null;
                throw e;
            }
        }
        positions = reached;
        return new Pass(List.copyOf(raised), read.size(), read.get(read.size() - 1).event().time());
    }

    /** The pass's sign-ins to long-unused accounts, from and into each account's last sign-in kept in the monitor's database. */
    private static List<Detection> staleSignIns(Connection m, List<AuditFields> read) throws SQLException {
        Set<String> accounts = new HashSet<>();
        for (AuditFields r : read) {
            if (StaleAccounts.isSignIn(r)) {
                accounts.add(r.event().actor().username());
            }
        }
        if (accounts.isEmpty()) {
            return List.of();
        }
        Map<String, Instant> last = new HashMap<>();
        try (PreparedStatement s = m.prepareStatement("SELECT username, last_at FROM account_last_sign_in WHERE username = ANY (?)")) {
            s.setArray(1, m.createArrayOf("text", accounts.toArray()));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    last.put(rs.getString(1), rs.getTimestamp(2).toInstant());
                }
            }
        }
        List<Detection> found = StaleAccounts.find(read, last);
        try (PreparedStatement s = m.prepareStatement("INSERT INTO account_last_sign_in (username, last_at) VALUES (?, ?) ON CONFLICT (username) "
                + "DO UPDATE SET last_at = greatest(account_last_sign_in.last_at, EXCLUDED.last_at)")) {
            for (String account : accounts) {
                s.setString(1, account);
                s.setTimestamp(2, Timestamp.from(last.get(account)));
                s.addBatch();
            }
            s.executeBatch();
        }
        return found;
    }
}
