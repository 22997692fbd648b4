package lv.pasvaldibas.directory.keycloak;

import jakarta.ws.rs.ForbiddenException;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The caller of an admin API for municipalities (directories, trusts): a municipal LDAP admin
 * (realm role {@code municipal-ldap-admin}, scoped to the municipality of their own account), or a
 * realm administrator (realm-management {@code view-realm}), who sees all: municipality null.
 */
public record MunicipalAdmin(AuthenticationManager.AuthResult auth, String municipality) {

    public static final String LDAP_ADMIN_ROLE = "municipal-ldap-admin";

    /** The bearer token's user as an admin; 401 without a token, 403 for another client's token or without either role. */
    public static MunicipalAdmin of(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        AuthenticationManager.AuthResult auth = AdminApiToken.authenticate(session);
        UserModel user = auth.user();
        if (isRealmAdministrator(realm, user)) {
            return new MunicipalAdmin(auth, null);
        }
        String municipality = user.getFirstAttribute(MunicipalDirectoriesProvider.ATTR_MUNICIPALITY);
        if (hasRole(user, realm.getRole(LDAP_ADMIN_ROLE)) && municipality != null) {
            return new MunicipalAdmin(auth, municipality);
        }
        throw new ForbiddenException(ApiErrors.of(jakarta.ws.rs.core.Response.Status.FORBIDDEN,
                "Nepieciešama pašvaldības LDAP administratora loma / Requires the role " + LDAP_ADMIN_ROLE + " or realm administration"));
    }

    public boolean isPlatformAdmin() {
        return municipality == null;
    }

    public UserModel user() {
        return auth.user();
    }

    private static boolean isRealmAdministrator(RealmModel realm, UserModel user) {
        ClientModel management = realm.getClientByClientId("realm-management");
        return management != null && hasRole(user, management.getRole("view-realm"));
    }

    private static boolean hasRole(UserModel user, RoleModel role) {
        return role != null && user.hasRole(role);
    }
}
