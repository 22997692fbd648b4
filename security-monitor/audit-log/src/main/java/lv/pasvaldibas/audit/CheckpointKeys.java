package lv.pasvaldibas.audit;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyFactory;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.PublicKey;
import java.security.spec.PKCS8EncodedKeySpec;
import java.security.spec.X509EncodedKeySpec;
import java.util.Base64;

/**
 * The Ed25519 checkpoint key pair as PEM files: {@code audit-checkpoint.key} (private, mode 600,
 * kept where the database cannot reach it) and {@code audit-checkpoint.pub} (for verifiers).
 */
public final class CheckpointKeys {

    public static final String PRIVATE_FILE = "audit-checkpoint.key";
    public static final String PUBLIC_FILE = "audit-checkpoint.pub";

    private CheckpointKeys() {
    }

    /** Writes a new pair into {@code dir}; an existing pair is never overwritten (old checkpoints need its public half). */
    public static void generate(Path dir) throws IOException, GeneralSecurityException {
        Path privateKey = dir.resolve(PRIVATE_FILE);
        if (Files.exists(privateKey)) {
            throw new IOException(privateKey + " exists already; move it away first (old checkpoints need its public key)");
        }
        Files.createDirectories(dir);
        KeyPair pair = KeyPairGenerator.getInstance("Ed25519").generateKeyPair();
        Files.writeString(privateKey, "", StandardCharsets.US_ASCII);
        Files.setPosixFilePermissions(privateKey, PosixFilePermissions.fromString("rw-------"));
        Files.writeString(privateKey, pem("PRIVATE KEY", pair.getPrivate().getEncoded()), StandardCharsets.US_ASCII);
        Files.writeString(dir.resolve(PUBLIC_FILE), pem("PUBLIC KEY", pair.getPublic().getEncoded()), StandardCharsets.US_ASCII);
    }

    public static PublicKey readPublic(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePublic(new X509EncodedKeySpec(der(file)));
    }

    public static PrivateKey readPrivate(Path file) throws IOException, GeneralSecurityException {
        return KeyFactory.getInstance("Ed25519").generatePrivate(new PKCS8EncodedKeySpec(der(file)));
    }

    private static byte[] der(Path file) throws IOException, GeneralSecurityException {
        String text = Files.readString(file, StandardCharsets.US_ASCII);
        try {
            return Base64.getDecoder().decode(text.replaceAll("-----[A-Z ]+-----", "").replaceAll("\\s", ""));
        } catch (IllegalArgumentException e) {
            throw new GeneralSecurityException("not a PEM key file: " + file);
        }
    }

    private static String pem(String type, byte[] der) {
        return "-----BEGIN " + type + "-----\n"
                + Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der)
                + "\n-----END " + type + "-----\n";
    }
}
