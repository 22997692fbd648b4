package lv.pasvaldibas.directory;

import java.util.List;
import java.util.Map;

/** 389 Directory Server: nsUniqueId, accounts inactivated with nsAccountLock. */
public final class Ds389Dialect implements Dialect {

    @Override
    public String id() {
        return "389ds";
    }

    @Override
    public String idAttribute() {
        return "nsUniqueId";
    }

    @Override
    public List<String> accountStateAttributes() {
        return List.of("nsAccountLock");
    }

    @Override
    public AccountState accountState(Map<String, List<String>> attributes) {
        return "true".equalsIgnoreCase(Dialect.first(attributes, "nsAccountLock")) ? AccountState.DISABLED : AccountState.ACTIVE;
    }
}
