package lv.pasvaldibas.audit;

import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;

/** SHA-256 over the previous record's hash and this record's canonical encoding. */
public final class RecordHasher {

    /** The "previous hash" of a stream's first record. */
    public static final byte[] GENESIS = new byte[32];

    private RecordHasher() {
    }

    public static byte[] hash(byte[] prevHash, String stream, long seq, AuditEvent event) {
        return hash(prevHash, CanonicalEncoding.encode(stream, seq, event));
    }

    /** @param canonical the record's canonical encoding ({@link CanonicalEncoding}) */
    public static byte[] hash(byte[] prevHash, byte[] canonical) {
        try {
            MessageDigest sha256 = MessageDigest.getInstance("SHA-256");
            sha256.update(prevHash);
            sha256.update(canonical);
            return sha256.digest();
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("SHA-256 is part of every Java runtime", e);
        }
    }

    public static String hex(byte[] bytes) {
        return java.util.HexFormat.of().formatHex(bytes);
    }
}
