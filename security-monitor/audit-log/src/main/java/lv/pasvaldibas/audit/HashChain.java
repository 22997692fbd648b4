package lv.pasvaldibas.audit;

/**
 * One stream's chain as its single writer extends it: not thread-safe, one per stream (component
 * and node). Resume after a restart with the last stored record's sequence number and hash.
 */
public final class HashChain {

    private final String stream;
    private long lastSeq;
    private byte[] lastHash;

    public HashChain(String stream, long lastSeq, byte[] lastHash) {
        if (stream == null || stream.isBlank() || stream.length() > 200) {
            throw new IllegalArgumentException("A stream is named by component and node, at most 200 characters");
        }
        this.stream = stream;
        this.lastSeq = lastSeq;
        this.lastHash = lastHash.clone();
    }

    public static HashChain start(String stream) {
        return new HashChain(stream, 0, RecordHasher.GENESIS);
    }

    public ChainedRecord append(AuditEvent event) {
        long seq = lastSeq + 1;
        byte[] hash = RecordHasher.hash(lastHash, stream, seq, event);
        ChainedRecord record = new ChainedRecord(stream, seq, event, lastHash, hash);
        lastSeq = seq;
        lastHash = hash;
        return record;
    }

    public String stream() {
        return stream;
    }

    public long lastSeq() {
        return lastSeq;
    }

    public byte[] lastHash() {
        return lastHash.clone();
    }
}
