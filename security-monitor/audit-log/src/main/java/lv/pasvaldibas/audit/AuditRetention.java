package lv.pasvaldibas.audit;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.BufferedReader;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.channels.Channels;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.security.DigestOutputStream;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.sql.Timestamp;
import java.time.Duration;
import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Retention: a stream's records older than its keep period leave the database only after they are
 * archived with their chain proof, and only up to a signed checkpoint. The archive is a JSON-lines
 * file (docs/audit-format.md#retention): a header with the signed checkpoint, then every record as
 * the canonical text of its fields with both hashes, so that it verifies on its own. The chain is
 * checked while the file is written; a broken chain is never archived. Runs as the schema owner.
 */
public final class AuditRetention {

    public static final String FORMAT = "pasvaldibas-audit-archive/1";
    private static final ObjectMapper JSON = new ObjectMapper();
    private static final HexFormat HEX = HexFormat.of();

    /** What one archive run removed from one stream. */
    public record Archived(String stream, long fromSeq, long toSeq, Path file) {
    }

    private AuditRetention() {
    }

    /**
     * Archives every stream whose name starts with a key of {@code keep} (the longest such prefix
     * decides), up to its newest signed checkpoint older than the keep period. Streams no prefix
     * matches are kept whole.
     */
    public static List<Archived> retain(Connection owner, Map<String, Duration> keep, Path archiveDir, PublicKey key, Instant now)
            throws SQLException, IOException {
        List<String> streams = new ArrayList<>();
        try (ResultSet rs = owner.createStatement().executeQuery("SELECT DISTINCT stream FROM audit_record ORDER BY 1")) {
            while (rs.next()) {
                streams.add(rs.getString(1));
            }
        }
        List<Archived> archived = new ArrayList<>();
        for (String stream : streams) {
            Optional<Duration> period = keep.entrySet().stream().filter(e -> stream.startsWith(e.getKey()))
                    .max(Map.Entry.comparingByKey((a, b) -> Integer.compare(a.length(), b.length()))).map(Map.Entry::getValue);
            if (period.isPresent()) {
                archive(owner, stream, now.minus(period.get()), archiveDir, key).ifPresent(archived::add);
            }
        }
        return archived;
    }

    /** Archives and removes {@code stream}'s records up to its newest signed checkpoint before {@code olderThan}. */
    public static Optional<Archived> archive(Connection owner, String stream, Instant olderThan, Path archiveDir, PublicKey key)
            throws SQLException, IOException {
        ChainVerifier.Anchor anchor = AuditDatabase.anchor(owner, stream);
        Optional<Checkpoint> cut = newestCheckpointBefore(owner, stream, anchor.seq(), olderThan);
        if (cut.isEmpty()) {
            return Optional.empty();
        }
        Checkpoint checkpoint = cut.get();
        if (!checkpoint.signedBy(key)) {
            throw new IllegalStateException(stream + ": the checkpoint at #" + checkpoint.seq() + " does not verify; not archiving");
        }
        Files.createDirectories(archiveDir);
        Path file = archiveDir.resolve(stream.replaceAll("[^A-Za-z0-9._-]", "_") + "-" + (anchor.seq() + 1) + "-" + checkpoint.seq() + ".jsonl");
        byte[] sha256 = write(owner, stream, anchor, checkpoint, file, key);
        boolean autoCommit = owner.getAutoCommit();
        owner.setAutoCommit(false);
        try (PreparedStatement register = owner.prepareStatement(
                "INSERT INTO audit_archive (stream, up_to_seq, up_to_hash, archive_name, archive_sha256) VALUES (?,?,?,?,?)");
             PreparedStatement remove = owner.prepareStatement("DELETE FROM audit_record WHERE stream = ? AND seq <= ?")) {
            register.setString(1, stream);
            register.setLong(2, checkpoint.seq());
            register.setBytes(3, checkpoint.hash());
            register.setString(4, file.getFileName().toString());
            register.setBytes(5, sha256);
            register.executeUpdate();
            remove.setString(1, stream);
            remove.setLong(2, checkpoint.seq());
            remove.executeUpdate();
            owner.commit();
        } catch (SQLException e) {
            owner.rollback();
            throw e;
        } finally {
            owner.setAutoCommit(autoCommit);
        }
        return Optional.of(new Archived(stream, anchor.seq() + 1, checkpoint.seq(), file));
    }

    private static Optional<Checkpoint> newestCheckpointBefore(Connection c, String stream, long after, Instant olderThan)
            throws SQLException {
        try (PreparedStatement s = c.prepareStatement("SELECT c.seq, c.hash, c.time, c.signature FROM audit_checkpoint c"
                + " JOIN audit_record r ON r.stream = c.stream AND r.seq = c.seq"
                + " WHERE c.stream = ? AND c.seq > ? AND r.time < ? ORDER BY c.seq DESC LIMIT 1")) {
            s.setString(1, stream);
            s.setLong(2, after);
            s.setTimestamp(3, Timestamp.from(olderThan));
            try (ResultSet rs = s.executeQuery()) {
                return rs.next() ? Optional.of(new Checkpoint(stream, rs.getLong(1), rs.getBytes(2),
                        rs.getTimestamp(3).toInstant().truncatedTo(ChronoUnit.MICROS), rs.getBytes(4))) : Optional.empty();
            }
        }
    }

    /**
     * Writes the archive (temp file, fsync, rename) while the verifier checks the same records, from
     * the anchor to the checkpoint, against every signed checkpoint of the stream; returns the
     * file's SHA-256. A break leaves no file.
     */
    private static byte[] write(Connection c, String stream, ChainVerifier.Anchor anchor, Checkpoint checkpoint, Path file,
                                PublicKey key) throws SQLException, IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".partial");
        MessageDigest sha256 = sha256();
        List<Checkpoint> upToCut = AuditDatabase.checkpoints(c, stream).stream().filter(k -> k.seq() <= checkpoint.seq()).toList();
        try (FileChannel channel = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.TRUNCATE_EXISTING,
                StandardOpenOption.WRITE);
             OutputStream out = new DigestOutputStream(Channels.newOutputStream(channel), sha256)) {
            line(out, header(stream, anchor, checkpoint));
            Optional<ChainVerifier.Break> broken = AuditDatabase.readStored(c, stream, anchor.seq(), checkpoint.seq(),
                    rows -> ChainVerifier.verify(stream, anchor, archiving(rows, out), upToCut, key));
            if (broken.isPresent()) {
                throw new IllegalStateException(stream + ": the chain is broken at #" + broken.get().seq() + " ("
                        + broken.get().kind() + "); run audit verify, nothing was archived");
            }
            out.flush();
            channel.force(true);
        } catch (RuntimeException | IOException | SQLException e) {
            Files.deleteIfExists(temp);
            throw e;
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE);
        return sha256.digest();
    }

    /** The records as they go by, each written to the archive as the verifier takes it. */
    private static Iterable<ChainVerifier.Stored> archiving(Iterable<ChainVerifier.Stored> rows, OutputStream out) {
        return () -> new java.util.Iterator<>() {
            private final java.util.Iterator<ChainVerifier.Stored> in = rows.iterator();

            @Override
            public boolean hasNext() {
                return in.hasNext();
            }

            @Override
            public ChainVerifier.Stored next() {
                ChainVerifier.Stored r = in.next();
                Map<String, Object> record = new LinkedHashMap<>();
                record.put("fields", r.fields());
                record.put("prevHash", HEX.formatHex(r.prevHash()));
                record.put("hash", HEX.formatHex(r.hash()));
                try {
                    line(out, record);
                } catch (IOException e) {
                    throw new java.io.UncheckedIOException("writing the archive failed", e);
                }
                return r;
            }
        };
    }

    private static Map<String, Object> header(String stream, ChainVerifier.Anchor anchor, Checkpoint checkpoint) {
        Map<String, Object> signed = new LinkedHashMap<>();
        signed.put("seq", checkpoint.seq());
        signed.put("hash", HEX.formatHex(checkpoint.hash()));
        signed.put("time", CanonicalEncoding.TIME.format(checkpoint.time()));
        signed.put("signature", HEX.formatHex(checkpoint.signature()));
        Map<String, Object> header = new LinkedHashMap<>();
        header.put("format", FORMAT);
        header.put("stream", stream);
        header.put("fromSeq", anchor.seq() + 1);
        header.put("toSeq", checkpoint.seq());
        header.put("prevHash", HEX.formatHex(anchor.hash()));
        header.put("checkpoint", signed);
        return header;
    }

    private static void line(OutputStream out, Object value) throws IOException {
        out.write(JSON.writeValueAsBytes(value));
        out.write('\n');
    }

    /** Checks an archive file on its own: every record's link and hash, and the signed checkpoint at its end. */
    public static Optional<String> verifyArchive(Path file, PublicKey key) throws IOException {
        try (BufferedReader in = Files.newBufferedReader(file, StandardCharsets.UTF_8)) {
            JsonNode header = JSON.readTree(in.readLine());
            if (header == null || !FORMAT.equals(header.path("format").asText())) {
                return Optional.of("not an audit archive (" + FORMAT + ")");
            }
            String stream = header.get("stream").asText();
            JsonNode signed = header.get("checkpoint");
            Checkpoint checkpoint = new Checkpoint(stream, signed.get("seq").asLong(), HEX.parseHex(signed.get("hash").asText()),
                    Instant.parse(signed.get("time").asText()), HEX.parseHex(signed.get("signature").asText()));
            ChainVerifier.Anchor start = new ChainVerifier.Anchor(header.get("fromSeq").asLong() - 1,
                    HEX.parseHex(header.get("prevHash").asText()));
            long[] last = {start.seq()};
            Iterable<ChainVerifier.Stored> records = () -> in.lines().map(text -> {
                ChainVerifier.Stored r = stored(text);
                last[0] = r.seq();
                return r;
            }).iterator();
            Optional<ChainVerifier.Break> broken = ChainVerifier.verify(stream, start, records, List.of(checkpoint), key);
            if (broken.isPresent()) {
                return Optional.of("record #" + broken.get().seq() + " is " + broken.get().kind() + " (" + broken.get().detail() + ")");
            }
            return last[0] == checkpoint.seq() ? Optional.empty()
                    : Optional.of("the records end at #" + last[0] + ", not at the signed checkpoint #" + checkpoint.seq());
        } catch (RuntimeException e) {
            return Optional.of("unreadable: " + e.getMessage());
        }
    }

    /** One archive line as a stored record. */
    private static ChainVerifier.Stored stored(String line) {
        try {
            JsonNode record = JSON.readTree(line);
            String[] fields = new String[15];
            for (int i = 0; i < fields.length; i++) {
                JsonNode f = record.get("fields").get(i);
                fields[i] = f.isNull() ? null : f.asText();
            }
            return new ChainVerifier.Stored(Long.parseLong(fields[1]), fields, HEX.parseHex(record.get("prevHash").asText()),
                    HEX.parseHex(record.get("hash").asText()));
        } catch (IOException e) {
            throw new IllegalArgumentException("a line is not JSON", e);
        }
    }

    private static MessageDigest sha256() {
        try {
            return MessageDigest.getInstance("SHA-256");
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }
}
