package lv.pasvaldibas.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * One stream's local spool: a file of JSON lines, each fsynced before its event is acknowledged.
 * A line is either <em>chained</em> (seq, prevHash, hash: the writer knew where the chain stood) or
 * <em>unchained</em> (only the event: the writer had not yet reached the database to learn the
 * tail; decision 38). Unchained lines only ever follow chained ones. Only the writer's own thread
 * touches the file.
 */
final class Spool {

    private static final System.Logger LOG = System.getLogger(Spool.class.getName());
    private static final ObjectMapper JSON = new ObjectMapper();

    /** A spool line: the event, and its place in the chain when it was known ({@code chained} null otherwise). */
    record Line(AuditEvent event, ChainedRecord chained) {
    }

    /** A spool line that is complete (newline-terminated) but unreadable: never dropped silently. */
    static final class CorruptException extends IOException {
        CorruptException(String message) {
            super(message);
        }
    }

    private final Path file;

    Spool(Path file) {
        this.file = file;
    }

    Path file() {
        return file;
    }

    boolean isEmpty() throws IOException {
        return !Files.exists(file) || Files.size(file) == 0;
    }

    /** Appends chained records; returns once they are on disk. */
    void appendChained(List<ChainedRecord> records) throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>(records.size());
        records.forEach(r -> lines.add(toMap(r.event(), r)));
        append(lines);
    }

    /** Appends events whose place in the chain is not known yet; returns once they are on disk. */
    void appendUnchained(List<AuditEvent> events) throws IOException {
        List<Map<String, Object>> lines = new ArrayList<>(events.size());
        events.forEach(e -> lines.add(toMap(e, null)));
        append(lines);
    }

    private void append(List<Map<String, Object>> lines) throws IOException {
        boolean created = !Files.exists(file);
        // a torn tail would merge with the first line written now into one corrupt line
        dropTornTail();
        StringBuilder text = new StringBuilder();
        for (Map<String, Object> line : lines) {
            text.append(JSON.writeValueAsString(line)).append('\n');
        }
        try (FileChannel out = FileChannel.open(file, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        if (created) {
            syncFolder(); // else a crash could lose the new file's name, and with it acknowledged records
        }
    }

    /**
     * The spool's lines in order. An unterminated last line is the remains of a write whose fsync
     * never completed, so its events were never acknowledged: it is cut off with a warning. Any
     * other unreadable line is reported and the file left as it is.
     */
    List<Line> read() throws IOException {
        dropTornTail();
        List<Line> lines = new ArrayList<>();
        if (!Files.exists(file)) {
            return lines;
        }
        boolean unchainedSeen = false;
        int number = 0;
        for (String text : Files.readAllLines(file, StandardCharsets.UTF_8)) {
            number++;
            Line line;
            try {
                line = fromMap(JSON.readValue(text, Map.class));
            } catch (IOException | RuntimeException e) {
                throw new CorruptException("audit spool " + file + " line " + number + " is unreadable (" + e.getClass().getSimpleName()
                        + "); the spool is kept as it is and not replayed until the line is repaired or removed");
            }
            if (line.chained() != null && unchainedSeen) {
                throw new CorruptException("audit spool " + file + " line " + number + " is chained but follows unchained lines");
            }
            unchainedSeen |= line.chained() == null;
            lines.add(line);
        }
        return lines;
    }

    /** Replaces the spool with {@code records} atomically: the old file or the new one survives a crash, never half of one. */
    void rewrite(List<ChainedRecord> records) throws IOException {
        Path temp = file.resolveSibling(file.getFileName() + ".tmp");
        StringBuilder text = new StringBuilder();
        for (ChainedRecord r : records) {
            text.append(JSON.writeValueAsString(toMap(r.event(), r))).append('\n');
        }
        try (FileChannel out = FileChannel.open(temp, StandardOpenOption.CREATE, StandardOpenOption.WRITE,
                StandardOpenOption.TRUNCATE_EXISTING)) {
            ByteBuffer bytes = ByteBuffer.wrap(text.toString().getBytes(StandardCharsets.UTF_8));
            while (bytes.hasRemaining()) {
                out.write(bytes);
            }
            out.force(true);
        }
        Files.move(temp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        syncFolder();
    }

    void delete() throws IOException {
        Files.deleteIfExists(file);
        syncFolder();
    }

    /** Lines waiting (for monitoring; -1 when the file cannot be read). */
    long lineCount() {
        try {
            return Files.exists(file) ? Files.readAllLines(file, StandardCharsets.UTF_8).size() : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    /** Cuts off an unterminated last line (never acknowledged: see {@link #read}). */
    private void dropTornTail() throws IOException {
        if (!Files.exists(file)) {
            return;
        }
        try (FileChannel channel = FileChannel.open(file, StandardOpenOption.READ, StandardOpenOption.WRITE)) {
            long size = channel.size();
            if (size == 0 || lastByte(channel, size - 1) == '\n') {
                return;
            }
            long keep = size - 1;
            while (keep > 0 && lastByte(channel, keep - 1) != '\n') {
                keep--;
            }
            LOG.log(System.Logger.Level.WARNING, "audit spool {0}: dropping an unterminated last line of {1} bytes"
                    + " (a write interrupted before its fsync; its events were never acknowledged)", file, size - keep);
            channel.truncate(keep);
            channel.force(true);
        }
    }

    private static byte lastByte(FileChannel channel, long position) throws IOException {
        ByteBuffer one = ByteBuffer.allocate(1);
        channel.read(one, position);
        return one.get(0);
    }

    private void syncFolder() throws IOException {
        try (FileChannel folder = FileChannel.open(file.toAbsolutePath().getParent(), StandardOpenOption.READ)) {
            folder.force(true);
        }
    }

    private static Map<String, Object> toMap(AuditEvent e, ChainedRecord chained) {
        Map<String, Object> m = new LinkedHashMap<>();
        if (chained != null) {
            m.put("stream", chained.stream());
            m.put("seq", chained.seq());
        }
        m.put("time", e.time().toString());
        m.put("type", e.type());
        m.put("outcome", e.outcome().name());
        m.put("actorUserId", e.actor().userId());
        m.put("actorUsername", e.actor().username());
        m.put("actorDirectory", e.actor().homeDirectory());
        m.put("actorMunicipality", e.actor().municipality());
        m.put("client", e.client());
        m.put("sourceIp", e.sourceIp());
        m.put("session", e.session());
        m.put("targetType", e.targetType());
        m.put("targetId", e.targetId());
        m.put("details", e.details());
        if (chained != null) {
            m.put("prevHash", HexFormat.of().formatHex(chained.prevHash()));
            m.put("hash", HexFormat.of().formatHex(chained.hash()));
        }
        return m;
    }

    @SuppressWarnings("unchecked")
    private static Line fromMap(Map<?, ?> m) {
        AuditEvent e = new AuditEvent(Instant.parse((String) m.get("time")), (String) m.get("type"),
                AuditEvent.Outcome.valueOf((String) m.get("outcome")),
                new AuditEvent.Actor((String) m.get("actorUserId"), (String) m.get("actorUsername"),
                        (String) m.get("actorDirectory"), (String) m.get("actorMunicipality")),
                (String) m.get("client"), (String) m.get("sourceIp"), (String) m.get("session"),
                (String) m.get("targetType"), (String) m.get("targetId"), (Map<String, Object>) m.get("details"));
        if (!m.containsKey("hash")) {
            return new Line(e, null);
        }
        ChainedRecord r = new ChainedRecord((String) m.get("stream"), ((Number) m.get("seq")).longValue(), e,
                HexFormat.of().parseHex((String) m.get("prevHash")), HexFormat.of().parseHex((String) m.get("hash")));
        return new Line(e, r);
    }
}
