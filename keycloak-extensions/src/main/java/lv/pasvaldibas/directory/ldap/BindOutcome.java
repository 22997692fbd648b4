package lv.pasvaldibas.directory.ldap;

/** Result of checking a user's password with a bind: success, or the server's result code and text. */
public record BindOutcome(boolean success, int resultCode, String diagnosticMessage) {

    static final BindOutcome SUCCESS = new BindOutcome(true, 0, "");
}
