package lv.pasvaldibas.testsupport;

import java.nio.ByteBuffer;
import java.security.GeneralSecurityException;
import java.time.Instant;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * RFC 6238 time-based one-time codes (HMAC-SHA1, 6 digits, 30 s), as an authenticator app computes
 * them, for tests and demos that sign in as an admin who has a second factor.
 * <p>
 * Keycloak accepts each code once per credential (its replay key is the credential id and the code),
 * and (look-ahead window 1) the codes of the previous, the current and the next 30 s step.
 * {@link #freshCode} hands out a code of a step not used yet in this JVM for that account and seed,
 * and waits for the next step only when all three are spent: the same admin can sign in three times
 * in a row without waiting, and other admins with the same seed are not held up by it.
 */
public final class Totp {

    /** The demo admins' seed when {@code bin/platform up} did not generate one (realm-config's placeholder default). */
    public static final String DEMO_SEED = "JBSWY3DPEHPK3PXPJBSWY3DPEHPK3PXP";
    static final int PERIOD_SECONDS = 30;
    private static final Map<String, Set<Long>> USED_STEPS = new HashMap<>();

    private Totp() {
    }

    /** A code the server has not seen yet from this account's credential with this seed (base32). */
    public static String freshCode(String base32Seed, String account) {
        synchronized (USED_STEPS) {
            Set<Long> used = USED_STEPS.computeIfAbsent(account + " " + base32Seed, k -> new HashSet<>());
            while (true) {
                long now = Instant.now().getEpochSecond() / PERIOD_SECONDS;
                for (long step : new long[] {now, now + 1, now - 1}) {
                    if (used.add(step)) {
                        return code(base32Seed, step);
                    }
                }
                try {
                    Thread.sleep((PERIOD_SECONDS - Instant.now().getEpochSecond() % PERIOD_SECONDS) * 1000L + 100);
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                    throw new IllegalStateException(e);
                }
            }
        }
    }

    /** The next fresh code of a demo admin (they all have the demo seed, each in a credential of their own). */
    public static String demoAdminCode(String account) {
        return freshCode(DEMO_SEED, account);
    }

    /**
     * For {@code bin/platform admin-code}: prints the code of the current 30 s step for the seed in
     * {@code args[0]} (base32), as an authenticator app shows it. Keycloak takes each code once per admin.
     */
    public static void main(String[] args) {
        if (args.length != 1) {
            System.err.println("usage: Totp <base32 seed>");
            System.exit(2);
        }
        System.out.println(code(args[0].strip(), Instant.now().getEpochSecond() / PERIOD_SECONDS));
    }

    /** The code of 30 s step {@code step} (seconds since 1970 / 30). */
    public static String code(String base32Seed, long step) {
        try {
            Mac mac = Mac.getInstance("HmacSHA1");
            mac.init(new SecretKeySpec(base32(base32Seed), "HmacSHA1"));
            byte[] hash = mac.doFinal(ByteBuffer.allocate(8).putLong(step).array());
            int offset = hash[hash.length - 1] & 0x0f;
            int binary = ((hash[offset] & 0x7f) << 24) | ((hash[offset + 1] & 0xff) << 16)
                    | ((hash[offset + 2] & 0xff) << 8) | (hash[offset + 3] & 0xff);
            return String.format(Locale.ROOT, "%06d", binary % 1_000_000);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException(e);
        }
    }

    /** RFC 4648 base32, without padding, case-insensitive. */
    static byte[] base32(String text) {
        String alphabet = "ABCDEFGHIJKLMNOPQRSTUVWXYZ234567";
        String clean = text.replace("=", "").replace(" ", "").toUpperCase(Locale.ROOT);
        ByteBuffer out = ByteBuffer.allocate(clean.length() * 5 / 8);
        int buffer = 0;
        int bits = 0;
        for (char c : clean.toCharArray()) {
            int value = alphabet.indexOf(c);
            if (value < 0) {
                throw new IllegalArgumentException("Not base32: " + c);
            }
            buffer = (buffer << 5) | value;
            bits += 5;
            if (bits >= 8) {
                out.put((byte) (buffer >> (bits - 8)));
                bits -= 8;
            }
        }
        return out.array();
    }
}
