package lv.pasvaldibas.audit;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.PrivateKey;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
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
 * A writer that has not reached the database since it started does not know where its stream's
 * chain continues: it spools events unchained and chains them onto the stream's tail when the
 * database first answers (decision 38). Either way no event is acknowledged before it is durable.
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
    private static final System.Logger LOG = System.getLogger(AuditWriter.class.getName());
    /** After an unreadable spool, how long until it is read again (it is reported each time). */
    private static final long RETRY_CORRUPT_NANOS = TimeUnit.SECONDS.toNanos(10);
    /** How often an open connection is checked while idle, so that {@link #databaseReachable()} stays current. */
    private static final long PROBE_EVERY_NANOS = TimeUnit.SECONDS.toNanos(1);

    private record Pending(AuditEvent event, CompletableFuture<Void> done) {
    }

    private final String stream;
    private final ConnectionFactory database;
    private final Spool spool;
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
    private long retryCorruptAfterNanos = System.nanoTime();

    private AuditWriter(Builder b) {
        this.stream = b.stream;
        this.database = b.database;
        this.mode = b.mode;
        this.checkpointKey = b.checkpointKey;
        this.checkpointEveryNanos = b.checkpointEvery.toNanos();
        this.spool = new Spool(b.spoolDir.resolve(stream.replaceAll("[^A-Za-z0-9._-]", "_") + ".spool"));
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
        return spool.lineCount();
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
        if (replaySpool()) {
            HashChain before = chainOrNull();
            if (before != null) {
                long seqBefore = before.lastSeq();
                byte[] hashBefore = before.lastHash();
                List<ChainedRecord> records = new ArrayList<>(batch.size());
                batch.forEach(p -> records.add(chain.append(p.event())));
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
                    spool(batch, () -> spool.appendChained(records));
                    return;
                }
            }
        }
        if (mode == Mode.FAIL_CLOSED) {
            batch.forEach(p -> p.done().completeExceptionally(new AuditUnavailableException(null)));
            return;
        }
        if (chain != null) {
            // the tail is known (the database answered since this writer started): chain now, as before
            List<ChainedRecord> records = new ArrayList<>(batch.size());
            batch.forEach(p -> records.add(chain.append(p.event())));
            spool(batch, () -> spool.appendChained(records));
        } else {
            // never reached the database (decision 38): keep the events in order, chain them on replay
            spool(batch, () -> spool.appendUnchained(batch.stream().map(Pending::event).toList()));
        }
    }

    @FunctionalInterface
    private interface SpoolWrite {
        void run() throws IOException;
    }

    private void spool(List<Pending> batch, SpoolWrite write) {
        try {
            write.run();
            batch.forEach(p -> p.done().complete(null));
        } catch (IOException e) {
            // not durable anywhere: the caller must refuse the action; chained records are not reused
            chain = null;
            batch.forEach(p -> p.done().completeExceptionally(new UncheckedIOException("audit spool write failed: " + spool.file(), e)));
        }
    }

    /**
     * Sends the spool to the database in order; true when the database is reachable and the spool
     * empty. Unchained lines are first chained onto the stream's tail and the spool rewritten with
     * them chained, so that a crash after the commit below and before the delete leaves records
     * that the next replay recognises (by seq) as stored, instead of chaining them twice.
     */
    private boolean replaySpool() {
        Connection c;
        try {
            c = connection();
        } catch (SQLException e) {
            dropConnection();
            return false;
        }
        try {
            if (spool.isEmpty()) {
                return true;
            }
            if (System.nanoTime() - retryCorruptAfterNanos < 0) {
                return false;
            }
            List<Spool.Line> lines = spool.read();
            HashChain tail = AuditDatabase.resume(c, stream);
            long stored = tail.lastSeq();
            HashChain onto = tail;
            List<ChainedRecord> records = new ArrayList<>(lines.size());
            boolean chainedNow = false;
            for (Spool.Line line : lines) {
                if (line.chained() == null) {
                    records.add(onto.append(line.event()));
                    chainedNow = true;
                    continue;
                }
                ChainedRecord r = line.chained();
                if (r.seq() > stored) {
                    if (r.seq() != onto.lastSeq() + 1 || !Arrays.equals(r.prevHash(), onto.lastHash())) {
                        throw new Spool.CorruptException("audit spool " + spool.file() + ": record " + r.seq()
                                + " does not continue the stream at " + onto.lastSeq() + "; the spool is kept and not replayed");
                    }
                    onto = new HashChain(stream, r.seq(), r.hash());
                }
                records.add(r);
            }
            if (chainedNow) {
                spool.rewrite(records);
            }
            stored(records.stream().filter(r -> r.seq() > stored).toList());
            spool.delete();
            chain = onto;
            return true;
        } catch (SQLException e) {
            dropConnection();
            return false;
        } catch (IOException e) {
            // loud, but not every 200 ms: new events keep going to the spool behind the bad line
            retryCorruptAfterNanos = System.nanoTime() + RETRY_CORRUPT_NANOS;
            LOG.log(System.Logger.Level.ERROR, "Audit spool not replayed: {0}", e.getMessage());
            return false;
        }
    }

    /** The chain to continue: the in-memory one, else the database's tail (the spool is empty here). */
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
