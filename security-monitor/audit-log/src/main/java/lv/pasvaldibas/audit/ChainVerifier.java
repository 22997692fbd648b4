package lv.pasvaldibas.audit;

import java.security.PublicKey;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;

/**
 * Checks one stream: every record's link and hash in sequence order, and every signed checkpoint.
 * Names the first broken record: a changed field, a missing (deleted) or out-of-order record, a
 * broken link, a truncated tail, or a chain rewritten so that it no longer matches a checkpoint.
 */
public final class ChainVerifier {

    public enum Kind {
        /** The record's content no longer gives its stored hash. */
        CHANGED,
        /** A sequence number is missing: a record was deleted. */
        MISSING,
        /** A sequence number came again or went backwards. */
        OUT_OF_ORDER,
        /** The record does not point at the hash of the record before it: removed, inserted or swapped. */
        BROKEN_LINK,
        /** The log ends before a signed checkpoint: its newest records were removed. */
        TRUNCATED,
        /** The record at a checkpoint has another hash than was signed: the chain was rewritten. */
        CHECKPOINT_MISMATCH,
        /** A checkpoint's signature does not verify: it was forged or altered. */
        BAD_CHECKPOINT_SIGNATURE,
        /** Records were removed as archived, but not up to a signed checkpoint of that record. */
        UNANCHORED_ARCHIVE
    }

    /**
     * Where a stream starts after retention: records 1..seq were archived and removed; the first
     * remaining record must point at {@code hash}, which a signed checkpoint at {@code seq} vouches for.
     */
    public record Anchor(long seq, byte[] hash) {
        static final Anchor GENESIS = new Anchor(0, RecordHasher.GENESIS);
    }

    /** The first break found, at {@code seq} of {@code stream}. */
    public record Break(String stream, long seq, Kind kind, String detail) {
        @Override
        public String toString() {
            return stream + " #" + seq + ": " + kind + " (" + detail + ")";
        }
    }

    /**
     * A record as stored: the text of each of its 15 fields (docs/audit-format.md), from which the
     * canonical encoding is rebuilt, so the verifier hashes exactly what is in the database or the
     * archive (details included, byte for byte).
     */
    public record Stored(long seq, String[] fields, byte[] prevHash, byte[] hash) {
        public static Stored of(ChainedRecord r) {
            return new Stored(r.seq(), CanonicalEncoding.fields(r.stream(), r.seq(), r.event()), r.prevHash(), r.hash());
        }

        byte[] canonical() {
            return CanonicalEncoding.encode(fields);
        }
    }

    private ChainVerifier() {
    }

    /** A break if records were removed up to {@code anchor} without a signed checkpoint carrying its hash there. */
    static Optional<Break> unanchored(String stream, Anchor anchor, List<Checkpoint> checkpoints) {
        if (anchor.seq() == 0 || checkpoints.stream().anyMatch(c -> c.seq() == anchor.seq() && Arrays.equals(c.hash(), anchor.hash()))) {
            return Optional.empty();
        }
        return Optional.of(new Break(stream, anchor.seq(), Kind.UNANCHORED_ARCHIVE,
                "records up to #" + anchor.seq() + " were removed without a signed checkpoint there"));
    }

    /**
     * @param records     the stream's records in ascending sequence order, as stored
     * @param checkpoints the stream's checkpoints, any order
     * @param key         the public half of the checkpoint key
     */
    public static Optional<Break> verify(String stream, Iterable<Stored> records, List<Checkpoint> checkpoints,
                                         PublicKey key) {
        return verify(stream, Anchor.GENESIS, records, checkpoints, key);
    }

    /**
     * @param anchor where the records start: after an archive ({@code up_to_seq}, {@code up_to_hash}),
     *               or {@link Anchor#GENESIS}. Whether the anchor itself is vouched for is the caller's
     *               check ({@link #unanchored}).
     */
    public static Optional<Break> verify(String stream, Anchor anchor, Iterable<Stored> records, List<Checkpoint> checkpoints,
                                         PublicKey key) {
        Map<Long, Checkpoint> bySeq = new HashMap<>();
        long lastCheckpoint = 0;
        for (Checkpoint c : checkpoints) {
            if (!c.stream().equals(stream) || !c.signedBy(key)) {
                return Optional.of(new Break(stream, c.seq(), Kind.BAD_CHECKPOINT_SIGNATURE, "checkpoint at " + c.time()));
            }
            bySeq.put(c.seq(), c);
            lastCheckpoint = Math.max(lastCheckpoint, c.seq());
        }
        long expected = anchor.seq() + 1;
        byte[] prev = anchor.hash();
        for (Stored r : records) {
            if (r.seq() > expected) {
                return Optional.of(new Break(stream, expected, Kind.MISSING, "next stored record is #" + r.seq()));
            }
            if (r.seq() < expected) {
                return Optional.of(new Break(stream, r.seq(), Kind.OUT_OF_ORDER, "expected #" + expected));
            }
            if (!Arrays.equals(r.prevHash(), prev)) {
                return Optional.of(new Break(stream, r.seq(), Kind.BROKEN_LINK, "does not follow #" + (r.seq() - 1)));
            }
            byte[] recomputed = RecordHasher.hash(prev, r.canonical());
            if (!Arrays.equals(recomputed, r.hash())) {
                return Optional.of(new Break(stream, r.seq(), Kind.CHANGED, "content does not give its hash"));
            }
            Checkpoint c = bySeq.get(r.seq());
            if (c != null && !Arrays.equals(c.hash(), r.hash())) {
                return Optional.of(new Break(stream, r.seq(), Kind.CHECKPOINT_MISMATCH, "signed at " + c.time()));
            }
            prev = r.hash();
            expected++;
        }
        long last = expected - 1;
        if (lastCheckpoint > last) {
            return Optional.of(new Break(stream, last + 1, Kind.TRUNCATED,
                    "log ends at #" + last + ", a checkpoint was signed at #" + lastCheckpoint));
        }
        return Optional.empty();
    }
}
