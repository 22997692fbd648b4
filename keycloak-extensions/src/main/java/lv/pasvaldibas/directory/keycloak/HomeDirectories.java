package lv.pasvaldibas.directory.keycloak;

import java.util.Optional;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.InvalidLoginNameException;
import lv.pasvaldibas.directory.LoginName;
import lv.pasvaldibas.directory.Route;
import org.keycloak.models.RealmModel;

/** Which directory a typed sign-in name belongs to, without asking any directory (routing only). */
public final class HomeDirectories {

    private HomeDirectories() {
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
