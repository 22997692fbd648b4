package lv.pasvaldibas.monitor.postgres;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.TreeMap;
import lv.pasvaldibas.monitor.detect.IntegrityFindings;
import lv.pasvaldibas.monitor.report.MonthlyEvidence;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.AlertHandling;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.DirectorySignIns;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.DisabledAccountUse;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.OverdueTrust;
import lv.pasvaldibas.monitor.report.MonthlyEvidence.TypeCount;
import lv.pasvaldibas.monitor.report.Scope;

/**
 * A month's measures, computed by set-based SQL: two passes over the audit log (the month's records,
 * grouped; the trusts' records of all time, grouped per trust) and three small queries of the monitor's
 * own tables. Nothing is read record by record into Java.
 */
public final class EvidenceQueries {

    /** Keycloak's failed sign-in to an account its directory disabled (as the rule disabled-account-sign-in sees it). */
    static final String DISABLED = "user_disabled";
    /** A trust is re-approved yearly (TrustLifecycle.REVIEW_EVERY in keycloak-extensions). */
    static final Duration REVIEW_EVERY = Duration.ofDays(365);
    /** What Keycloak writes when no directory could be named. */
    static final String NO_DIRECTORY = "–";
    private static final ObjectMapper JSON = new ObjectMapper();

    private EvidenceQueries() {
    }

    /**
     * @param from  the month's first instant (inclusive)
     * @param to    the next month's first instant (exclusive)
     * @param scope a municipality counts records whose actor belongs to it, its alerts, and the trusts it is a party to
     */
    public static MonthlyEvidence measure(Connection audit, Connection monitor, Instant from, Instant to, Scope scope) throws SQLException {
        Month month = month(audit, from, to, scope);
        return new MonthlyEvidence(month.records, integrity(monitor, from, to), month.signIns, month.disabled, month.admin, month.trust,
                overdueTrusts(audit, to, scope), alerts(monitor, from, to, scope));
    }

    private record Month(long records, List<DirectorySignIns> signIns, List<DisabledAccountUse> disabled, List<TypeCount> admin, List<TypeCount> trust) {
    }

    /**
     * One grouped pass over the month. The account is a group key only for sign-ins to disabled accounts, so
     * the distinct accounts come out of the same pass (a count(DISTINCT) would make PostgreSQL sort the whole
     * month). Details are canonical JSON without spaces (docs/audit-format.md), so a LIKE finds the error
     * without parsing every record.
     */
    private static Month month(Connection c, Instant from, Instant to, Scope scope) throws SQLException {
        String sql = "SELECT type, outcome, actor_directory, "
                + "CASE WHEN type = 'LOGIN_ERROR' AND details LIKE '%\"error\":\"" + DISABLED + "\"%' THEN actor_username END AS disabled_account, "
                + "count(*) AS n FROM audit_record WHERE time >= ? AND time < ?" + (scope.wholePlatform() ? "" : " AND actor_municipality = ?")
                + " GROUP BY 1, 2, 3, 4";
        long records = 0;
        Map<String, long[]> signIns = new TreeMap<>();
        Map<String, long[]> disabled = new TreeMap<>();
        Map<String, long[]> admin = new TreeMap<>();
        Map<String, long[]> trust = new TreeMap<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            bind(s, from, to, scope);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    String type = rs.getString(1);
                    boolean succeeded = "SUCCESS".equals(rs.getString(2));
                    String directory = Optional.ofNullable(rs.getString(3)).orElse(NO_DIRECTORY);
                    String disabledAccount = rs.getString(4);
                    long n = rs.getLong(5);
                    records += n;
                    if (type.equals("LOGIN")) {
                        signIns.computeIfAbsent(directory, d -> new long[2])[0] += n;
                    } else if (type.equals("LOGIN_ERROR")) {
                        signIns.computeIfAbsent(directory, d -> new long[2])[1] += n;
                        if (disabledAccount != null) {
                            long[] d = disabled.computeIfAbsent(directory, x -> new long[2]);
                            d[0] += n;
                            d[1]++;
                        }
                    } else if (type.startsWith("ADMIN_")) {
                        admin.computeIfAbsent(type, t -> new long[2])[succeeded ? 0 : 1] += n;
                    } else if (type.startsWith("TRUST_")) {
                        trust.computeIfAbsent(type, t -> new long[2])[succeeded ? 0 : 1] += n;
                    }
                }
            }
        }
        return new Month(records,
                signIns.entrySet().stream().map(e -> DirectorySignIns.of(e.getKey(), e.getValue()[0], e.getValue()[1])).toList(),
                disabled.entrySet().stream().map(e -> new DisabledAccountUse(e.getKey(), e.getValue()[0], e.getValue()[1])).toList(),
                counts(admin), counts(trust));
    }

    private static List<TypeCount> counts(Map<String, long[]> byType) {
        return byType.entrySet().stream().map(e -> new TypeCount(e.getKey(), e.getValue()[0], e.getValue()[1])).toList();
    }

    /**
     * Trusts active at the month's end whose last approval or yearly review is more than a year before it.
     * A trust's state is in its newest successful record ({@code details.state}, as after the change);
     * its history may start long before the month, so this pass reads all of time up to the month's end.
     */
    static List<OverdueTrust> overdueTrusts(Connection c, Instant to, Scope scope) throws SQLException {
        String sql = "SELECT target_id, (array_agg(details ORDER BY time DESC, seq DESC))[1] AS latest, "
                + "max(time) FILTER (WHERE type IN ('TRUST_APPROVE', 'TRUST_REVIEW')) AS reviewed "
                + "FROM audit_record WHERE type LIKE 'TRUST\\_%' AND outcome = 'SUCCESS' AND time < ? AND target_id IS NOT NULL "
                + "GROUP BY target_id ORDER BY target_id";
        List<OverdueTrust> overdue = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement(sql)) {
            s.setTimestamp(1, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    Timestamp reviewed = rs.getTimestamp("reviewed");
                    JsonNode latest = json(rs.getString("latest"));
                    String trusting = latest.path("trustingMunicipality").asText(null);
                    String trusted = latest.path("trustedDirectory").asText(null);
                    boolean party = scope.municipality().map(m -> m.equals(trusting) || m.equals(trusted)).orElse(true);
                    if (reviewed == null || !party || !"ACTIVE".equals(latest.path("state").asText())) {
                        continue;
                    }
                    Instant due = reviewed.toInstant().plus(REVIEW_EVERY);
                    if (due.isBefore(to)) {
                        overdue.add(new OverdueTrust(rs.getString("target_id"), trusting, trusted, reviewed.toInstant(), due));
                    }
                }
            }
        }
        return overdue;
    }

    /** The monitor's recorded checks of the whole log; the same for every scope (the chains are not per municipality). */
    static MonthlyEvidence.Integrity integrity(Connection m, Instant from, Instant to) throws SQLException {
        long checks;
        long broken;
        try (PreparedStatement s = m.prepareStatement("SELECT count(*), count(*) FILTER (WHERE NOT intact) FROM integrity_check "
                + "WHERE checked_at >= ? AND checked_at < ?")) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                checks = rs.getLong(1);
                broken = rs.getLong(2);
            }
        }
        Instant latestAt = null;
        String latest = null;
        try (PreparedStatement s = m.prepareStatement("SELECT checked_at, intact, breaks FROM integrity_check WHERE checked_at < ? "
                + "ORDER BY checked_at DESC LIMIT 1")) {
            s.setTimestamp(1, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next()) {
                    latestAt = rs.getTimestamp(1).toInstant();
                    latest = rs.getBoolean(2) ? "INTACT" : "BROKEN: " + rs.getString(3).replace("\n", "; ");
                }
            }
        }
        long alerts;
        try (PreparedStatement s = m.prepareStatement("SELECT count(*) FROM alert WHERE rule_id = ? AND raised_at >= ? AND raised_at < ?")) {
            s.setString(1, IntegrityFindings.CHAIN_BREAK.id());
            s.setTimestamp(2, Timestamp.from(from));
            s.setTimestamp(3, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                rs.next();
                alerts = rs.getLong(1);
            }
        }
        return new MonthlyEvidence.Integrity(checks, broken, latestAt, latest, alerts);
    }

    static List<AlertHandling> alerts(Connection m, Instant from, Instant to, Scope scope) throws SQLException {
        String sql = "SELECT level, count(*), count(*) FILTER (WHERE acknowledged_at IS NOT NULL), count(*) FILTER (WHERE state = 'CLOSED'), "
                + "count(*) FILTER (WHERE state <> 'CLOSED'), "
                + "percentile_cont(0.5) WITHIN GROUP (ORDER BY extract(epoch FROM acknowledged_at - raised_at) / 60) "
                + "FILTER (WHERE acknowledged_at IS NOT NULL) "
                + "FROM alert WHERE raised_at >= ? AND raised_at < ?" + (scope.wholePlatform() ? "" : " AND municipality = ?")
                + " GROUP BY level ORDER BY level";
        List<AlertHandling> alerts = new ArrayList<>();
        try (PreparedStatement s = m.prepareStatement(sql)) {
            bind(s, from, to, scope);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    double median = rs.getDouble(6);
                    // asked at once: wasNull is about the last column read
                    Double medianOrNone = rs.wasNull() ? null : median;
                    alerts.add(new AlertHandling(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5), medianOrNone));
                }
            }
        }
        return alerts;
    }

    private static void bind(PreparedStatement s, Instant from, Instant to, Scope scope) throws SQLException {
        s.setTimestamp(1, Timestamp.from(from));
        s.setTimestamp(2, Timestamp.from(to));
        if (scope.municipality().isPresent()) {
            s.setString(3, scope.municipality().get());
        }
    }

    private static JsonNode json(String text) {
        try {
            return JSON.readTree(text);
        } catch (IOException e) {
            throw new UncheckedIOException("a trust record's details are not JSON", e);
        }
    }
}
