package lv.pasvaldibas.trust.keycloak;

import lv.pasvaldibas.platform.keycloak.PlatformResourceFactory;
import org.keycloak.models.KeycloakSession;

/** Mounts {@link TrustAdminResource} at {@code /realms/{realm}/municipal-trusts}. */
public final class TrustAdminResourceProviderFactory extends PlatformResourceFactory {

    public static final String ID = "municipal-trusts";

    /** This node's decisions, shared by sign-ins and token mappers (see {@link TrustDecisionCache}). */
    private final TrustDecisionCache decisions = new TrustDecisionCache();

    public TrustAdminResourceProviderFactory() {
        super(ID);
    }

    @Override
    protected Object resource(KeycloakSession session) {
        return new TrustAdminResource(session);
    }

    TrustDecisionCache decisions() {
        return decisions;
    }
}
