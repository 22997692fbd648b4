package lv.pasvaldibas.trust.keycloak;

import lv.pasvaldibas.directory.keycloak.PlatformResourceFactory;
import org.keycloak.models.KeycloakSession;

/** Mounts {@link TrustAdminResource} at {@code /realms/{realm}/municipal-trusts}. */
public final class TrustAdminResourceProviderFactory extends PlatformResourceFactory {

    public static final String ID = "municipal-trusts";

    public TrustAdminResourceProviderFactory() {
        super(ID);
    }

    @Override
    protected Object resource(KeycloakSession session) {
        return new TrustAdminResource(session);
    }
}
