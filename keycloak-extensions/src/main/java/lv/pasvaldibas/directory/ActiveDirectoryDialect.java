package lv.pasvaldibas.directory;

import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Microsoft Active Directory: UPN and sAMAccountName, objectGUID, userAccountControl, bind sub-codes. */
public final class ActiveDirectoryDialect implements Dialect {

    /** userAccountControl bit ACCOUNTDISABLE. */
    static final int ACCOUNT_DISABLE = 0x2;
    /** userAccountControl bit LOCKOUT (set by some AD versions; lockoutTime is the reliable source). */
    static final int LOCKOUT = 0x10;

    private static final Pattern SUB_CODE = Pattern.compile("data ([0-9a-f]{3})", Pattern.CASE_INSENSITIVE);

    @Override
    public String id() {
        return "active-directory";
    }

    @Override
    public List<String> defaultLoginAttributes() {
        return List.of("sAMAccountName", "userPrincipalName", "mail");
    }

    @Override
    public String idAttribute() {
        return "objectGUID";
    }

    @Override
    public boolean binaryId() {
        return true;
    }

    @Override
    public List<String> accountStateAttributes() {
        return List.of("userAccountControl", "lockoutTime");
    }

    @Override
    public AccountState accountState(Map<String, List<String>> attributes) {
        String uac = Dialect.first(attributes, "userAccountControl");
        long flags = 0;
        try {
            flags = uac == null ? 0 : Long.parseLong(uac.strip());
        } catch (NumberFormatException e) {
            // an unreadable value must not let a disabled account in
            return AccountState.DISABLED;
        }
        if ((flags & ACCOUNT_DISABLE) != 0) {
            return AccountState.DISABLED;
        }
        String lockoutTime = Dialect.first(attributes, "lockoutTime");
        if ((flags & LOCKOUT) != 0 || (lockoutTime != null && !lockoutTime.equals("0"))) {
            return AccountState.LOCKED;
        }
        return AccountState.ACTIVE;
    }

    @Override
    public SignInFailure bindFailure(int resultCode, String diagnosticMessage) {
        if (resultCode != 49 || diagnosticMessage == null) {
            return SignInFailure.INVALID_CREDENTIALS;
        }
        Matcher m = SUB_CODE.matcher(diagnosticMessage);
        if (!m.find()) {
            return SignInFailure.INVALID_CREDENTIALS;
        }
        return switch (m.group(1).toLowerCase(Locale.ROOT)) {
            case "530" -> SignInFailure.NOT_PERMITTED_NOW;
            case "531" -> SignInFailure.NOT_PERMITTED_HERE;
            case "532" -> SignInFailure.PASSWORD_EXPIRED;
            case "533" -> SignInFailure.ACCOUNT_DISABLED;
            case "701" -> SignInFailure.ACCOUNT_EXPIRED;
            case "773" -> SignInFailure.PASSWORD_MUST_CHANGE;
            case "775" -> SignInFailure.ACCOUNT_LOCKED;
            // 525 (no such user) and 52e (wrong password) look the same to the user
            default -> SignInFailure.INVALID_CREDENTIALS;
        };
    }
}
