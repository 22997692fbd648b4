package lv.pasvaldibas.directory.keycloak;

import org.keycloak.Config;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.services.resource.RealmResourceProvider;
import org.keycloak.services.resource.RealmResourceProviderFactory;
import org.keycloak.storage.UserStorageProvider;

/** Mounts {@link DirectoryAdminResource} at {@code /realms/{realm}/municipal-directories}. */
public final class DirectoryAdminResourceProviderFactory implements RealmResourceProviderFactory {

    public static final String ID = "municipal-directories";

    private MunicipalDirectoriesProviderFactory storage;

    @Override
    public RealmResourceProvider create(KeycloakSession session) {
        return new RealmResourceProvider() {
            @Override
            public Object getResource() {
                return new DirectoryAdminResource(session, storage.connections());
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
        // the health and tests use the same pools as sign-ins
        storage = (MunicipalDirectoriesProviderFactory) factory.getProviderFactory(UserStorageProvider.class,
                MunicipalDirectoriesProviderFactory.PROVIDER_ID);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return ID;
    }
}
