package lv.pasvaldibas.platform.keycloak;

import java.util.List;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProvider;
import org.keycloak.connections.jpa.entityprovider.JpaEntityProviderFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Adds one of the platform's tables to Keycloak's database: its entities and Liquibase changelog.
 * Subclasses name them.
 */
public abstract class PlatformEntityProviderFactory implements JpaEntityProviderFactory, NothingToSetUp<JpaEntityProvider> {

    private final String id;
    private final String changelog;
    private final List<Class<?>> entities;

    protected PlatformEntityProviderFactory(String id, String changelog, Class<?>... entities) {
        this.id = id;
        this.changelog = changelog;
        this.entities = List.of(entities);
    }

    @Override
    public final JpaEntityProvider create(KeycloakSession session) {
        return new JpaEntityProvider() {
            @Override
            public List<Class<?>> getEntities() {
                return entities;
            }

            @Override
            public String getChangelogLocation() {
                return changelog;
            }

            @Override
            public String getFactoryId() {
                return id;
            }

            @Override
            public void close() {
            }
        };
    }

    @Override
    public final String getId() {
        return id;
    }
}
