package lv.pasvaldibas.platform.keycloak;

import jakarta.ws.rs.ForbiddenException;
import jakarta.ws.rs.core.Response;
import lv.pasvaldibas.directory.PlatformUserAttributes;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * The caller of an admin API for municipalities (directories, trusts), and what they may do:
 * <ul>
 *   <li>{@link Power#MUNICIPAL}: a municipal LDAP admin (realm role {@code municipal-ldap-admin}), scoped
 *       to the municipality of their own account, who may change what is theirs;</li>
 *   <li>{@link Power#PLATFORM}: a platform admin (realm role {@code platform-admin}), who sees and may
 *       stop everything (decision 28), municipality null;</li>
 *   <li>{@link Power#READER}: a realm reader (realm-management {@code view-realm} or {@code view-users}),
 *       who sees everything and changes nothing: a read-only role must never stop a trust between two
 *       municipalities (issue 10, attack 6).</li>
 * </ul>
 * The two acting roles need a second factor in the session ({@link AdminApiToken}).
 */
public record MunicipalAdmin(AuthenticationManager.AuthResult auth, String municipality, Power power) {

    public static final String LDAP_ADMIN_ROLE = "municipal-ldap-admin";
    public static final String PLATFORM_ADMIN_ROLE = "platform-admin";
    /** Keycloak's own read-only realm roles that let someone look at every municipality's settings. */
    private static final String[] READER_ROLES = {"view-realm", "view-users"};

    public enum Power { MUNICIPAL, PLATFORM, READER }

    /** The bearer token's user as an admin; 401 without a token, 403 for another client's token, a missing second factor, or no role. */
    public static MunicipalAdmin of(KeycloakSession session) {
        RealmModel realm = session.getContext().getRealm();
        AuthenticationManager.AuthResult auth = AdminApiToken.authenticate(session);
        UserModel user = auth.user();
        // acting roles before the read-only ones: someone who holds both acts as what they may change
        if (hasRole(user, realm.getRole(PLATFORM_ADMIN_ROLE))) {
            return new MunicipalAdmin(auth, null, Power.PLATFORM);
        }
        String municipality = user.getFirstAttribute(PlatformUserAttributes.MUNICIPALITY);
        if (hasRole(user, realm.getRole(LDAP_ADMIN_ROLE)) && municipality != null) {
            return new MunicipalAdmin(auth, municipality, Power.MUNICIPAL);
        }
        if (isRealmReader(realm, user)) {
            return new MunicipalAdmin(auth, null, Power.READER);
        }
        throw new ForbiddenException(ApiErrors.of(Response.Status.FORBIDDEN,
                "Nepieciešama pašvaldības LDAP administratora vai platformas administratora loma / Requires the role "
                        + LDAP_ADMIN_ROLE + " or " + PLATFORM_ADMIN_ROLE));
    }

    /** Sees every municipality's directories and trusts (a platform admin or a reader). */
    public boolean seesEveryMunicipality() {
        return municipality == null;
    }

    public boolean readOnly() {
        return power == Power.READER;
    }

    /** The answer to a reader who tried to change something: 403, bilingual; nothing was changed. */
    public static Response readOnlyRefusal() {
        return ApiErrors.of(Response.Status.FORBIDDEN, "Jūsu lomas ļauj tikai skatīt; izmaiņām vajadzīga loma " + PLATFORM_ADMIN_ROLE
                + " vai " + LDAP_ADMIN_ROLE + " / Your roles only allow reading; changes need the role " + PLATFORM_ADMIN_ROLE
                + " or " + LDAP_ADMIN_ROLE);
    }

    public UserModel user() {
        return auth.user();
    }

    private static boolean isRealmReader(RealmModel realm, UserModel user) {
        ClientModel management = realm.getClientByClientId("realm-management");
        if (management == null) {
            return false;
        }
        for (String role : READER_ROLES) {
            if (hasRole(user, management.getRole(role))) {
                return true;
            }
        }
        return false;
    }

    static boolean hasRole(UserModel user, RoleModel role) {
        return role != null && user.hasRole(role);
    }
}
