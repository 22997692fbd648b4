package lv.pasvaldibas.vpvkac.client;

import java.util.regex.Pattern;
import lv.pasvaldibas.vpvkac.client.InvalidClientException.Reason;

/**
 * An organisation's registration number in the Enterprise Register (Uzņēmumu reģistrs) or the
 * register of state institutions: eleven digits. The legal-entity check digit is not verified: its
 * published variants disagree for the 9… numbers of state and municipal institutions.
 *
 * @param digits the eleven digits
 */
public record RegistrationNumber(String digits) {

    private static final Pattern ELEVEN_DIGITS = Pattern.compile("[0-9]{11}");

    public RegistrationNumber {
        if (digits == null || !ELEVEN_DIGITS.matcher(digits).matches()) {
            throw new InvalidClientException(Reason.REGISTRATION_NUMBER, "registrationNumber", "not 11 digits");
        }
    }

    /** Reads a number as typed: spaces around it and an {@code LV} VAT prefix are dropped. */
    public static RegistrationNumber parse(String raw) {
        String typed = raw == null || raw.length() > 20 ? "" : raw.strip();
        return new RegistrationNumber(typed.startsWith("LV") ? typed.substring(2) : typed);
    }
}
