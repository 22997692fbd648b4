package lv.pasvaldibas.directory.keycloak;

import lv.pasvaldibas.platform.keycloak.PlatformResourceFactory;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.storage.UserStorageProvider;

/** Mounts {@link DirectoryAdminResource} at {@code /realms/{realm}/municipal-directories}. */
public final class DirectoryAdminResourceProviderFactory extends PlatformResourceFactory {

    public static final String ID = "municipal-directories";

    private MunicipalDirectoriesProviderFactory storage;

    public DirectoryAdminResourceProviderFactory() {
        super(ID);
    }

    @Override
    protected Object resource(KeycloakSession session) {
        return new DirectoryAdminResource(session, storage.connections());
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        // the health and tests use the same pools as sign-ins
        storage = (MunicipalDirectoriesProviderFactory) factory.getProviderFactory(UserStorageProvider.class,
                MunicipalDirectoriesProviderFactory.PROVIDER_ID);
    }
}
