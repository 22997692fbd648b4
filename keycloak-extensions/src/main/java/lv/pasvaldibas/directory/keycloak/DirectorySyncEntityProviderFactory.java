package lv.pasvaldibas.directory.keycloak;

import lv.pasvaldibas.platform.keycloak.PlatformEntityProviderFactory;

/** Adds the directory sync progress table to Keycloak's database. */
public final class DirectorySyncEntityProviderFactory extends PlatformEntityProviderFactory {

    public DirectorySyncEntityProviderFactory() {
        super("municipal-directory-sync", "META-INF/municipal-directory-sync-changelog.xml", DirectorySyncEntity.class);
    }
}
