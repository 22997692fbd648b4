package lv.pasvaldibas.audit;

import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.NoSuchElementException;
import java.util.concurrent.ArrayBlockingQueue;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.TimeUnit;

/**
 * A stream's stored rows as {@link ChainVerifier.Stored}, in a two-stage pipeline: a reader thread
 * takes rows off the JDBC cursor while the caller's thread encodes and hashes the ones before, so
 * verification runs at close to the speed of reading. Nothing is parsed: each field's stored text
 * is what the canonical encoding is rebuilt from. The result set must select the fields in the
 * encoding's order (stream .. details), then prev_hash and hash, in a session whose time zone is UTC.
 */
final class StoredRows implements Iterator<ChainVerifier.Stored>, AutoCloseable {

    private static final int FIELDS = 15;
    private static final int TIME = 2;
    private static final int BATCH = 2000;

    private record Row(String[] fields, byte[] prevHash, byte[] hash) {
    }

    private final BlockingQueue<List<Row>> batches = new ArrayBlockingQueue<>(8);
    private final Thread reader;
    private volatile boolean stopped;
    private volatile RuntimeException failure;
    private List<Row> current = List.of();
    private int position;
    private boolean finished;

    StoredRows(ResultSet rs, String stream) {
        reader = new Thread(() -> read(rs), "audit-verify-" + stream);
        reader.setDaemon(true);
        reader.start();
    }

    private void read(ResultSet rs) {
        try {
            List<Row> batch = new ArrayList<>(BATCH);
            while (!stopped && rs.next()) {
                String[] fields = new String[FIELDS];
                for (int i = 0; i < FIELDS; i++) {
                    fields[i] = rs.getString(i + 1);
                }
                batch.add(new Row(fields, rs.getBytes(FIELDS + 1), rs.getBytes(FIELDS + 2)));
                if (batch.size() == BATCH) {
                    hand(batch);
                    batch = new ArrayList<>(BATCH);
                }
            }
            hand(batch);
        } catch (SQLException e) {
            failure = new IllegalStateException("Reading the audit log failed: " + e.getMessage(), e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } finally {
            try {
                hand(List.of()); // the end
            } catch (InterruptedException ignored) {
                // closing: nobody waits for the end marker
            }
        }
    }

    private void hand(List<Row> batch) throws InterruptedException {
        while (!stopped && !batches.offer(batch, 100, TimeUnit.MILLISECONDS)) {
            // the verifier is busy: wait for room
        }
    }

    @Override
    public boolean hasNext() {
        while (!finished && position == current.size()) {
            try {
                current = batches.take();
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("interrupted while verifying", e);
            }
            position = 0;
            if (current.isEmpty()) {
                finished = true;
            }
        }
        if (failure != null) {
            throw failure;
        }
        return !finished;
    }

    @Override
    public ChainVerifier.Stored next() {
        if (!hasNext()) {
            throw new NoSuchElementException();
        }
        Row row = current.get(position++);
        row.fields()[TIME] = canonicalTime(row.fields()[TIME]);
        return new ChainVerifier.Stored(Long.parseLong(row.fields()[1]), row.fields(), row.prevHash(), row.hash());
    }

    /**
     * PostgreSQL's text for a timestamptz in a UTC session ({@code 2026-11-26 19:49:23.1234+00},
     * trailing zeros of the fraction dropped) as the encoding's {@code 2026-11-26T19:49:23.123400Z}:
     * string work only, several times faster than parsing and formatting a date.
     */
    static String canonicalTime(String stored) {
        int offset = stored.length() - 3;
        if (stored.length() < 22 || !stored.startsWith("+00", offset) || stored.charAt(10) != ' ') {
            return CanonicalEncoding.TIME.format(java.time.OffsetDateTime.parse(stored.replace(' ', 'T') + ":00").toInstant());
        }
        StringBuilder out = new StringBuilder(27).append(stored, 0, 10).append('T').append(stored, 11, 19).append('.');
        int digits = stored.charAt(19) == '.' ? offset - 20 : 0;
        if (digits > 0) {
            out.append(stored, 20, offset);
        }
        for (int i = digits; i < 6; i++) {
            out.append('0');
        }
        return out.append('Z').toString();
    }

    /** Stops the reader (the verifier may stop at the first break) and waits for it to let go of the cursor. */
    @Override
    public void close() {
        stopped = true;
        batches.clear();
        try {
            reader.join();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }
}
