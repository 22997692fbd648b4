package lv.pasvaldibas.directory;

import java.util.List;
import java.util.Map;

/** OpenLDAP with the ppolicy overlay: entryUUID, lock by pwdAccountLockedTime. */
public final class OpenLdapDialect implements Dialect {

    static final String ADMINISTRATIVE_LOCK = "000001010000Z";

    @Override
    public String id() {
        return "openldap";
    }

    @Override
    public List<String> accountStateAttributes() {
        return List.of("pwdAccountLockedTime");
    }

    @Override
    public AccountState accountState(Map<String, List<String>> attributes) {
        // ppolicy: 000001010000Z is an administrator's lock (the account is disabled); any other
        // value is the time of a lockout after failed passwords
        String lockedTime = Dialect.first(attributes, "pwdAccountLockedTime");
        if (lockedTime == null) {
            return AccountState.ACTIVE;
        }
        return ADMINISTRATIVE_LOCK.equals(lockedTime) ? AccountState.DISABLED : AccountState.LOCKED;
    }
}
