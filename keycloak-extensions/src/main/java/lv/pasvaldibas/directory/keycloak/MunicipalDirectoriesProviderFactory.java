package lv.pasvaldibas.directory.keycloak;

import java.util.List;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import org.keycloak.Config;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.provider.ProviderConfigurationBuilder;
import org.keycloak.storage.UserStorageProviderFactory;
import org.keycloak.storage.UserStorageProviderModel;
import org.keycloak.storage.user.ImportSynchronization;
import org.keycloak.storage.user.SynchronizationResult;
import org.keycloak.models.KeycloakSessionFactory;
import java.time.Duration;
import java.util.Date;

/**
 * The realm's single user storage provider for all municipal directories. The directories
 * themselves are child components ({@link DirectoryComponentFactory}). Holds the node-wide
 * connection pools and the worker threads for parallel bare-name lookups; everything else is
 * per session in {@link MunicipalDirectoriesProvider}.
 */
public final class MunicipalDirectoriesProviderFactory
        implements UserStorageProviderFactory<MunicipalDirectoriesProvider>, ImportSynchronization {

    public static final String PROVIDER_ID = "municipal-directories";
    static final String DEFAULT_DIRECTORY = "defaultDirectory";
    static final String BARE_NAME_DEADLINE = "bareNameDeadlineMs";
    static final String UNREACHABLE_GRACE = "unreachableGraceSeconds";
    static final String SYNC_THREADS = "syncThreads";

    private static final List<ProviderConfigProperty> PROPERTIES = ProviderConfigurationBuilder.create()
            .property().name(DEFAULT_DIRECTORY).label("Default directory").type(ProviderConfigProperty.STRING_TYPE)
            .helpText("Directory id for names typed without a domain; empty to ask every active directory").add()
            .property().name(BARE_NAME_DEADLINE).label("Bare-name lookup deadline (ms)").type(ProviderConfigProperty.INTEGER_TYPE)
            .defaultValue(1500).add()
            .property().name(UNREACHABLE_GRACE).label("Grace while a directory is unreachable (s)").type(ProviderConfigProperty.INTEGER_TYPE)
            .helpText("How long an account confirmed by its directory keeps its sessions while that directory cannot be reached").defaultValue(300).add()
            .property().name(SYNC_THREADS).label("Directories synced at once").type(ProviderConfigProperty.INTEGER_TYPE)
            .helpText("A sync works on this many directories at the same time (1 to 8); more is faster and leaves less CPU to sign-ins").defaultValue(2).add()
            .build();

    /** How long Keycloak's "Sync all users" and periodic syncs wait for a sync before it goes on in the background. */
    private static final Duration SYNC_WAIT = Duration.ofSeconds(120);

    private final DirectoryMetrics metrics = DirectoryMetrics.global();
    private final DirectoryConnections connections = new DirectoryConnections(metrics);
    private final ConfirmedAccounts confirmed = new ConfirmedAccounts();
    private final DirectorySync directorySync = new DirectorySync(connections, confirmed, metrics);
    private ExecutorService lookups;

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getHelpText() {
        return "Municipal LDAP and Active Directory directories, each sign-in routed to its home directory";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return PROPERTIES;
    }

    @Override
    public void init(Config.Scope config) {
        lookups = Executors.newFixedThreadPool(Math.max(4, Runtime.getRuntime().availableProcessors() * 4), r -> {
            Thread t = new Thread(r, "directory-lookup");
            t.setDaemon(true);
            return t;
        });
    }

    @Override
    public MunicipalDirectoriesProvider create(KeycloakSession session, ComponentModel model) {
        return new MunicipalDirectoriesProvider(session, model, connections, confirmed, lookups);
    }

    /** Full sync: Keycloak's admin "Sync all users" and the periodic full sync (fullSyncPeriod). */
    @Override
    public SynchronizationResult sync(KeycloakSessionFactory sessionFactory, String realmId, UserStorageProviderModel model) {
        return directorySync.run(sessionFactory, realmId, model, null, SYNC_WAIT);
    }

    /** Changed-users sync: accounts whose modifyTimestamp is at or after the last sync. */
    @Override
    public SynchronizationResult syncSince(Date lastSync, KeycloakSessionFactory sessionFactory, String realmId,
                                           UserStorageProviderModel model) {
        // no last sync yet: everything is new
        return directorySync.run(sessionFactory, realmId, model, lastSync == null ? null : lastSync.toInstant(), SYNC_WAIT);
    }

    DirectoryConnections connections() {
        return connections;
    }

    @Override
    public void close() {
        directorySync.close();
        connections.close();
        if (lookups != null) {
            lookups.shutdownNow();
        }
    }
}
