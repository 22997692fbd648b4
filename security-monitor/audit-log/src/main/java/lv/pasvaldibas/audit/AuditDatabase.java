package lv.pasvaldibas.audit;

import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Statement;
import java.sql.Timestamp;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * The audit log in PostgreSQL: appending records and checkpoints, resuming a
 * stream, and verifying every stream. Plain JDBC on connections the caller owns.
 */
public final class AuditDatabase {

    /** The columns in the canonical encoding's order, then the two hashes. */
    private static final String SELECT_STORED = "SELECT stream, seq, time, type, outcome, actor_user_id, actor_username,"
            + " actor_directory, actor_municipality, client, source_ip, session, target_type, target_id, details, prev_hash, hash"
            + " FROM audit_record WHERE stream = ? AND seq > ? AND seq <= ? ORDER BY seq";

    /** What reads a stream's stored records, e.g. the verifier or the archiver. */
    @FunctionalInterface
    interface StoredReader<T> {
        T read(Iterable<ChainVerifier.Stored> rows) throws java.io.IOException;
    }

    private AuditDatabase() {
    }

    /** The chain to continue for {@code stream}: where its last stored record left off. Works as the writer role. */
    public static HashChain resume(Connection c, String stream) throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT last_seq, last_hash FROM audit_stream_tail(?)")) {
            s.setString(1, stream);
            try (ResultSet rs = s.executeQuery()) {
                if (rs.next() && rs.getObject(1) != null) {
                    return new HashChain(stream, rs.getLong(1), rs.getBytes(2));
                }
            }
        }
        return HashChain.start(stream);
    }

    /** Appends records in one transaction (one round trip for a batch: group commit). */
    public static void append(Connection c, List<ChainedRecord> records) throws SQLException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false);
        try (PreparedStatement s = c.prepareStatement("INSERT INTO audit_record (stream, seq, time, type, outcome, actor_user_id,"
                + " actor_username, actor_directory, actor_municipality, client, source_ip, session, target_type, target_id,"
                + " details, prev_hash, hash) VALUES (?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?,?)")) {
            for (ChainedRecord r : records) {
                AuditEvent e = r.event();
                int i = 1;
                s.setString(i++, r.stream());
                s.setLong(i++, r.seq());
                s.setTimestamp(i++, Timestamp.from(e.time()));
                s.setString(i++, e.type());
                s.setString(i++, e.outcome().name());
                s.setString(i++, e.actor().userId());
                s.setString(i++, e.actor().username());
                s.setString(i++, e.actor().homeDirectory());
                s.setString(i++, e.actor().municipality());
                s.setString(i++, e.client());
                s.setString(i++, e.sourceIp());
                s.setString(i++, e.session());
                s.setString(i++, e.targetType());
                s.setString(i++, e.targetId());
                s.setString(i++, CanonicalEncoding.details(e));
                s.setBytes(i++, r.prevHash());
                s.setBytes(i, r.hash());
                s.addBatch();
            }
            s.executeBatch();
            c.commit();
        } catch (SQLException e) {
            c.rollback();
            throw e;
        } finally {
            c.setAutoCommit(autoCommit);
        }
    }

    public static void append(Connection c, Checkpoint checkpoint) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "INSERT INTO audit_checkpoint (stream, seq, hash, time, signature) VALUES (?,?,?,?,?)")) {
            s.setString(1, checkpoint.stream());
            s.setLong(2, checkpoint.seq());
            s.setBytes(3, checkpoint.hash());
            s.setTimestamp(4, Timestamp.from(checkpoint.time()));
            s.setBytes(5, checkpoint.signature());
            s.executeUpdate();
        }
    }

    /** Verifies every stream; the first break of each broken stream. Works as the reader role. */
    public static List<ChainVerifier.Break> verify(Connection c, PublicKey checkpointKey) throws SQLException {
        List<String> streams = new ArrayList<>();
        try (ResultSet rs = c.createStatement().executeQuery(
                "SELECT stream FROM audit_record UNION SELECT stream FROM audit_checkpoint UNION SELECT stream FROM audit_archive ORDER BY 1")) {
            while (rs.next()) {
                streams.add(rs.getString(1));
            }
        }
        List<ChainVerifier.Break> breaks = new ArrayList<>();
        for (String stream : streams) {
            verifyStream(c, stream, checkpointKey).ifPresent(breaks::add);
        }
        return breaks;
    }

    /** What a check of a time range found: how many records lie in it, and the first break of each stream that leads to it. */
    public record RangeCheck(long records, List<ChainVerifier.Break> breaks) {
    }

    /**
     * Verifies the records written in {@code [from, to)}. A record can only be vouched for by the chain
     * that leads to it, so each stream with records in the range is verified from its start (or archive)
     * up to its last record in the range, against the signed checkpoints up to there. Works as the reader role.
     */
    public static RangeCheck verify(Connection c, PublicKey checkpointKey, Instant from, Instant to) throws SQLException {
        Map<String, Long> lastInRange = new LinkedHashMap<>();
        long records = 0;
        try (PreparedStatement s = c.prepareStatement(
                "SELECT stream, max(seq), count(*) FROM audit_record WHERE time >= ? AND time < ? GROUP BY stream ORDER BY stream")) {
            s.setTimestamp(1, Timestamp.from(from));
            s.setTimestamp(2, Timestamp.from(to));
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    lastInRange.put(rs.getString(1), rs.getLong(2));
                    records += rs.getLong(3);
                }
            }
        }
        List<ChainVerifier.Break> breaks = new ArrayList<>();
        for (Map.Entry<String, Long> stream : lastInRange.entrySet()) {
            long upTo = stream.getValue();
            List<Checkpoint> checkpoints = checkpoints(c, stream.getKey()).stream().filter(k -> k.seq() <= upTo).toList();
            ChainVerifier.Anchor anchor = anchor(c, stream.getKey());
            Optional<ChainVerifier.Break> found = ChainVerifier.unanchored(stream.getKey(), anchor, checkpoints);
            if (found.isEmpty()) {
                try {
                    found = readStored(c, stream.getKey(), anchor.seq(), upTo,
                            rows -> ChainVerifier.verify(stream.getKey(), anchor, rows, checkpoints, checkpointKey));
                } catch (java.io.IOException e) {
                    throw new IllegalStateException(e); // the verifier does no I/O of its own
                }
            }
            found.ifPresent(breaks::add);
        }
        return new RangeCheck(records, List.copyOf(breaks));
    }

    /** Where the stream's stored records start: after its newest archive, or at the beginning. */
    static ChainVerifier.Anchor anchor(Connection c, String stream) throws SQLException {
        try (PreparedStatement s = c.prepareStatement(
                "SELECT up_to_seq, up_to_hash FROM audit_archive WHERE stream = ? ORDER BY up_to_seq DESC LIMIT 1")) {
            s.setString(1, stream);
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? new ChainVerifier.Anchor(rs.getLong(1), rs.getBytes(2)) : ChainVerifier.Anchor.GENESIS;
            }
        }
    }

    private static Optional<ChainVerifier.Break> verifyStream(Connection c, String stream, PublicKey key) throws SQLException {
        List<Checkpoint> checkpoints = checkpoints(c, stream);
        ChainVerifier.Anchor anchor = anchor(c, stream);
        Optional<ChainVerifier.Break> unanchored = ChainVerifier.unanchored(stream, anchor, checkpoints);
        if (unanchored.isPresent()) {
            return unanchored;
        }
        try {
            return readStored(c, stream, anchor.seq(), Long.MAX_VALUE, rows -> ChainVerifier.verify(stream, anchor, rows, checkpoints, key));
        } catch (java.io.IOException e) {
            throw new IllegalStateException(e); // the verifier does no I/O of its own
        }
    }

    /** The stream's signed checkpoints, as stored. */
    static List<Checkpoint> checkpoints(Connection c, String stream) throws SQLException {
        List<Checkpoint> checkpoints = new ArrayList<>();
        try (PreparedStatement s = c.prepareStatement("SELECT seq, hash, time, signature FROM audit_checkpoint WHERE stream = ?")) {
            s.setString(1, stream);
            try (ResultSet rs = s.executeQuery()) {
                while (rs.next()) {
                    checkpoints.add(new Checkpoint(stream, rs.getLong(1), rs.getBytes(2),
                            rs.getTimestamp(3).toInstant().truncatedTo(ChronoUnit.MICROS), rs.getBytes(4)));
                }
            }
        }
        return checkpoints;
    }

    /**
     * Hands {@code reader} the stream's records after {@code after} up to {@code upTo}, in order, as
     * stored ({@link StoredRows}: a cursor read in batches, never the whole stream in memory).
     */
    static <T> T readStored(Connection c, String stream, long after, long upTo, StoredReader<T> reader)
            throws SQLException, java.io.IOException {
        boolean autoCommit = c.getAutoCommit();
        c.setAutoCommit(false); // a cursor needs a transaction
        try (Statement utc = c.createStatement()) {
            utc.execute("SET LOCAL TIME ZONE 'UTC'"); // times as text in UTC: see StoredRows.canonicalTime
        }
        try (PreparedStatement s = c.prepareStatement(SELECT_STORED)) {
            s.setFetchSize(5000);
            s.setString(1, stream);
            s.setLong(2, after);
            s.setLong(3, upTo);
            try (ResultSet rs = s.executeQuery(); StoredRows rows = new StoredRows(rs, stream)) {
                return reader.read(() -> rows);
            }
        } finally {
            c.commit();
            c.setAutoCommit(autoCommit);
        }
    }
}
