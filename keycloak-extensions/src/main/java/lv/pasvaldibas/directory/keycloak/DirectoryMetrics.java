package lv.pasvaldibas.directory.keycloak;

import io.micrometer.core.instrument.Counter;
import io.micrometer.core.instrument.Gauge;
import io.micrometer.core.instrument.MeterRegistry;
import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import lv.pasvaldibas.directory.ldap.LdapDirectory;

/**
 * Per-directory meters on Keycloak's metrics endpoint ({@code /metrics} on the management port):
 * {@code pasvaldibas_directory_operation_seconds{directory,operation,outcome}} (a histogram: bind
 * latency is {@code operation="bind"}; failures by cause are the {@code outcome} tag),
 * {@code pasvaldibas_directory_connections_in_use{directory}} and
 * {@code pasvaldibas_directory_servers_down{directory}} (equal to the server count: circuit open) and
 * {@code pasvaldibas_directory_sync_accounts_total{directory,outcome}} (accounts a sync added, updated,
 * failed or marked removed: its progress while it runs).
 */
final class DirectoryMetrics implements LdapDirectory.Observer {

    private final MeterRegistry registry;

    DirectoryMetrics(MeterRegistry registry) {
        this.registry = registry;
    }

    /** Keycloak's registry: Quarkus adds it to Micrometer's global composite. */
    static DirectoryMetrics global() {
        return new DirectoryMetrics(Metrics.globalRegistry);
    }

    /**
     * Starts observing a directory's pools. The gauges read whatever pools the component has now, so
     * they survive a configuration change (Micrometer returns the registered gauge for the same tags).
     */
    void watch(LdapDirectory directory, DirectoryConnections connections, String componentId) {
        directory.observe(this);
        String id = directory.config().id();
        Gauge.builder("pasvaldibas.directory.connections.in.use", connections, c -> c.measure(componentId, LdapDirectory::connectionsInUse))
                .tag("directory", id).description("LDAP connections lent out, search and bind pools").register(registry);
        Gauge.builder("pasvaldibas.directory.servers.down", connections, c -> c.measure(componentId, LdapDirectory::serversDown))
                .tag("directory", id).description("Servers skipped after a failure; all of them = circuit open").register(registry);
    }

    @Override
    public void completed(String directoryId, String operation, long nanos, String outcome) {
        Timer.builder("pasvaldibas.directory.operation")
                .tags("directory", directoryId, "operation", operation, "outcome", outcome)
                .description("LDAP work per sign-in step, failover included")
                .publishPercentileHistogram()
                .register(registry)
                .record(nanos, java.util.concurrent.TimeUnit.NANOSECONDS);
    }

    void synced(String directoryId, String outcome, int accounts) {
        if (accounts > 0) {
            Counter.builder("pasvaldibas.directory.sync.accounts").tags("directory", directoryId, "outcome", outcome)
                    .description("Accounts synced from the directory, by outcome").register(registry).increment(accounts);
        }
    }
}
