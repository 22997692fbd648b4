package lv.pasvaldibas.directory.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.lang.reflect.Proxy;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import org.junit.jupiter.api.Test;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.RealmModel;

/** The registry is built again whenever a directory component or the default directory changes, and only then (decision 66). */
class DirectoryRegistryTest {

    private final ComponentModel storage = component(UUID.randomUUID().toString(), "municipal-directories");
    private final List<ComponentModel> directories = new ArrayList<>();

    /** A realm that serves only the components of this test, fresh copies each time (as Keycloak's cache does). */
    private final RealmModel realm = (RealmModel) Proxy.newProxyInstance(getClass().getClassLoader(), new Class<?>[]{RealmModel.class},
            (proxy, method, args) -> {
                if (method.getName().equals("getComponentsStream") && args != null && args.length == 2) {
                    return directories.stream().filter(c -> c.getParentId().equals(args[0])).map(ComponentModel::new);
                }
                throw new UnsupportedOperationException(method.getName());
            });

    private static ComponentModel component(String id, String name) {
        ComponentModel c = new ComponentModel();
        c.setId(id);
        c.setName(name);
        return c;
    }

    private ComponentModel directory(String id, boolean active) {
        ComponentModel c = component(UUID.randomUUID().toString(), id);
        c.setParentId(storage.getId());
        c.setProviderType(DirectoryComponent.class.getName());
        c.put(DirectoryComponentFactory.MUNICIPALITY, id);
        c.put(DirectoryComponentFactory.DIALECT, "openldap");
        c.put(DirectoryComponentFactory.URLS, "ldap://127.0.0.1:389");
        c.put(DirectoryComponentFactory.BIND_DN, "cn=svc");
        c.put(DirectoryComponentFactory.BIND_SECRET, "secret");
        c.put(DirectoryComponentFactory.USERS_DN, "ou=people,dc=" + id);
        c.getConfig().put(DirectoryComponentFactory.DOMAINS, List.of(id + ".lv"));
        c.put(DirectoryComponentFactory.ACTIVE, Boolean.toString(active));
        c.put(DirectoryComponentFactory.REGISTERED_AT, "2026-01-01T00:00:0" + directories.size() + "Z");
        directories.add(c);
        return c;
    }

    @Test
    void readingADirectoryLeavesItsComponentAsItWas() {
        // Keycloak's realm cache hands the same component to every request: a read that added a key
        // made a concurrent sign-in fail with ConcurrentModificationException (decision 102)
        ComponentModel talsi = directory("talsi", true);
        org.keycloak.common.util.MultivaluedHashMap<String, String> before = new org.keycloak.common.util.MultivaluedHashMap<>(talsi.getConfig());
        assertThat(DirectoryComponentFactory.toConfig(talsi).id()).isEqualTo("talsi");
        assertThat(talsi.getConfig()).isEqualTo(before);
    }

    @Test
    void anUnchangedRealmReusesTheRegistryBuiltBefore() {
        directory("ventspils", true);
        directory("kuldiga", true);
        assertThat(DirectoryRegistry.load(realm, storage)).isSameAs(DirectoryRegistry.load(realm, storage));
    }

    @Test
    void aSuspendedDirectoryIsNotUsableAtTheNextLoad() {
        ComponentModel talsi = directory("talsi", true);
        assertThat(DirectoryRegistry.load(realm, storage).usable("talsi")).isNotNull();
        talsi.put(DirectoryComponentFactory.ACTIVE, "false");
        assertThat(DirectoryRegistry.load(realm, storage).usable("talsi")).isNull();
    }

    @Test
    void aRemovedOrAddedDirectoryChangesTheRegistry() {
        ComponentModel talsi = directory("talsi", true);
        directory("kuldiga", true);
        assertThat(DirectoryRegistry.load(realm, storage).usable("talsi")).isNotNull();
        directories.remove(talsi);
        assertThat(DirectoryRegistry.load(realm, storage).usable("talsi")).isNull();
        directory("talsi", true);
        assertThat(DirectoryRegistry.load(realm, storage).usable("talsi")).isNotNull();
    }

    @Test
    void aChangedDefaultDirectoryChangesTheRegistry() {
        directory("talsi", true);
        DirectoryRegistry before = DirectoryRegistry.load(realm, storage);
        storage.put(MunicipalDirectoriesProviderFactory.DEFAULT_DIRECTORY, "talsi");
        assertThat(DirectoryRegistry.load(realm, storage)).isNotSameAs(before);
    }
}
