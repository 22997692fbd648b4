package lv.pasvaldibas.directory;

/**
 * The user attributes the platform writes on every imported directory account, by name: the
 * directory federation sets them, and trusts, the audit trail and the admin APIs read them. The
 * realm's user profile keeps them out of everyone's hands (unmanaged attributes, {@code ADMIN_VIEW}:
 * admins read them, nobody edits them), so each says what its directory said at the last sign-in or sync. Besides these, a directory's {@code attributeMapping} fills
 * {@code phone}, {@code title}, {@code department}, {@code employeeNumber} and {@code institution}.
 */
public final class PlatformUserAttributes {

    /** Id of the municipality the account's home directory belongs to (the Organization's alias). */
    public static final String MUNICIPALITY = "municipality";
    /** Id of the account's home directory: the one directory that checks its password. */
    public static final String HOME_DIRECTORY = "home_directory";
    /**
     * The entry's stable id in its directory (the dialect's id attribute, e.g. {@code objectGUID},
     * {@code entryUUID}): an account is never handed to another entry that takes over its name.
     */
    public static final String ENTRY_ID = "directory_entry_id";
    /** The entry's DN when last read: where the account is re-read. */
    public static final String ENTRY_DN = "directory_entry_dn";
    /** When (ISO-8601 instant) the entry was found gone from its directory; the user is disabled meanwhile. */
    public static final String MISSING_SINCE = "directory_missing_since";
    /** The account's group names in its directory, one value each: what trusts accept (DESIGN.md §3). */
    public static final String DIRECTORY_GROUPS = "directory_groups";

    private PlatformUserAttributes() {
    }
}
