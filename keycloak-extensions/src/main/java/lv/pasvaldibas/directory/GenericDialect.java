package lv.pasvaldibas.directory;

import java.util.List;
import java.util.Map;

/** Any LDAPv3 server: entryUUID (RFC 4530), no account-state attribute. */
public final class GenericDialect implements Dialect {

    @Override
    public String id() {
        return "generic";
    }

    @Override
    public List<String> accountStateAttributes() {
        return List.of();
    }

    @Override
    public AccountState accountState(Map<String, List<String>> attributes) {
        return AccountState.ACTIVE;
    }
}
