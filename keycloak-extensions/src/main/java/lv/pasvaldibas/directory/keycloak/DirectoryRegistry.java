package lv.pasvaldibas.directory.keycloak;

import java.util.HashMap;
import java.util.Map;
import java.util.Optional;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.DirectoryRouter;
import lv.pasvaldibas.directory.InvalidDirectoryConfigException;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;
import org.keycloak.storage.UserStorageProvider;

/**
 * A realm's registered directories as read from its components (Keycloak caches and invalidates
 * those), with the router over them. Cheap to build: read once per Keycloak session.
 *
 * @param byId                   directory id → configuration
 * @param componentIdByDirectory directory id → its component id (keys the connection pools)
 * @param router                 routes names over the active directories
 */
record DirectoryRegistry(Map<String, DirectoryConfig> byId,
                         Map<String, String> componentIdByDirectory, DirectoryRouter router) {

    private static final Logger LOG = Logger.getLogger(DirectoryRegistry.class);

    static DirectoryRegistry load(RealmModel realm, ComponentModel storage) {
        Map<String, DirectoryConfig> byId = new HashMap<>();
        Map<String, String> componentIds = new HashMap<>();
        realm.getComponentsStream(storage.getId(), DirectoryComponent.class.getName()).forEach(component -> {
            try {
                DirectoryConfig config = DirectoryComponentFactory.toConfig(component);
                byId.put(config.id(), config);
                componentIds.put(config.id(), component.getId());
            } catch (InvalidDirectoryConfigException e) {
                LOG.warnf("Ignoring directory %s: %s", component.getName(), e.getMessage());
            }
        });
        return new DirectoryRegistry(byId, componentIds,
                new DirectoryRouter(byId.values(), storage.get(MunicipalDirectoriesProviderFactory.DEFAULT_DIRECTORY)));
    }

    /** The realm's {@code municipal-directories} storage component, if it has one. */
    static Optional<ComponentModel> storageComponent(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(c -> MunicipalDirectoriesProviderFactory.PROVIDER_ID.equals(c.getProviderId()))
                .findFirst();
    }
}
