package lv.pasvaldibas.directory.keycloak;

import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.DirectoryRouter;
import lv.pasvaldibas.directory.ldap.LdapDirectory;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/**
 * A realm's directories as one piece of work sees them: the registry, read once, and the node's live
 * connections to each directory.
 */
final class RealmDirectories {

    private final DirectoryRegistry registry;
    private final DirectoryConnections connections;

    private RealmDirectories(DirectoryRegistry registry, DirectoryConnections connections) {
        this.registry = registry;
        this.connections = connections;
    }

    static RealmDirectories load(RealmModel realm, ComponentModel storage, DirectoryConnections connections) {
        return new RealmDirectories(DirectoryRegistry.load(realm, storage), connections);
    }

    DirectoryRouter router() {
        return registry.router();
    }

    /** The configuration of an account's directory if its users may sign in now, else null. */
    DirectoryConfig usable(String directoryId) {
        return registry.usable(directoryId);
    }

    LdapDirectory connect(DirectoryConfig config) {
        return connections.get(registry.componentIdByDirectory().get(config.id()), config);
    }
}
