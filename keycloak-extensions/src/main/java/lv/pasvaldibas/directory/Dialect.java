package lv.pasvaldibas.directory;

import java.util.List;
import java.util.Map;

/**
 * What differs between directory products. A plugin seam: add a dialect (FreeIPA, another AD
 * variant) by implementing this and listing the class in
 * {@code META-INF/services/lv.pasvaldibas.directory.Dialect}; see {@link Dialects}.
 */
public interface Dialect {

    /** Stable id stored in directory configurations, e.g. {@code active-directory}. */
    String id();

    /** Attributes a bare account name is matched against when the admin configures none. */
    default List<String> defaultLoginAttributes() {
        return List.of("uid", "mail");
    }

    /** The attribute that identifies an entry for life (survives renames and moves); RFC 4530 by default. */
    default String idAttribute() {
        return "entryUUID";
    }

    /** True when {@link #idAttribute()} holds bytes (AD objectGUID) rather than text. */
    default boolean binaryId() {
        return false;
    }

    /** Attributes {@link #accountState} needs; requested with every user search. */
    List<String> accountStateAttributes();

    AccountState accountState(Map<String, List<String>> attributes);

    /**
     * Maps a failed bind of a user to what the user is told. {@code resultCode} is the LDAP result
     * code (49 = invalidCredentials), {@code diagnosticMessage} the server's text, which for AD
     * carries the reason as a sub-code ("data 775"). Servers that give no reason: always invalid credentials.
     */
    default SignInFailure bindFailure(int resultCode, String diagnosticMessage) {
        return SignInFailure.INVALID_CREDENTIALS;
    }

    /** Attribute listing the DNs of the groups an entry belongs to. */
    default String memberOfAttribute() {
        return "memberOf";
    }

    /** Convenience for dialects: the first value of an attribute, case-insensitively named. */
    static String first(Map<String, List<String>> attributes, String name) {
        for (Map.Entry<String, List<String>> e : attributes.entrySet()) {
            if (e.getKey().equalsIgnoreCase(name) && !e.getValue().isEmpty()) {
                return e.getValue().get(0);
            }
        }
        return null;
    }
}
