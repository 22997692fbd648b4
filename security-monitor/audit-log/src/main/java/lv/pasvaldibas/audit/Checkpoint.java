package lv.pasvaldibas.audit;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.Signature;
import java.time.Instant;

/**
 * "Stream S had, at sequence N, the hash H", signed with an Ed25519 key that the database does not
 * hold. A signed checkpoint beyond the stored tail reveals a truncated log; one whose hash no longer
 * matches reveals a rewritten chain, even one rewritten consistently from the start.
 */
public record Checkpoint(String stream, long seq, byte[] hash, Instant time, byte[] signature) {

    /** The bytes signed: {@code stream \n seq \n hex(hash) \n time}. */
    static byte[] signedBytes(String stream, long seq, byte[] hash, Instant time) {
        return (stream + "\n" + seq + "\n" + RecordHasher.hex(hash) + "\n" + CanonicalEncoding.TIME.format(time))
                .getBytes(StandardCharsets.UTF_8);
    }

    public static Checkpoint sign(ChainedRecord last, Instant when, PrivateKey key) {
        // microseconds: what PostgreSQL stores, so the signed text survives the round trip
        Instant time = when.truncatedTo(java.time.temporal.ChronoUnit.MICROS);
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initSign(key);
            ed25519.update(signedBytes(last.stream(), last.seq(), last.hash(), time));
            return new Checkpoint(last.stream(), last.seq(), last.hash(), time, ed25519.sign());
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("Could not sign an audit checkpoint: " + e.getMessage(), e);
        }
    }

    public boolean signedBy(PublicKey key) {
        try {
            Signature ed25519 = Signature.getInstance("Ed25519");
            ed25519.initVerify(key);
            ed25519.update(signedBytes(stream, seq, hash, time));
            return ed25519.verify(signature);
        } catch (GeneralSecurityException e) {
            return false;
        }
    }
}
