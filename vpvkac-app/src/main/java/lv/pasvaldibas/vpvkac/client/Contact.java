package lv.pasvaldibas.vpvkac.client;

import java.util.regex.Pattern;
import lv.pasvaldibas.vpvkac.client.InvalidClientException.Reason;
import lv.pasvaldibas.vpvkac.text.TypedText;

/**
 * How to reach a client, both optional (null). The shapes are checked, not that the address or number
 * exists: a phone number is {@code +} and digits (spaces typed between groups are dropped), at most 20
 * characters; an e-mail address is {@code local@domain.tld}, at most 254 characters (RFC 5321).
 *
 * @param email as typed, trimmed; null when not given
 * @param phone {@code +} and digits; null when not given
 */
public record Contact(String email, String phone) {

    public static final Contact NONE = new Contact(null, null);
    static final int MAX_EMAIL = 254;
    static final int MAX_PHONE = 20;

    // one @, no spaces, a dot in the domain; internationalised local parts and domains are allowed
    private static final Pattern EMAIL = Pattern.compile("[^@\\s]{1,64}@[^@\\s.]+(\\.[^@\\s.]+)+");
    private static final Pattern PHONE = Pattern.compile("\\+?[0-9]{3,19}");

    public Contact {
        email = TypedText.clean(email);
        if (email != null && (TypedText.length(email) > MAX_EMAIL || TypedText.hasInvisible(email, false)
                || !EMAIL.matcher(email).matches())) {
            throw new InvalidClientException(Reason.EMAIL, "email", "not an e-mail address");
        }
        phone = TypedText.clean(phone);
        if (phone != null) {
            phone = phone.replace(" ", "");
            if (phone.length() > MAX_PHONE || !PHONE.matcher(phone).matches()) {
                throw new InvalidClientException(Reason.PHONE, "phone", "not + and 3 to 19 digits", MAX_PHONE);
            }
        }
    }

    /** Says only which of the two are known: both are personal data. */
    @Override
    public String toString() {
        return "Contact[email=" + (email == null ? "none" : "given") + ", phone=" + (phone == null ? "none" : "given") + "]";
    }
}
