package lv.pasvaldibas.console;

import lv.pasvaldibas.platform.keycloak.PlatformResourceFactory;
import org.keycloak.models.KeycloakSession;

/** Mounts {@link MunicipalConsoleResource} at {@code /realms/{realm}/municipal-console}. */
public final class MunicipalConsoleResourceProviderFactory extends PlatformResourceFactory {

    public static final String ID = "municipal-console";

    public MunicipalConsoleResourceProviderFactory() {
        super(ID);
    }

    @Override
    protected Object resource(KeycloakSession session) {
        return new MunicipalConsoleResource(session);
    }
}
