package lv.pasvaldibas.audit.keycloak;

import org.keycloak.Config;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/** Mounts {@link AuditQueryResource} at {@code /realms/{realm}/municipal-audit}. */
public final class AuditQueryResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "municipal-audit";

    private AuditListenerFactory audit;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new AuditQueryResource(session, audit);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // the search reads through the listener's configuration and records itself through its writer
        audit = (AuditListenerFactory) factory.getProviderFactory(EventListenerProvider.class, AuditListenerFactory.PROVIDER_ID);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
