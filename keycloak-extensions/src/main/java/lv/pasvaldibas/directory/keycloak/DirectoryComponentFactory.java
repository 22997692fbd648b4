package lv.pasvaldibas.directory.keycloak;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.Dialect;
import lv.pasvaldibas.directory.Dialects;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.DirectoryRouter;
import lv.pasvaldibas.directory.InvalidDirectoryConfigException;
import lv.pasvaldibas.directory.TlsMode;
import lv.pasvaldibas.directory.ldap.DirectoryUnavailableException;
import lv.pasvaldibas.directory.ldap.LdapDirectory;
import lv.pasvaldibas.platform.keycloak.NothingToSetUp;
import org.keycloak.component.ComponentFactory;
import org.keycloak.component.ComponentModel;
import org.keycloak.component.ComponentValidationException;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;

/**
 * Configuration of one municipal directory. The component's name is the directory id. Saving a
 * directory (admin REST, realm import) validates it and tests it against the live server: a
 * directory that cannot be reached, bound to or searched is refused with the reason.
 */
public final class DirectoryComponentFactory implements ComponentFactory<DirectoryComponent, DirectoryComponent>,
        NothingToSetUp<DirectoryComponent> {

    public static final String PROVIDER_ID = "ldap-directory";

    static final String MUNICIPALITY = "municipality";
    static final String DIALECT = "dialect";
    static final String URLS = "urls";
    static final String TLS_MODE = "tlsMode";
    static final String TRUST_ANCHORS = "trustAnchorsPem";
    static final String BIND_DN = "bindDn";
    static final String BIND_SECRET = "bindSecret";
    static final String USERS_DN = "usersDn";
    static final String USER_FILTER = "userFilter";
    static final String LOGIN_ATTRIBUTES = "loginAttributes";
    static final String DOMAINS = "domains";
    static final String NETBIOS = "netbiosName";
    static final String ATTRIBUTE_MAPPING = "attributeMapping";
    static final String GROUP_ROLES = "groupRoles";
    static final String CONNECT_TIMEOUT = "connectTimeoutMs";
    static final String RESPONSE_TIMEOUT = "responseTimeoutMs";
    static final String POOL_SIZE = "poolSize";
    static final String ACTIVE = "active";
    /** When the directory was first saved (ISO instant): on a conflict the earlier directory keeps its names. */
    static final String REGISTERED_AT = "registeredAt";
    /** Skip the live test on save: only for importing a realm while its directories are offline. */
    static final String SKIP_TEST = "skipConnectionTest";

    /** Platform attribute → LDAP attribute, used where the admin maps nothing. */
    static final Map<String, String> DEFAULT_MAPPING = Map.of(
            "firstName", "givenName", "lastName", "sn", "email", "mail", "phone", "telephoneNumber",
            "title", "title", "department", "departmentNumber", "employeeNumber", "employeeNumber", "institution", "o");

    private static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(MUNICIPALITY).label("Municipality").type(ProviderConfigProperty.STRING_TYPE).required(true)
            .helpText("Slug of the municipality (Organization alias) whose employees this directory holds").add()
            .property().name(DIALECT).label("Dialect").type(ProviderConfigProperty.LIST_TYPE)
            .options(List.copyOf(Dialects.ids())).defaultValue("openldap").add()
            .property().name(URLS).label("Server URLs").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).required(true)
            .helpText("ldap:// or ldaps:// URLs in failover order").add()
            .property().name(TLS_MODE).label("TLS").type(ProviderConfigProperty.LIST_TYPE)
            .options("NONE", "LDAPS", "STARTTLS").defaultValue("NONE").add()
            .property().name(TRUST_ANCHORS).label("Trust anchors (PEM)").type(ProviderConfigProperty.TEXT_TYPE).add()
            .property().name(BIND_DN).label("Service account DN").type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(BIND_SECRET).label("Service account password").type(ProviderConfigProperty.PASSWORD).secret(true).add()
            .property().name(USERS_DN).label("Users base DN").type(ProviderConfigProperty.STRING_TYPE).required(true).add()
            .property().name(USER_FILTER).label("User filter").type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(LOGIN_ATTRIBUTES).label("Login attributes").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(DOMAINS).label("Accepted domains").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE).add()
            .property().name(NETBIOS).label("NetBIOS name").type(ProviderConfigProperty.STRING_TYPE).add()
            .property().name(ATTRIBUTE_MAPPING).label("Attribute mapping").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("platformAttribute=ldapAttribute, e.g. department=department").add()
            .property().name(GROUP_ROLES).label("Group to role mapping").type(ProviderConfigProperty.MULTIVALUED_STRING_TYPE)
            .helpText("groupCn=realmRole, or groupCn=clientId/clientRole for a client's role").add()
            .property().name(CONNECT_TIMEOUT).label("Connect timeout (ms)").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(2000).add()
            .property().name(RESPONSE_TIMEOUT).label("Response timeout (ms)").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(3000).add()
            .property().name(POOL_SIZE).label("Pool size").type(ProviderConfigProperty.INTEGER_TYPE).defaultValue(8).add()
            .property().name(ACTIVE).label("Active").type(ProviderConfigProperty.BOOLEAN_TYPE).defaultValue(true).add()
            .build();

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "A municipal LDAP or Active Directory directory";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public DirectoryComponent create(KeycloakSession session, ComponentModel model) {
        return new DirectoryComponent(toConfig(model));
    }

    /** What is built from the directories (trust decisions know each directory's municipality) reloads after a change. */
    @Override
    public void onCreate(KeycloakSession session, RealmModel realm, ComponentModel model) {
        HomeDirectories.changed(realm);
    }

    @Override
    public void onUpdate(KeycloakSession session, RealmModel realm, ComponentModel oldModel, ComponentModel newModel) {
        HomeDirectories.changed(realm);
    }

    @Override
    public void preRemove(KeycloakSession session, RealmModel realm, ComponentModel model) {
        HomeDirectories.changed(realm);
    }

    @Override
    public void validateConfiguration(KeycloakSession session, RealmModel realm, ComponentModel model) {
        DirectoryConfig config;
        try {
            config = toConfig(model);
        } catch (InvalidDirectoryConfigException e) {
            throw new ComponentValidationException(e.getMessage());
        }
        List<String> conflicts = DirectoryRouter.conflicts(siblings(realm, model), config);
        if (!conflicts.isEmpty()) {
            throw new ComponentValidationException("Directory " + config.id() + " conflicts with the registry: " + String.join("; ", conflicts));
        }
        if (model.get(REGISTERED_AT) == null) {
            model.put(REGISTERED_AT, Instant.now().toString());
        }
        if (model.get(SKIP_TEST, false) || !config.active()) {
            return;
        }
        try (LdapDirectory directory = new LdapDirectory(config, Dialects.byId(config.dialect()))) {
            directory.testConnection();
        } catch (DirectoryUnavailableException | IllegalArgumentException | IllegalStateException e) {
            throw new ComponentValidationException("Directory " + config.id() + " failed the connection test: " + e.getMessage());
        }
    }

    /** The other directories of the same storage component, well-formed ones only. */
    private static List<DirectoryConfig> siblings(RealmModel realm, ComponentModel model) {
        List<DirectoryConfig> others = new ArrayList<>();
        realm.getComponentsStream(model.getParentId(), DirectoryComponent.class.getName())
                .filter(c -> !c.getId().equals(model.getId()))
                .forEach(c -> {
                    try {
                        others.add(toConfig(c));
                    } catch (InvalidDirectoryConfigException e) {
                        // a broken sibling claims nothing: the registry leaves it out too
                    }
                });
        return others;
    }

    /** Reads a directory component; secrets stay inside the returned config. */
    static DirectoryConfig toConfig(ComponentModel model) {
        String dialectId = model.get(DIALECT, "openldap");
        Dialect dialect = Dialects.byId(dialectId);
        List<String> loginAttributes = values(model, LOGIN_ATTRIBUTES);
        Map<String, String> mapping = new LinkedHashMap<>(DEFAULT_MAPPING);
        mapping.putAll(pairs(values(model, ATTRIBUTE_MAPPING)));
        TlsMode tls;
        try {
            tls = TlsMode.valueOf(model.get(TLS_MODE, "NONE"));
        } catch (IllegalArgumentException e) {
            throw new InvalidDirectoryConfigException(model.getName(), List.of("TLS mode must be one of " + Arrays.toString(TlsMode.values())));
        }
        return new DirectoryConfig(model.getName(), model.get(MUNICIPALITY), dialectId, values(model, URLS), tls,
                model.get(TRUST_ANCHORS), model.get(BIND_DN), model.get(BIND_SECRET), model.get(USERS_DN), model.get(USER_FILTER),
                loginAttributes.isEmpty() ? dialect.defaultLoginAttributes() : loginAttributes,
                values(model, DOMAINS), model.get(NETBIOS), mapping, pairs(values(model, GROUP_ROLES)),
                model.get(CONNECT_TIMEOUT, 2000), model.get(RESPONSE_TIMEOUT, 3000), model.get(POOL_SIZE, 8),
                model.get(ACTIVE, true));
    }

    /**
     * A multi-valued setting, read without changing the component: {@code MultivaluedHashMap.getList}
     * adds a missing key, and the component is Keycloak's cached one that other requests read at the
     * same moment (a sign-in failed with ConcurrentModificationException when one did, decision 102).
     */
    private static List<String> values(ComponentModel model, String key) {
        List<String> values = model.getConfig().get(key);
        return values == null ? List.of() : values;
    }

    private static Map<String, String> pairs(List<String> values) {
        Map<String, String> map = new LinkedHashMap<>();
        for (String value : values) {
            int eq = value.indexOf('=');
            if (eq <= 0 || eq == value.length() - 1) {
                throw new InvalidDirectoryConfigException("?", List.of("expected key=value, got: " + value));
            }
            map.put(value.substring(0, eq).strip(), value.substring(eq + 1).strip());
        }
        return map;
    }
}
