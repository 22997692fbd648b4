package lv.pasvaldibas.directory;

/** A sign-in name that cannot be any directory's account; it is refused before any LDAP work. */
public final class InvalidLoginNameException extends IllegalArgumentException {

    public InvalidLoginNameException(String reason) {
        super("Invalid sign-in name: " + reason);
    }
}
