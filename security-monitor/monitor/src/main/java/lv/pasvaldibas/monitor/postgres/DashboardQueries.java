package lv.pasvaldibas.monitor.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;

/**
 * The dashboard's figures from the audit log, counted by the database over an indexed time range:
 * sign-ins and failures per directory and hour, and the addresses most sign-ins failed from. A
 * municipal officer's figures count only their municipality's records.
 */
public final class DashboardQueries {

    private DashboardQueries() {
    }

    /** Sign-ins of one directory in one hour. */
    public record SignIns(String directory, Instant hour, long succeeded, long failed) {
    }

    public record Source(String address, long failed) {
    }

    public static List<SignIns> signInsPerHour(Connection c, Instant from, Instant to, String municipality) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT coalesce(actor_directory, '-'), date_trunc('hour', time), "
                + "count(*) FILTER (WHERE outcome = 'SUCCESS'), count(*) FILTER (WHERE outcome <> 'SUCCESS') FROM audit_record "
                + "WHERE time >= ? AND time < ? AND type IN ('LOGIN', 'LOGIN_ERROR') AND (?::text IS NULL OR actor_municipality = ?) "
                + "GROUP BY 1, 2 ORDER BY 1, 2")) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to));
            s.setString(3, municipality);
            s.setString(4, municipality);
            List<SignIns> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new SignIns(rs.getString(1), rs.getTimestamp(2).toInstant(), rs.getLong(3), rs.getLong(4)));
                }
            }
            return rows;
        }
    }

    public static List<Source> topFailingSources(Connection c, Instant from, Instant to, String municipality, int limit) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT source_ip, count(*) FROM audit_record WHERE time >= ? AND time < ? "
                + "AND type = 'LOGIN_ERROR' AND source_ip IS NOT NULL AND (?::text IS NULL OR actor_municipality = ?) "
                + "GROUP BY 1 ORDER BY 2 DESC, 1 LIMIT ?")) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to));
            s.setString(3, municipality);
            s.setString(4, municipality);
            s.setInt(5, limit);
            List<Source> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(new Source(rs.getString(1), rs.getLong(2)));
                }
            }
            return rows;
        }
    }
}
