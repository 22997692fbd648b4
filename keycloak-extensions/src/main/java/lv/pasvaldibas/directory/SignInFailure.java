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
    /** A name without a domain that several directories know. */
    AMBIGUOUS_NAME("directoryAmbiguousNameMessage");

    private final String messageKey;

    SignInFailure(String messageKey) {
        this.messageKey = messageKey;
    }

    public String messageKey() {
        return messageKey;
    }

    /** The platform could not check the password (directory or audit log down): not the user's fault. */
    public boolean isOutage() {
        return this == DIRECTORY_UNAVAILABLE || this == AUDIT_UNAVAILABLE;
    }
}
