package lv.pasvaldibas.directory;

/**
 * Why a directory refused a sign-in, as the user is told it. {@link #messageKey()} names the
 * message in the login theme (Latvian and English).
 */
public enum SignInFailure {
    /** Wrong password, or no such account: the two are never told apart (no user enumeration). */
    INVALID_CREDENTIALS("invalidUserMessage"),
    ACCOUNT_DISABLED("directoryAccountDisabledMessage"),
    ACCOUNT_LOCKED("directoryAccountLockedMessage"),
    ACCOUNT_EXPIRED("directoryAccountExpiredMessage"),
    PASSWORD_EXPIRED("directoryPasswordExpiredMessage"),
    PASSWORD_MUST_CHANGE("directoryPasswordMustChangeMessage"),
    NOT_PERMITTED_NOW("directoryLogonHoursMessage"),
    NOT_PERMITTED_HERE("directoryWorkstationMessage"),
    DIRECTORY_UNAVAILABLE("directoryUnavailableMessage"),
    /** Fail-closed audit: the audit database cannot record the sign-in, so it is refused. */
    AUDIT_UNAVAILABLE("auditUnavailableMessage"),
    /**
     * A name typed without a domain in a realm of several directories that did not sign in: unknown,
     * ambiguous or a wrong password, told apart to nobody; the message asks for the domain.
     */
    BARE_NAME("directoryBareNameMessage");

    private final String messageKey;

    SignInFailure(String messageKey) {
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }

    /**
     * True when the directory gives this reason only to someone who typed the right password (AD's
     * sub-codes for an expired or disabled account, logon hours...), so telling it reveals nothing to
     * a stranger. A lock is told for any password (AD 775, OpenLDAP's ppolicy), so it proves nothing.
     */
    public boolean provesPassword() {
        return switch (this) {
            case ACCOUNT_DISABLED, ACCOUNT_EXPIRED, PASSWORD_EXPIRED, PASSWORD_MUST_CHANGE, NOT_PERMITTED_NOW, NOT_PERMITTED_HERE -> true;
            default -> false;
        };
    }

    /** The platform could not check the password (directory or audit log down): not the user's fault. */
    public boolean isOutage() {
        return this == DIRECTORY_UNAVAILABLE || this == AUDIT_UNAVAILABLE;
    }
}
