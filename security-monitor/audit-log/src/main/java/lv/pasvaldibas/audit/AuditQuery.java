package lv.pasvaldibas.audit;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Searching the log, for security officers: filters, newest first, and cursor pagination (keyset on
 * time, stream, seq: stable while records keep arriving). Exports as CSV or JSON. Runs as the reader
 * role; the caller records that the log was read.
 */
public final class AuditQuery {

    public static final int MAX_LIMIT = 1000;
    public static final int DEFAULT_LIMIT = 100;
    private static final int MAX_TEXT = 256;
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String[] CSV_COLUMNS = {"time", "stream", "seq", "type", "outcome", "actor_user_id", "actor_username",
            "actor_directory", "actor_municipality", "client", "source_ip", "session", "target_type", "target_id", "details"};

    /**
     * What to find; {@code null} means "any". Text filters match exactly (user: the canonical name or
     * the name as typed). {@code from} is inclusive, {@code to} exclusive.
     */
    public record Filter(Instant from, Instant to, String user, String directory, String municipality, String client,
                         String type, AuditEvent.Outcome outcome, String sourceIp, int limit, String cursor) {
        public Filter {
            if (limit < 1 || limit > MAX_LIMIT) {
                throw new IllegalArgumentException("limit must be between 1 and " + MAX_LIMIT);
            }
            if (from != null && to != null && !from.isBefore(to)) {
                throw new IllegalArgumentException("from must be before to");
            }
            for (String text : new String[] {user, directory, municipality, client, type, sourceIp}) {
                if (text != null && (text.isEmpty() || text.length() > MAX_TEXT)) {
                    throw new IllegalArgumentException("a text filter is 1 to " + MAX_TEXT + " characters");
                }
            }
            if (cursor != null) {
                Cursor.decode(cursor);
            }
        }
    }

    /** A stored record as found. */
    public record Row(String stream, long seq, AuditEvent event) {
    }

    /** One page, newest first; {@code nextCursor} is null on the last page. */
    public record Page(List<Row> rows, String nextCursor) {
    }

    private record Cursor(Instant time, String stream, long seq) {
        String encode() {
            String text = CanonicalEncoding.TIME.format(time) + "\n" + seq + "\n" + stream;
            return Base64.getUrlEncoder().withoutPadding().encodeToString(text.getBytes(StandardCharsets.UTF_8));
        }

        static Cursor decode(String cursor) {
            try {
                String[] parts = new String(Base64.getUrlDecoder().decode(cursor), StandardCharsets.UTF_8).split("\n", 3);
                return new Cursor(Instant.parse(parts[0]), parts[2], Long.parseLong(parts[1]));
            } catch (RuntimeException e) {
                throw new IllegalArgumentException("cursor is not one this API gave out");
            }
        }
    }

    private AuditQuery() {
    }

    public static Page find(Connection c, Filter f) throws SQLException {
        return find(c, f, null);
    }

    /**
     * Like {@link #find(Connection, Filter)}, but only records whose top-level {@code details.realm}
     * is {@code realm} (decision 41): a realm's security officer sees that realm's records only.
     * Read from the parsed JSON, not matched in its text, so a realm name nested deeper in the
     * details (in a representation, say) does not count.
     */
    public static Page find(Connection c, Filter f, String realm) throws SQLException {
        StringBuilder sql = new StringBuilder("SELECT * FROM audit_record WHERE true");
        List<Object> params = new ArrayList<>();
        condition(sql, params, "(details::jsonb ->> 'realm') = ?", realm);
        condition(sql, params, "time >= ?", f.from() == null ? null : Timestamp.from(f.from()));
        condition(sql, params, "time < ?", f.to() == null ? null : Timestamp.from(f.to()));
        condition(sql, params, "actor_username = ?", f.user());
        condition(sql, params, "actor_directory = ?", f.directory());
        condition(sql, params, "actor_municipality = ?", f.municipality());
        condition(sql, params, "client = ?", f.client());
        condition(sql, params, "type = ?", f.type());
        condition(sql, params, "outcome = ?", f.outcome() == null ? null : f.outcome().name());
        condition(sql, params, "source_ip = ?", f.sourceIp());
        if (f.cursor() != null) {
            Cursor after = Cursor.decode(f.cursor());
            sql.append(" AND (time, stream, seq) < (?, ?, ?)");
            params.add(Timestamp.from(after.time()));
            params.add(after.stream());
            params.add(after.seq());
        }
        sql.append(" ORDER BY time DESC, stream DESC, seq DESC LIMIT ?");
        params.add(f.limit() + 1); // one more: is there a next page?
        try (PreparedStatement s = c.prepareStatement(sql.toString())) {
            for (int i = 0; i < params.size(); i++) {
                s.setObject(i + 1, params.get(i));
            }
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            if (rows.size() <= f.limit()) {
                return new Page(rows, null);
            }
            rows = rows.subList(0, f.limit());
            Row last = rows.get(rows.size() - 1);
            return new Page(List.copyOf(rows), new Cursor(last.event().time(), last.stream(), last.seq()).encode());
        }
    }

    /** The streams that have records: a skip scan of the primary key, quick however many records there are. */
    public static List<String> streams(Connection c) throws SQLException {
        List<String> streams = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("WITH RECURSIVE s(stream) AS (SELECT min(stream) FROM audit_record "
                + "UNION ALL SELECT (SELECT min(stream) FROM audit_record WHERE stream > s.stream) FROM s WHERE s.stream IS NOT NULL) "
                + "SELECT stream FROM s WHERE stream IS NOT NULL");
             ResultSet rs = s.executeQuery()) {
            while (rs.next()) {
                streams.add(rs.getString(1));
            }
        }
        return streams;
    }

    /**
     * A stream's records after {@code afterSeq} (and, when {@code fromTime} is given, from that time on),
     * in their order, at most {@code limit}: the log read as a stream, from where a reader stopped.
     */
    public static List<Row> after(Connection c, String stream, long afterSeq, Instant fromTime, int limit) throws SQLException {
        // without a time the condition is left out, so that the primary key alone serves the read (a time
        // condition, even one that excludes nothing, can lead the planner to the time index and a sort)
        try (PreparedStatement s = c.prepareStatement("SELECT * FROM audit_record WHERE stream = ? AND seq > ?"
                + (fromTime == null ? "" : " AND time >= ?") + " ORDER BY seq LIMIT ?")) {
            int p = 0;
            s.setString(++p, stream);
            s.setLong(++p, afterSeq);
            if (fromTime != null) {
                s.setTimestamp(++p, Timestamp.from(fromTime));
            }
            s.setInt(++p, limit);
            List<Row> rows = new ArrayList<>();
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    rows.add(row(rs));
                }
            }
            return rows;
        }
    }

    private static void condition(StringBuilder sql, List<Object> params, String clause, Object value) {
        if (value != null) {
            sql.append(" AND ").append(clause);
            params.add(value);
        }
    }

    private static Row row(ResultSet rs) throws SQLException {
        Map<String, Object> details;
        try {
            details = JSON.readValue(rs.getString("details"), new TypeReference<Map<String, Object>>() { });
        } catch (IOException e) {
            details = Map.of("unreadable", rs.getString("details"));
        }
        return new Row(rs.getString("stream"), rs.getLong("seq"), new AuditEvent(rs.getTimestamp("time").toInstant(),
                rs.getString("type"), AuditEvent.Outcome.valueOf(rs.getString("outcome")),
                new AuditEvent.Actor(rs.getString("actor_user_id"), rs.getString("actor_username"), rs.getString("actor_directory"),
                        rs.getString("actor_municipality")), rs.getString("client"), rs.getString("source_ip"),
                rs.getString("session"), rs.getString("target_type"), rs.getString("target_id"), details));
    }

    private static String[] values(Row r) {
        AuditEvent e = r.event();
        return new String[] {CanonicalEncoding.TIME.format(e.time()), r.stream(), Long.toString(r.seq()), e.type(), e.outcome().name(),
                e.actor().userId(), e.actor().username(), e.actor().homeDirectory(), e.actor().municipality(), e.client(),
                e.sourceIp(), e.session(), e.targetType(), e.targetId(), CanonicalEncoding.details(e)};
    }

    /**
     * RFC 4180 CSV with a header line. Every field is quoted, and one that a spreadsheet would take
     * for a formula (= + - @ at the start: names typed by anyone end up here) gets a leading '.
     */
    public static String csv(List<Row> rows) {
        StringBuilder out = new StringBuilder();
        line(out, CSV_COLUMNS);
        rows.forEach(r -> line(out, values(r)));
        return out.toString();
    }

    private static void line(StringBuilder out, String[] fields) {
        for (int i = 0; i < fields.length; i++) {
            String v = fields[i] == null ? "" : fields[i];
            if (!v.isEmpty() && "=+-@\t\r".indexOf(v.charAt(0)) >= 0) {
                v = "'" + v;
            }
            out.append(i == 0 ? "" : ",").append('"').append(v.replace("\"", "\"\"")).append('"');
        }
        out.append("\r\n");
    }

    /** {@code {"records":[{...}], "nextCursor": ...}} with the CSV's column names as keys. */
    public static String json(Page page) {
        List<Map<String, Object>> records = new ArrayList<>();
        for (Row r : page.rows()) {
            String[] v = values(r);
            Map<String, Object> m = new LinkedHashMap<>();
            for (int i = 0; i < CSV_COLUMNS.length - 1; i++) {
                m.put(CSV_COLUMNS[i], i == 2 ? (Object) r.seq() : v[i]);
            }
            m.put("details", r.event().details());
            records.add(m);
        }
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("records", records);
        body.put("nextCursor", page.nextCursor());
        try {
            return JSON.writeValueAsString(body);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }
}
