package lv.pasvaldibas.vpvkac.client;

import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.time.DateTimeException;
import java.time.LocalDate;
import java.util.HexFormat;
import java.util.Optional;
import java.util.regex.Pattern;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import lv.pasvaldibas.vpvkac.client.InvalidPersonalCodeException.Reason;

/**
 * A Latvian personal code ("personas kods"), in either of its two forms:
 * <ul>
 *   <li>the old form, {@code DDMMYY-CNNNK}: date of birth, century digit {@code C} (0 = 1800s,
 *   1 = 1900s, 2 = 2000s), three serial digits and a check digit {@code K}, where
 *   {@code K = (1101 - Σ wᵢ·dᵢ) mod 11} over the first ten digits with weights 1, 6, 3, 7, 9, 10, 5, 8,
 *   4, 2; a sum that leaves 10 makes no valid code. Checked against two public implementations:
 *   krauzand/id-lv (these weights) and python-stdnum's {@code lv.pvn} (the complementary weights
 *   {@code 11 - wᵢ} with {@code 1 + Σ}, the same result mod 11);</li>
 *   <li>the new form issued since 1 July 2017, {@code 32NNNN-NNNNN}: no date and no check digit we
 *   can verify, so only the prefix and the digits are checked.</li>
 * </ul>
 * The code is personal data: {@link #toString()} prints the {@linkplain #masked() masked} form, and the
 * audit log gets an {@linkplain #auditReference(byte[]) unreadable reference} instead of the code.
 */
public final class PersonalCode {

    /** Typed input longer than this is refused before any parsing (a code with a hyphen has 12 characters). */
    public static final int MAX_INPUT_LENGTH = 20;
    /** Bytes of the key for {@link #auditReference}: RFC 2104 advises a key no shorter than the hash output. */
    public static final int MIN_AUDIT_KEY_BYTES = 32;

    private static final String NEW_FORM_PREFIX = "32";
    private static final Pattern TYPED = Pattern.compile("[0-9]{6}-?[0-9]{5}");
    private static final int[] WEIGHTS = {1, 6, 3, 7, 9, 10, 5, 8, 4, 2};
    private static final int AUDIT_REFERENCE_HEX = 16;

    /** The eleven digits, no hyphen. */
    private final String digits;

    private PersonalCode(String digits) {
        this.digits = digits;
    }

    /** Reads a code typed with or without the hyphen, spaces around it allowed. */
    public static PersonalCode parse(String raw) {
        if (raw == null || raw.isBlank()) {
            throw new InvalidPersonalCodeException(Reason.REQUIRED, "empty");
        }
        if (raw.length() > MAX_INPUT_LENGTH) {
            throw new InvalidPersonalCodeException(Reason.FORMAT, "longer than " + MAX_INPUT_LENGTH + " characters");
        }
        String typed = raw.strip();
        if (!TYPED.matcher(typed).matches()) {
            throw new InvalidPersonalCodeException(Reason.FORMAT, "not 11 digits written DDMMYY-NNNNN or DDMMYYNNNNN");
        }
        String digits = typed.replace("-", "");
        if (digits.startsWith(NEW_FORM_PREFIX)) {
            // no day is 32, so the prefix alone tells the two forms apart
            return new PersonalCode(digits);
        }
        if (dateOfBirth(digits).isEmpty()) {
            throw new InvalidPersonalCodeException(Reason.DATE, "the first seven digits are not a date of birth");
        }
        if (checkDigit(digits) != digits.charAt(10) - '0') {
            throw new InvalidPersonalCodeException(Reason.CHECK_DIGIT, "the check digit does not match");
        }
        return new PersonalCode(digits);
    }

    /** True for the new form ({@code 32…}), which tells nothing about the person. */
    public boolean isNewForm() {
        return digits.startsWith(NEW_FORM_PREFIX);
    }

    /** The date of birth of an old-form code; empty for the new form. */
    public Optional<LocalDate> birthDate() {
        return isNewForm() ? Optional.empty() : dateOfBirth(digits);
    }

    /** {@code DDMMYY-NNNNN}, the form printed on documents: for storage and the explicit, audited "show". */
    public String canonical() {
        return digits.substring(0, 6) + "-" + digits.substring(6);
    }

    /**
     * For lists: the old form shows its date of birth ({@code 150385-*****}), the new form only its
     * prefix ({@code 32****-*****}), since its other digits are the person's whole identity.
     */
    public String masked() {
        return isNewForm() ? NEW_FORM_PREFIX + "****-*****" : digits.substring(0, 6) + "-*****";
    }

    /**
     * A reference to this code for the audit log: the first 16 hex digits (64 bits) of HMAC-SHA256 over
     * the eleven digits. The same code and key always give the same reference, so reads of one client
     * can be correlated; the code cannot be read back. A plain hash would not do: there are only a few
     * million valid codes, and anyone could hash them all. The key stays outside the audit database.
     */
    public String auditReference(byte[] key) {
        if (key == null || key.length < MIN_AUDIT_KEY_BYTES) {
            throw new IllegalArgumentException("The audit reference key must have at least " + MIN_AUDIT_KEY_BYTES + " bytes");
        }
        try {
            Mac mac = Mac.getInstance("HmacSHA256");
            mac.init(new SecretKeySpec(key, "HmacSHA256"));
            byte[] hmac = mac.doFinal(digits.getBytes(StandardCharsets.US_ASCII));
            return HexFormat.of().formatHex(hmac).substring(0, AUDIT_REFERENCE_HEX);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("HmacSHA256 is missing from this JDK", e);
        }
    }

    /** True when {@code text} parses as a personal code: for guards that keep codes out of places they must not reach. */
    public static boolean isPersonalCode(String text) {
        try {
            parse(text);
            return true;
        } catch (InvalidPersonalCodeException e) {
            return false;
        }
    }

    private static Optional<LocalDate> dateOfBirth(String digits) {
        int century = digits.charAt(6) - '0';
        if (century > 2) {
            return Optional.empty();
        }
        int year = 1800 + century * 100 + Integer.parseInt(digits.substring(4, 6));
        try {
            return Optional.of(LocalDate.of(year, Integer.parseInt(digits.substring(2, 4)), Integer.parseInt(digits.substring(0, 2))));
        } catch (DateTimeException e) {
            return Optional.empty();
        }
    }

    /** The check digit for the first ten digits, or 10 when no digit fits (no such code is issued). */
    private static int checkDigit(String digits) {
        int sum = 0;
        for (int i = 0; i < WEIGHTS.length; i++) {
            sum += WEIGHTS[i] * (digits.charAt(i) - '0');
        }
        // 1101 is a multiple of 11 plus one, large enough that the difference never goes negative (the sum is at most 9 × 55 = 495)
        return (1101 - sum) % 11;
    }

    @Override
    public boolean equals(Object other) {
        return other instanceof PersonalCode code && code.digits.equals(digits);
    }

    @Override
    public int hashCode() {
        return digits.hashCode();
    }

    /** The masked form: a code logged by accident reveals no more than a list does. */
    @Override
    public String toString() {
        return masked();
    }
}
