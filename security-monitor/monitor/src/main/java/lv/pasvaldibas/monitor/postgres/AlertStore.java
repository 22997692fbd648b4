package lv.pasvaldibas.monitor.postgres;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import lv.pasvaldibas.monitor.alert.Alert;
import lv.pasvaldibas.monitor.alert.AlertPolicy;
import lv.pasvaldibas.monitor.detect.Detection;
import lv.pasvaldibas.monitor.detect.EventRef;
import org.flywaydb.core.Flyway;

/** Alerts, their deliveries and the stream positions in the monitor's database ({@code db/monitor}, Flyway). */
public final class AlertStore {

    private static final ObjectMapper JSON = new ObjectMapper().findAndRegisterModules();

    private AlertStore() {
    }

    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure().dataSource(jdbcUrl, user, password).locations("classpath:db/monitor").load().migrate();
    }

    /** The newest alert of a finding, if any. */
    public static Optional<Alert> latest(Connection c, String key) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM alert WHERE key = ? ORDER BY raised_at DESC LIMIT 1")) {
            s.setString(1, key);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
            }
        }
    }

    /** The newest alerts an officer may see: all of them, or those of {@code municipality}; open and acknowledged first. */
    public static List<Alert> list(Connection c, String municipality, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM alert WHERE (?::text IS NULL OR municipality = ?) "
                + "ORDER BY state = 'CLOSED', raised_at DESC, id LIMIT ?")) {
            s.setString(1, municipality);
            s.setString(2, municipality);
            s.setInt(3, limit);
            List<Alert> alerts = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    alerts.add(alert(rs));
                }
            }
            return alerts;
        }
    }

    /** One alert, locked for the caller's transaction (two officers closing it at once: one wins, the other sees it closed). */
    public static Optional<Alert> lock(Connection c, UUID id) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM alert WHERE id = ? FOR UPDATE")) {
            s.setObject(1, id);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(alert(rs)) : Optional.empty();
            }
        }
    }

    /**
     * Turns detections into alerts in the caller's transaction: each raises a new alert or adds to its
     * finding's latest one ({@link AlertPolicy}); a raised one gets its deliveries queued and is shown to the
     * journal (the audit log) before the caller commits.
     *
     * @return the alerts raised
     */
    public static List<Alert> record(Connection c, List<Detection> found, Instant now, Raising raising) throws SQLException {
        Map<String, Alert> touched = new LinkedHashMap<>();
        List<Alert> raised = new ArrayList<>();
        for (Detection d : found) {
            Optional<Alert> latest = touched.containsKey(d.key()) ? Optional.of(touched.get(d.key())) : latest(c, d.key());
            AlertPolicy.Decision decision = AlertPolicy.decide(latest, d, now);
            touched.put(d.key(), decision.alert());
            if (decision instanceof AlertPolicy.Decision.Raise) {
                raised.add(decision.alert());
            }
        }
        for (Alert alert : touched.values()) {
            save(c, alert);
        }
        for (Alert alert : raised) {
            queueDeliveries(c, alert.id(), raising.channels());
        }
        if (!raised.isEmpty()) {
            raising.journal().accept(List.copyOf(raised));
        }
        return raised;
    }

    /** Inserts the alert or replaces the stored one with the same id. */
    public static void save(Connection c, Alert a) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO alert (id, key, rule_id, title, level, grp, municipality, state, raised_at, "
                + "first_event, last_event, findings, events, acknowledged_by, acknowledged_at, closed_by, closed_at, note) "
                + "VALUES (?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?, ?, ?::jsonb, ?, ?, ?, ?, ?) ON CONFLICT (id) DO UPDATE SET state = EXCLUDED.state, "
                + "last_event = EXCLUDED.last_event, findings = EXCLUDED.findings, acknowledged_by = EXCLUDED.acknowledged_by, "
                + "acknowledged_at = EXCLUDED.acknowledged_at, closed_by = EXCLUDED.closed_by, closed_at = EXCLUDED.closed_at, note = EXCLUDED.note")) {
            s.setObject(1, a.id());
            s.setString(2, a.key());
            s.setString(3, a.ruleId());
            s.setString(4, a.title());
            s.setString(5, a.level());
            s.setString(6, json(a.group()));
            s.setString(7, a.municipality());
            s.setString(8, a.state().name());
            s.setTimestamp(9, Timestamp.from(a.raisedAt()));
            s.setTimestamp(10, Timestamp.from(a.firstEvent()));
            s.setTimestamp(11, Timestamp.from(a.lastEvent()));
            s.setLong(12, a.findings());
            s.setString(13, json(a.events()));
            s.setString(14, a.acknowledgedBy());
            s.setTimestamp(15, a.acknowledgedAt() == null ? null : Timestamp.from(a.acknowledgedAt()));
            s.setString(16, a.closedBy());
            s.setTimestamp(17, a.closedAt() == null ? null : Timestamp.from(a.closedAt()));
            s.setString(18, a.note());
            s.executeUpdate();
        }
    }

    /** Queues the alert's delivery on each channel (the outbox), in the transaction that raised it. */
    public static void queueDeliveries(Connection c, UUID alert, List<String> channels) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO alert_delivery (alert_id, channel) VALUES (?, ?)")) {
            for (String channel : channels) {
                s.setObject(1, alert);
                s.setString(2, channel);
                s.addBatch();
            }
            s.executeBatch();
        }
    }

    /** A delivery still to make: its channel, how many tries it had, and the alert. */
    public record Delivery(long id, String channel, int attempts, Alert alert) {
    }

    /** Deliveries due now, oldest first. */
    public static List<Delivery> due(Connection c, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT d.id AS delivery_id, d.channel, d.attempts, a.* FROM alert_delivery d "
                + "JOIN alert a ON a.id = d.alert_id WHERE d.delivered_at IS NULL AND d.next_attempt <= now() ORDER BY d.id LIMIT ?")) {
            s.setInt(1, limit);
            List<Delivery> due = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    due.add(new Delivery(rs.getLong("delivery_id"), rs.getString("channel"), rs.getInt("attempts"), alert(rs)));
                }
            }
            return due;
        }
    }

    public static void delivered(Connection c, long delivery) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alert_delivery SET delivered_at = now(), attempts = attempts + 1, "
                + "last_error = NULL WHERE id = ?")) {
            s.setLong(1, delivery);
            s.executeUpdate();
        }
    }

    /** A failed try: tried again after {@code retryAfterSeconds}. */
    public static void failed(Connection c, long delivery, String error, long retryAfterSeconds) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE alert_delivery SET attempts = attempts + 1, last_error = ?, "
                + "next_attempt = now() + ? * interval '1 second' WHERE id = ?")) {
            s.setString(1, error.length() > 500 ? error.substring(0, 500) : error);
            s.setLong(2, retryAfterSeconds);
            s.setLong(3, delivery);
            s.executeUpdate();
        }
    }

    /** Where the monitor is in each stream: the last record it has handled. */
    public static Map<String, Long> positions(Connection c) throws SQLException {
        Map<String, Long> positions = new HashMap<>();
        try (PreparedStatement s = c.prepareStatement("SELECT stream, seq FROM stream_position"); ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                positions.put(rs.getString(1), rs.getLong(2));
            }
        }
        return positions;
    }

    public static void position(Connection c, String stream, long seq, Instant time) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO stream_position (stream, seq, time) VALUES (?, ?, ?) "
                + "ON CONFLICT (stream) DO UPDATE SET seq = EXCLUDED.seq, time = EXCLUDED.time")) {
            s.setString(1, stream);
            s.setLong(2, seq);
            s.setTimestamp(3, Timestamp.from(time));
            s.executeUpdate();
        }
    }

    /** The time of the oldest position: a restart replays from the longest timespan before it. */
    public static Optional<Instant> oldestPosition(Connection c) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT min(time) FROM stream_position"); ResultSet rs = s.executeQuery()) {
            rs.next();
            Timestamp t = rs.getTimestamp(1);
            return Optional.ofNullable(t == null ? null : t.toInstant());
        }
    }

    private static Alert alert(ResultSet rs) throws SQLException {
        try {
            Map<String, String> group = JSON.readValue(rs.getString("grp"), new TypeReference<>() { });
            List<EventRef> events = JSON.readValue(rs.getString("events"), new TypeReference<>() { });
            return new Alert(rs.getObject("id", UUID.class), rs.getString("key"), rs.getString("rule_id"), rs.getString("title"),
                    rs.getString("level"), group, rs.getString("municipality"), Alert.State.valueOf(rs.getString("state")),
                    instant(rs, "raised_at"), instant(rs, "first_event"), instant(rs, "last_event"), rs.getLong("findings"), events,
                    rs.getString("acknowledged_by"), instant(rs, "acknowledged_at"), rs.getString("closed_by"), instant(rs, "closed_at"),
                    rs.getString("note"));
        } catch (IOException e) {
            throw new UncheckedIOException("an alert row is not readable", e);
        }
    }

    private static Instant instant(ResultSet rs, String column) throws SQLException {
        Timestamp t = rs.getTimestamp(column);
        return t == null ? null : t.toInstant();
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
