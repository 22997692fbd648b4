package lv.pasvaldibas.directory;

import java.sql.Connection;
import org.apache.directory.api.ldap.model.name.Dn;
import org.keycloak.models.UserModel;

/**
 * Breaks the plain-core rule on purpose: a class of the directory core taking Keycloak, LDAP-library
 * and JDBC types. {@code PlainCoresTest} checks the rule against it, to show the rule can fail.
 */
public final class FrameworkLeakingCore {

    private FrameworkLeakingCore() {
    }

    public static String homeDirectory(UserModel user, Dn entry, Connection keycloakDatabase) {
        return user.getFirstAttribute(PlatformUserAttributes.HOME_DIRECTORY);
    }
}
