package lv.pasvaldibas.audit.keycloak;

import lv.pasvaldibas.platform.keycloak.PlatformResourceFactory;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/** Mounts {@link AuditQueryResource} at {@code /realms/{realm}/municipal-audit}. */
public final class AuditQueryResourceProviderFactory extends PlatformResourceFactory {

    public static final String ID = "municipal-audit";

    private AuditListenerFactory audit;

    public AuditQueryResourceProviderFactory() {
        super(ID);
    }

    @Override
    protected Object resource(KeycloakSession session) {
        return new AuditQueryResource(session, audit);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // the search reads through the listener's configuration and records itself through its writer
        audit = (AuditListenerFactory) factory.getProviderFactory(EventListenerProvider.class, AuditListenerFactory.PROVIDER_ID);
    }
}
