package lv.pasvaldibas.directory.keycloak;

import java.util.Optional;
import java.util.UUID;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.InvalidLoginNameException;
import lv.pasvaldibas.directory.LoginName;
import lv.pasvaldibas.directory.Route;
import org.keycloak.models.RealmModel;

/** The realm's directories as other features see them: by id, by municipality, and which one a typed name belongs to (routing only, no LDAP). */
public final class HomeDirectories {

    private static final String VERSION_ATTRIBUTE = "municipalDirectoriesVersion";

    private HomeDirectories() {
    }

    /**
     * Changes whenever a directory of the realm is created, changed or removed, so what is built from
     * the directories (the trust decision) knows to reload: a realm attribute, which Keycloak's realm
     * cache invalidates on every node when the change commits.
     */
    public static String version(RealmModel realm) {
        return String.valueOf(realm.getAttribute(VERSION_ATTRIBUTE));
    }

    static void changed(RealmModel realm) {
        realm.setAttribute(VERSION_ATTRIBUTE, UUID.randomUUID().toString());
    }

    /** The realm's directory with this id. */
    public static Optional<DirectoryConfig> byId(RealmModel realm, String directoryId) {
        return DirectoryRegistry.storageComponent(realm)
                .map(storage -> DirectoryRegistry.load(realm, storage).byId().get(directoryId));
    }

    /** Directory id → municipality, for every directory of the realm. */
    public static java.util.Map<String, String> municipalities(RealmModel realm) {
        java.util.Map<String, String> municipalities = new java.util.HashMap<>();
        DirectoryRegistry.storageComponent(realm).map(storage -> DirectoryRegistry.load(realm, storage))
                .ifPresent(registry -> registry.byId().forEach((id, config) -> municipalities.put(id, config.municipality())));
        return municipalities;
    }

    /** The one directory that owns {@code typedName}, if routing alone can tell. */
    public static Optional<DirectoryConfig> of(RealmModel realm, String typedName) {
        if (typedName == null) {
            return Optional.empty();
        }
        try {
            LoginName name = LoginName.parse(typedName);
            return DirectoryRegistry.storageComponent(realm)
                    .map(storage -> DirectoryRegistry.load(realm, storage).router().route(name))
                    .filter(Route.Home.class::isInstance)
                    .map(route -> ((Route.Home) route).directory());
        } catch (InvalidLoginNameException e) {
            return Optional.empty();
        }
    }
}
