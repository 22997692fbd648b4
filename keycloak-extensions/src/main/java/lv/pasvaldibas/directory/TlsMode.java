package lv.pasvaldibas.directory;

/** How the platform protects its connection to a directory. */
public enum TlsMode {
    /** Plain LDAP: only for directories on a trusted network segment. */
    NONE,
    /** TLS from the first byte, usually port 636. */
    LDAPS,
    /** Plain LDAP upgraded with the StartTLS extended operation before any bind. */
    STARTTLS
}
