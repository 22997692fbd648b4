package lv.pasvaldibas.audit;

/**
 * An event in its place: stream, sequence number (1, 2, 3... without gaps), the previous record's
 * hash and its own. {@code hash = SHA-256(prevHash || canonical encoding)}; see {@link RecordHasher}.
 */
public record ChainedRecord(String stream, long seq, AuditEvent event, byte[] prevHash, byte[] hash) {
}
