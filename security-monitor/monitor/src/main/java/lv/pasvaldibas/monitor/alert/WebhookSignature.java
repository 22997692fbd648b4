package lv.pasvaldibas.monitor.alert;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.HexFormat;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * The signature a webhook receiver checks: HMAC-SHA256 with the shared secret over
 * {@code <timestamp>.<body>}, sent as {@code X-Monitor-Signature: sha256=<hex>} with
 * {@code X-Monitor-Timestamp: <epoch seconds>}. The timestamp inside the signed text lets a receiver
 * refuse an old message replayed to it.
 */
public final class WebhookSignature {

    public static final String SIGNATURE_HEADER = "X-Monitor-Signature";
    public static final String TIMESTAMP_HEADER = "X-Monitor-Timestamp";

    private WebhookSignature() {
    }

    public static String sign(byte[] secret, long timestamp, String body) {
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(secret, "HmacSHA256"));
            return "sha256=" + HexFormat.of().formatHex(mac.doFinal((timestamp + "." + body).getBytes(StandardCharsets.UTF_8)));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is part of every JDK", e);
        }
    }

    /** What a receiver does: the same signature, compared in constant time. */
    public static boolean verify(byte[] secret, long timestamp, String body, String signature) {
        return signature != null && MessageDigest.isEqual(sign(secret, timestamp, body).getBytes(StandardCharsets.UTF_8),
                signature.getBytes(StandardCharsets.UTF_8));
    }
}
