package lv.pasvaldibas.directory.keycloak;

import org.keycloak.provider.Provider;
import org.keycloak.provider.ProviderFactory;
import org.keycloak.provider.Spi;

/**
 * Lets each municipal directory be a Keycloak component (a child of the realm's
 * {@code municipal-directories} user storage component), so the registry is stored, cached,
 * cluster-invalidated, exported and imported by Keycloak itself, with the bind secret masked.
 */
public final class DirectorySpi implements Spi {

    public static final String NAME = "municipal-directory";

    @Override
    public boolean isInternal() {
        return false;
    }

    @Override
    public String getName() {
        return NAME;
    }

    @Override
    public Class<? extends Provider> getProviderClass() {
        return DirectoryComponent.class;
    }

    @Override
    @SuppressWarnings("rawtypes")
    public Class<? extends ProviderFactory> getProviderFactoryClass() {
        return DirectoryComponentFactory.class;
    }
}
