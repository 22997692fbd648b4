package lv.pasvaldibas.monitor.postgres;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import lv.pasvaldibas.monitor.signin.Officer;
import lv.pasvaldibas.monitor.signin.WebSession;

/**
 * The sign-in's state in the monitor's database: outstanding SAML requests (taken once), assertions
 * used (so a replay is refused on every node and after a restart) and sessions, found by the SHA-256
 * of their cookie.
 */
public final class SignInStore {

    public enum Purpose { SIGN_IN, LOGOUT }

    private SignInStore() {
    }

    public static void rememberRequest(Connection c, String id, Purpose purpose, Instant expires) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO saml_request (id, purpose, expires_at) VALUES (?, ?, ?)")) {
            s.setString(1, id);
            s.setString(2, purpose.name());
            s.setTimestamp(3, Timestamp.from(expires));
            s.executeUpdate();
        }
    }

    /** True once for a request this service provider sent for {@code purpose} and that has not expired. */
    public static boolean takeRequest(Connection c, String id, Purpose purpose, Instant now) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM saml_request WHERE id = ? AND purpose = ? AND expires_at > ?")) {
            s.setString(1, id);
            s.setString(2, purpose.name());
            s.setTimestamp(3, Timestamp.from(now));
            return s.executeUpdate() == 1;
        }
    }

    /** True the first time an assertion id is presented; kept until the assertion would have expired anyway. */
    public static boolean firstUse(Connection c, String assertionId, Instant expires) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO saml_assertion_seen (id, expires_at) VALUES (?, ?) ON CONFLICT (id) DO NOTHING")) {
            s.setString(1, assertionId);
            s.setTimestamp(2, Timestamp.from(expires));
            return s.executeUpdate() == 1;
        }
    }

    public static void openSession(Connection c, byte[] tokenHash, WebSession session, Instant now, Duration lifetime) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("INSERT INTO web_session (token_hash, username, municipality, platform_wide, name_id, "
                + "name_id_format, session_index, csrf, created_at, last_seen_at, expires_at) VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?, ?)")) {
            s.setBytes(1, tokenHash);
            s.setString(2, session.officer().username());
            s.setString(3, session.officer().municipality());
            s.setBoolean(4, session.officer().platformWide());
            s.setString(5, session.nameId());
            s.setString(6, session.nameIdFormat());
            s.setString(7, session.sessionIndex());
            s.setString(8, session.csrf());
            s.setTimestamp(9, Timestamp.from(now));
            s.setTimestamp(10, Timestamp.from(now));
            s.setTimestamp(11, Timestamp.from(now.plus(lifetime)));
            s.executeUpdate();
        }
    }

    /** The live session of a cookie: not past its end and used within {@code idle}; its use is noted. */
    public static Optional<WebSession> session(Connection c, byte[] tokenHash, Instant now, Duration idle) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("UPDATE web_session SET last_seen_at = ? WHERE token_hash = ? AND expires_at > ? "
                + "AND last_seen_at > ? RETURNING username, municipality, platform_wide, name_id, name_id_format, session_index, csrf")) {
            s.setTimestamp(1, Timestamp.from(now));
            s.setBytes(2, tokenHash);
            s.setTimestamp(3, Timestamp.from(now));
            s.setTimestamp(4, Timestamp.from(now.minus(idle)));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(session(rs)) : Optional.empty();
            }
        }
    }

    /** Ends a cookie's session; what it was, for the identity provider's logout. */
    public static Optional<WebSession> closeSession(Connection c, byte[] tokenHash) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM web_session WHERE token_hash = ? "
                + "RETURNING username, municipality, platform_wide, name_id, name_id_format, session_index, csrf")) {
            s.setBytes(1, tokenHash);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(session(rs)) : Optional.empty();
            }
        }
    }

    /** Ends the sessions the identity provider's logout names (all of the person's when it names no session). */
    public static List<String> closeSessions(Connection c, String nameId, List<String> sessionIndexes) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("DELETE FROM web_session WHERE name_id = ? AND (cardinality(?::text[]) = 0 "
                + "OR session_index = ANY (?::text[])) RETURNING username")) {
            s.setString(1, nameId);
            s.setArray(2, c.createArrayOf("text", sessionIndexes.toArray()));
            s.setArray(3, c.createArrayOf("text", sessionIndexes.toArray()));
            List<String> ended = new java.util.ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    ended.add(rs.getString(1));
                }
            }
            return ended;
        }
    }

    /** Forgets what has expired; what is left is what could still be presented. */
    public static void forgetExpired(Connection c, Instant now) throws SQLException {
        for (String table : List.of("saml_request", "saml_assertion_seen", "web_session")) {
            try (PreparedStatement s = c.prepareStatement("DELETE FROM " + table + " WHERE expires_at <= ?")) {
                s.setTimestamp(1, Timestamp.from(now));
                s.executeUpdate();
            }
        }
    }

    private static WebSession session(ResultSet rs) throws SQLException {
        return new WebSession(new Officer(rs.getString(1), rs.getString(2), rs.getBoolean(3)), rs.getString(4), rs.getString(5), rs.getString(6),
                rs.getString(7));
    }
}
