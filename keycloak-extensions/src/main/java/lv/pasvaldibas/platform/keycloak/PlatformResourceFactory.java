package lv.pasvaldibas.platform.keycloak;

import org.keycloak.models.KeycloakSession;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;

/**
 * Mounts one of the platform's REST resources at {@code /realms/{realm}/<id>}: a new resource
 * object per request, nothing to close. Subclasses name the id and build the resource.
 */
public abstract class PlatformResourceFactory implements RealmResourceProviderFactory, NothingToSetUp<RealmResourceProvider> {

    private final String id;

    protected PlatformResourceFactory(String id) {
        this.id = id;
    }

    /** The JAX-RS resource for this request. */
    protected abstract Object resource(KeycloakSession session);

    @Override
    public final RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return resource(session);
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public final String getId() {
        return id;
    }
}
