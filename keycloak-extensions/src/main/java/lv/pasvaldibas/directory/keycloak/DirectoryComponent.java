package lv.pasvaldibas.directory.keycloak;

import lv.pasvaldibas.directory.DirectoryConfig;
import org.keycloak.provider.Provider;

/** A registered directory as a Keycloak provider: its validated configuration. */
public record DirectoryComponent(DirectoryConfig config) implements Provider {

    @Override
    public void close() {
        // holds no resources: connections belong to the storage provider factory's pool registry
    }
}
