package lv.pasvaldibas.directory.keycloak;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
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
 * those), with the router over them. Built once per change of those components on this node.
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

    /**
     * The registry last built per storage component on this node, with the components it was built
     * from. Every sign-in reads the registry; building it parses and checks each directory's
     * configuration (43 at the benchmark's N = 43), so it is built again only when a component differs
     * (decision 66).
     */
    private static final Map<String, Built> LAST = new ConcurrentHashMap<>();

    /** What a registry was built from: the storage's default directory and each directory component. */
    private record Source(String defaultDirectory, List<String> ids, List<String> names, List<Map<String, List<String>>> configs) {

        static Source of(ComponentModel storage, List<ComponentModel> components) {
            List<String> ids = new ArrayList<>(components.size());
            List<String> names = new ArrayList<>(components.size());
            List<Map<String, List<String>>> configs = new ArrayList<>(components.size());
            for (ComponentModel c : components) {
                ids.add(c.getId());
                names.add(c.getName());
                Map<String, List<String>> copy = new HashMap<>();
                c.getConfig().forEach((key, values) -> {
                    if (values != null && !values.isEmpty()) {
                        copy.put(key, new ArrayList<>(values));
                    }
                });
                configs.add(copy);
            }
            return new Source(storage.get(MunicipalDirectoriesProviderFactory.DEFAULT_DIRECTORY), ids, names, configs);
        }

        boolean describes(ComponentModel storage, List<ComponentModel> components) {
            if (components.size() != ids.size()
                    || !Objects.equals(defaultDirectory, storage.get(MunicipalDirectoriesProviderFactory.DEFAULT_DIRECTORY))) {
                return false;
            }
            for (int i = 0; i < components.size(); i++) {
                ComponentModel c = components.get(i);
                if (!ids.get(i).equals(c.getId()) || !Objects.equals(names.get(i), c.getName())
                        || !sameConfig(configs.get(i), c.getConfig())) {
                    return false;
                }
            }
            return true;
        }

        /** Equal but for keys without a value (an admin form may save a key with an empty list). */
        private static boolean sameConfig(Map<String, List<String>> seen, Map<String, List<String>> now) {
            int present = 0;
            for (Map.Entry<String, List<String>> e : now.entrySet()) {
                if (e.getValue() == null || e.getValue().isEmpty()) {
                    continue;
                }
                present++;
                if (!e.getValue().equals(seen.get(e.getKey()))) {
                    return false;
                }
            }
            return present == seen.size();
        }
    }

    private record Built(Source source, DirectoryRegistry registry) {
    }

    static DirectoryRegistry load(RealmModel realm, ComponentModel storage) {
        List<ComponentModel> components = realm.getComponentsStream(storage.getId(), DirectoryComponent.class.getName())
                .sorted(Comparator.comparing((ComponentModel c) -> c.get(DirectoryComponentFactory.REGISTERED_AT, ""))
                        .thenComparing(ComponentModel::getId))
                .toList();
        Built last = LAST.get(storage.getId());
        if (last != null && last.source().describes(storage, components)) {
            return last.registry();
        }
        Source source = Source.of(storage, components);
        DirectoryRegistry registry = build(components, storage);
        LAST.put(storage.getId(), new Built(source, registry));
        return registry;
    }

    private static DirectoryRegistry build(List<ComponentModel> components, ComponentModel storage) {
        Map<String, DirectoryConfig> byId = new HashMap<>();
        Map<String, String> componentIds = new HashMap<>();
        List<DirectoryConfig> inRegistrationOrder = new ArrayList<>();
        components.forEach(component -> {
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
