package lv.pasvaldibas.directory;

import java.util.List;
import java.util.Map;

/** OpenLDAP with the ppolicy overlay: entryUUID, lock by pwdAccountLockedTime. */
public final class OpenLdapDialect implements Dialect {

    @Override
    public String id() {
        return "openldap";
    }

    @Override
    public List<String> defaultLoginAttributes() {
        return List.of("uid", "mail");
    }

    @Override
    public String idAttribute() {
        return "entryUUID";
    }

    @Override
    public List<String> accountStateAttributes() {
        return List.of("pwdAccountLockedTime");
    }

    @Override
    public AccountState accountState(Map<String, List<String>> attributes) {
        // ppolicy: any value locks; 000001010000Z means locked until an administrator unlocks
        return Dialect.first(attributes, "pwdAccountLockedTime") != null ? AccountState.LOCKED : AccountState.ACTIVE;
    }

    @Override
    public SignInFailure bindFailure(int resultCode, String diagnosticMessage) {
        return SignInFailure.INVALID_CREDENTIALS;
    }
}
