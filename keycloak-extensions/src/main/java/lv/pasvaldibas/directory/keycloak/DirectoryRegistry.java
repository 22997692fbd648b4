package lv.pasvaldibas.directory.keycloak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
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
    /** Conflicts already logged on this node: the registry is read once per request, the warning is wanted once. */
    private static final Set<String> WARNED = ConcurrentHashMap.newKeySet();

    static DirectoryRegistry load(RealmModel realm, ComponentModel storage) {
        Map<String, DirectoryConfig> byId = new HashMap<>();
        Map<String, String> componentIds = new HashMap<>();
        List<DirectoryConfig> inRegistrationOrder = new ArrayList<>();
        realm.getComponentsStream(storage.getId(), DirectoryComponent.class.getName())
                .sorted(Comparator.comparing((ComponentModel c) -> c.get(DirectoryComponentFactory.REGISTERED_AT, ""))
                        .thenComparing(ComponentModel::getId))
                .forEach(component -> {
                    try {
                        DirectoryConfig config = DirectoryComponentFactory.toConfig(component);
                        inRegistrationOrder.add(config);
                        if (byId.putIfAbsent(config.id(), config) == null) {
                            componentIds.put(config.id(), component.getId());
                        }
                    } catch (InvalidDirectoryConfigException e) {
                        LOG.warnf("Ignoring directory %s: %s", component.getName(), e.getMessage());
                    }
                });
        DirectoryRouter router = new DirectoryRouter(inRegistrationOrder, storage.get(MunicipalDirectoriesProviderFactory.DEFAULT_DIRECTORY));
        router.excluded().forEach((id, why) -> {
            if (WARNED.add(id + ": " + why)) {
                LOG.warnf("Directory %s is not used, fix or remove it: %s", id, why);
            }
        });
        return new DirectoryRegistry(byId, componentIds, router);
    }

    /**
     * The directory an account belongs to, if its users may sign in now: null when it was removed,
     * is suspended or is left out of routing for a conflict.
     */
    DirectoryConfig usable(String directoryId) {
        DirectoryConfig config = directoryId == null ? null : byId.get(directoryId);
        return config != null && router.routes(config) ? config : null;
    }

    /** The realm's {@code municipal-directories} storage component, if it has one. */
    static Optional<ComponentModel> storageComponent(RealmModel realm) {
        return realm.getComponentsStream(realm.getId(), UserStorageProvider.class.getName())
                .filter(c -> MunicipalDirectoriesProviderFactory.PROVIDER_ID.equals(c.getProviderId()))
                .findFirst();
    }
}
