package lv.pasvaldibas.directory.keycloak;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import lv.pasvaldibas.directory.Dialects;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.ldap.LdapDirectory;

/**
 * The live connection pools of every registered directory, shared by all sessions of this
 * Keycloak node. A directory whose configuration changed gets new pools on next use; the old
 * ones are closed.
 */
final class DirectoryConnections implements AutoCloseable {

    private final Map<String, LdapDirectory> byComponentId = new ConcurrentHashMap<>();
    private final DirectoryMetrics metrics;

    DirectoryConnections(DirectoryMetrics metrics) {
        this.metrics = metrics;
    }

    LdapDirectory get(String componentId, DirectoryConfig config) {
        LdapDirectory current = byComponentId.get(componentId);
        if (current != null && current.config().equals(config)) {
            return current;
        }
        return byComponentId.compute(componentId, (id, existing) -> {
            if (existing != null && existing.config().equals(config)) {
                return existing;
            }
            if (existing != null) {
                existing.close();
            }
            LdapDirectory directory = new LdapDirectory(config, Dialects.byId(config.dialect()));
            metrics.watch(directory, this, id);
            return directory;
        });
    }

    /** A gauge's reading of one directory's current pools; NaN when it has none (yet). */
    double measure(String componentId, java.util.function.ToIntFunction<LdapDirectory> reading) {
        LdapDirectory directory = byComponentId.get(componentId);
        return directory == null ? Double.NaN : reading.applyAsInt(directory);
    }

    @Override
    public void close() {
        byComponentId.values().forEach(LdapDirectory::close);
        byComponentId.clear();
    }
}
