package lv.pasvaldibas.audit;

import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * One stream's writer. {@link #write} returns a future that completes when the record is durable:
 * committed to PostgreSQL, or, while the database is unreachable, appended and fsynced to a local
 * spool that is replayed in order as soon as the database answers again. In {@link Mode#FAIL_CLOSED}
 * there is no spool: the future fails, and the caller refuses the audited action.
 * <p>
 * One thread writes, in batches of whatever has queued up (group commit: one transaction for many
 * events, not one round trip each).
 */
public final class AuditWriter implements AutoCloseable {

    public enum Mode { SPOOL_WHEN_DOWN, FAIL_CLOSED }

    /** Opens a connection to the audit database as the writer role. */
    @FunctionalInterface
    public interface ConnectionFactory {
        Connection open() throws SQLException;
    }

    static final int MAX_BATCH = 500;
    private static final ObjectMapper JSON = new ObjectMapper();
    /** How often an open connection is checked while idle, so that {@link #databaseReachable()} stays current. */
    private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Pending(AuditEvent event, CompletableFuture<Void> done) {
    }

    private final String stream;
    private final ConnectionFactory database;
    private final Path spool;
    private final Mode mode;
    private final PrivateKey checkpointKey;
    private final long checkpointEveryNanos;
    private final BlockingQueue<Pending> queue = new LinkedBlockingQueue<>(100_000);
    private final Thread thread;
    private volatile boolean running = true;
    private volatile boolean reachable;
    private Connection connection;
    private HashChain chain;
    /** The newest record known to be in the database, and whether a checkpoint covers it. */
    private ChainedRecord lastStored;
    private boolean lastStoredSigned = true;
    private long lastCheckpointNanos = System.nanoTime();
    private long lastProbeNanos = System.nanoTime();

    private AuditWriter(Builder b) {
        this.stream = b.stream;
        this.database = b.database;
        this.mode = b.mode;
        this.checkpointKey = b.checkpointKey;
        this.checkpointEveryNanos = b.checkpointEvery.toNanos();
        this.spool = b.spoolDir.resolve(stream.replaceAll("[^A-Za-z0-9._-]", "_") + ".spool");
        try {
            Files.createDirectories(b.spoolDir);
        } catch (IOException e) {
            throw new UncheckedIOException("Cannot create the audit spool folder " + b.spoolDir, e);
        }
        this.thread = new Thread(this::run, "audit-writer-" + stream);
        thread.setDaemon(true);
        thread.start();
    }

    /** @param stream the component and node, e.g. {@code keycloak/kc-1}: one writer per stream */
    public static Builder builder(String stream, ConnectionFactory database) {
        return new Builder(stream, database);
    }

    public static final class Builder {
        private final String stream;
        private final ConnectionFactory database;
        private Path spoolDir = Path.of("audit-spool");
        private Mode mode = Mode.SPOOL_WHEN_DOWN;
        private PrivateKey checkpointKey;
        private Duration checkpointEvery = Duration.ofMinutes(1);

        private Builder(String stream, ConnectionFactory database) {
            HashChain.start(stream); // validates the name
            this.stream = stream;
            this.database = database;
        }

        public Builder spool(Path dir) {
            this.spoolDir = dir;
            return this;
        }

        public Builder mode(Mode mode) {
            this.mode = mode;
            return this;
        }

        /** Signs a checkpoint of the newest stored record at most every {@code every}, and on close. */
        public Builder checkpoints(PrivateKey key, Duration every) {
            this.checkpointKey = key;
            this.checkpointEvery = every;
            return this;
        }

        public AuditWriter start() {
            return new AuditWriter(this);
        }
    }

    /** Queues an event; the future completes once it is committed or spooled, and fails otherwise. */
    public CompletableFuture<Void> write(AuditEvent event) {
        CompletableFuture<Void> done = new CompletableFuture<>();
        if (!running || !queue.offer(new Pending(event, done))) {
            done.completeExceptionally(new IllegalStateException("audit writer for " + stream + " is not accepting events"));
        }
        return done;
    }

    /**
     * Whether the last contact with the database worked (checked at least every second while
     * idle). A fail-closed caller refuses audited actions up front while this is false.
     */
    public boolean databaseReachable() {
        return reachable;
    }

    /** Records waiting in the local spool for the database. */
    public long spooled() {
        try {
            return Files.exists(spool) ? Files.readAllLines(spool).size() : 0;
        } catch (IOException e) {
            return -1;
        }
    }

    private void run() {
        while (running || !queue.isEmpty()) {
            List<Pending> batch = new ArrayList<>();
            try {
                Pending first = queue.poll(200, TimeUnit.MILLISECONDS);
                if (first == null) {
                    if (replaySpool()) {
                        probe();
                        checkpoint(false);
                    }
                    continue;
                }
                batch.add(first);
                queue.drainTo(batch, MAX_BATCH - 1);
                writeBatch(batch);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                running = false;
            } catch (RuntimeException e) {
                batch.forEach(p -> p.done().completeExceptionally(e));
            }
        }
    }

    private void writeBatch(List<Pending> batch) {
        boolean databaseUp = replaySpool();
        HashChain before = chainOrNull();
        if (before == null) {
            // never reached the database and nothing spooled yet: the chain cannot be continued safely
            failOrSpool(batch, null);
            return;
        }
        long seqBefore = before.lastSeq();
        byte[] hashBefore = before.lastHash();
        List<ChainedRecord> records = new ArrayList<>(batch.size());
        batch.forEach(p -> records.add(chain.append(p.event())));
        if (databaseUp) {
            try {
                stored(records);
                batch.forEach(p -> p.done().complete(null));
                checkpoint(false);
                return;
            } catch (SQLException e) {
                dropConnection();
                if (mode == Mode.FAIL_CLOSED) {
                    chain = new HashChain(stream, seqBefore, hashBefore);
                    batch.forEach(p -> p.done().completeExceptionally(new AuditUnavailableException(e)));
                    return;
                }
            }
        } else if (mode == Mode.FAIL_CLOSED) {
            chain = new HashChain(stream, seqBefore, hashBefore);
            batch.forEach(p -> p.done().completeExceptionally(new AuditUnavailableException(null)));
            return;
        }
        failOrSpool(batch, records);
    }

    private void failOrSpool(List<Pending> batch, List<ChainedRecord> records) {
        if (mode == Mode.FAIL_CLOSED || records == null) {
            batch.forEach(p -> p.done().completeExceptionally(new AuditUnavailableException(null)));
            return;
        }
        try (FileChannel out = FileChannel.open(spool, StandardOpenOption.CREATE, StandardOpenOption.WRITE, StandardOpenOption.APPEND)) {
            StringBuilder lines = new StringBuilder();
            for (ChainedRecord r : records) {
                lines.append(JSON.writeValueAsString(toSpool(r))).append('\n');
            }
            out.write(java.nio.ByteBuffer.wrap(lines.toString().getBytes(StandardCharsets.UTF_8)));
            out.force(true);
            batch.forEach(p -> p.done().complete(null));
        } catch (IOException e) {
            batch.forEach(p -> p.done().completeExceptionally(new UncheckedIOException("audit spool write failed", e)));
        }
    }

    /** Sends the spool to the database in order; true when the database is reachable and the spool empty. */
    private boolean replaySpool() {
        try {
            Connection c = connection();
            if (!Files.exists(spool) || Files.size(spool) == 0) {
                return true;
            }
            // a crash between the commit and the delete below leaves records already stored: skip those
            long stored = AuditDatabase.resume(c, stream).lastSeq();
            List<ChainedRecord> records = new ArrayList<>();
            for (String line : Files.readAllLines(spool, StandardCharsets.UTF_8)) {
                ChainedRecord r = fromSpool(JSON.readValue(line, Map.class));
                if (r.seq() > stored) {
                    records.add(r);
                }
            }
            stored(records);
            Files.delete(spool);
            return true;
        } catch (SQLException e) {
            dropConnection();
            return false;
        } catch (IOException e) {
            throw new UncheckedIOException("audit spool unreadable: " + spool, e);
        }
    }

    /** The chain to continue: the in-memory one, else the database's tail, else the spool's last record. */
    private HashChain chainOrNull() {
        if (chain != null) {
            return chain;
        }
        try {
            chain = AuditDatabase.resume(connection(), stream);
        } catch (SQLException e) {
            dropConnection();
        }
        return chain;
    }

    private Connection connection() throws SQLException {
        if (connection == null || connection.isClosed()) {
            connection = database.open();
            lastProbeNanos = System.nanoTime();
        }
        reachable = true;
        return connection;
    }

    private void dropConnection() {
        reachable = false;
        try {
            if (connection != null) {
                connection.close();
            }
        } catch (SQLException ignored) {
            // already broken
        }
        connection = null;
    }

    private void stored(List<ChainedRecord> records) throws SQLException {
        AuditDatabase.append(connection(), records);
        if (!records.isEmpty()) {
            lastStored = records.get(records.size() - 1);
            lastStoredSigned = false;
        }
    }

    /** An idle connection may have died unnoticed (database stopped): ask it, at most once a second. */
    private void probe() {
        if (System.nanoTime() - lastProbeNanos < PROBE_EVERY_NANOS) {
            return;
        }
        lastProbeNanos = System.nanoTime();
        try {
            if (!connection().isValid(2)) {
                dropConnection();
            }
        } catch (SQLException e) {
            dropConnection();
        }
    }

    /** Signs the newest stored record when due (or {@code now}), so truncation and rewrites are detectable. */
    private void checkpoint(boolean now) {
        if (checkpointKey == null || lastStored == null || lastStoredSigned
                || (!now && System.nanoTime() - lastCheckpointNanos < checkpointEveryNanos)) {
            return;
        }
        try {
            AuditDatabase.append(connection(), Checkpoint.sign(lastStored, java.time.Instant.now(), checkpointKey));
            lastStoredSigned = true;
            lastCheckpointNanos = System.nanoTime();
        } catch (SQLException e) {
            dropConnection(); // signed later, once the database answers
        }
    }

    private static Map<String, Object> toSpool(ChainedRecord r) {
        AuditEvent e = r.event();
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("stream", r.stream());
        m.put("seq", r.seq());
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
        m.put("prevHash", HexFormat.of().formatHex(r.prevHash()));
        m.put("hash", HexFormat.of().formatHex(r.hash()));
        return m;
    }

    @SuppressWarnings("unchecked")
    private static ChainedRecord fromSpool(Map<?, ?> m) {
        AuditEvent e = new AuditEvent(java.time.Instant.parse((String) m.get("time")), (String) m.get("type"),
                AuditEvent.Outcome.valueOf((String) m.get("outcome")),
                new AuditEvent.Actor((String) m.get("actorUserId"), (String) m.get("actorUsername"),
                        (String) m.get("actorDirectory"), (String) m.get("actorMunicipality")),
                (String) m.get("client"), (String) m.get("sourceIp"), (String) m.get("session"),
                (String) m.get("targetType"), (String) m.get("targetId"), (Map<String, Object>) m.get("details"));
        return new ChainedRecord((String) m.get("stream"), ((Number) m.get("seq")).longValue(), e,
                HexFormat.of().parseHex((String) m.get("prevHash")), HexFormat.of().parseHex((String) m.get("hash")));
    }

    /** Waits for queued events to be written, then stops. */
    @Override
    public void close() {
        running = false;
        try {
            thread.join(Duration.ofSeconds(30).toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        if (!thread.isAlive()) {
            checkpoint(true);
        }
        dropConnection();
    }
}
