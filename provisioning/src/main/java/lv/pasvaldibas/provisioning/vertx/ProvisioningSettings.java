package lv.pasvaldibas.provisioning.vertx;

import java.nio.file.Path;
import java.time.Duration;
import java.util.Set;
import java.util.function.Function;

/**
 * The daemon's settings, from environment variables (a {@code -Denv.NAME} system property wins, for
 * tests). {@code bin/platform up} sets them; docs/operator-guide.md lists them.
 *
 * @param database     {@code postgresql://host:port/provisioning}
 * @param issuer       the realm URL exactly as tokens carry it
 * @param clients      the clients whose tokens are taken ({@code azp}), {@code PROVISIONING_CLIENTS}, comma-separated
 * @param pageClient   the public client the daemon's page signs in with, {@code PROVISIONING_PAGE_CLIENT}; one of {@code clients}
 * @param apiSecret    the {@code provisioning-api} client's secret, for introspecting tokens that carry trust grants;
 *                     null: lent roles are never used (fail closed)
 */
public record ProvisioningSettings(String host, int port, String database, String databaseUser, String databasePassword,
                                   String issuer, Set<String> clients, String pageClient, String apiSecret,
                                   String auditJdbcUrl, String auditUser, String auditPassword, Path auditSpool, Path auditCheckpointKey,
                                   String node, Duration reconcileEvery, Duration stopGrace, Duration jobLease, int jobWorkers,
                                   int maxBodyBytes, Path demoSeed) {

    static final int DEFAULT_PORT = 8280;

    public static ProvisioningSettings fromEnvironment() {
        return from(ProvisioningSettings::variable);
    }

    static ProvisioningSettings from(Function<String, String> env) {
        String why = "the provisioning daemon cannot start";
        Set<String> clients = Set.of(optional(env, "PROVISIONING_CLIENTS", "provisioning-cli").split("\\s*,\\s*"));
        String pageClient = optional(env, "PROVISIONING_PAGE_CLIENT", "provisioning-cli");
        if (!clients.contains(pageClient)) {
            // the page's tokens carry azp = its client (decision 99): the page would sign people in to be refused on every call
            throw new IllegalStateException(why + ": PROVISIONING_PAGE_CLIENT " + pageClient + " is not one of PROVISIONING_CLIENTS " + clients);
        }
        return new ProvisioningSettings(
                optional(env, "PROVISIONING_HOST", "127.0.0.1"),
                Integer.parseInt(optional(env, "PROVISIONING_PORT", String.valueOf(DEFAULT_PORT))),
                required(env, "PROVISIONING_DB_URL", why),
                required(env, "PROVISIONING_DB_USER", why),
                required(env, "PROVISIONING_DB_PASSWORD", why),
                required(env, "PROVISIONING_ISSUER", why),
                clients,
                pageClient,
                optional(env, "PROVISIONING_API_SECRET", null),
                required(env, "PROVISIONING_AUDIT_JDBC_URL", "the provisioning daemon keeps no unaudited actions"),
                required(env, "PROVISIONING_AUDIT_USER", "the provisioning daemon keeps no unaudited actions"),
                required(env, "PROVISIONING_AUDIT_PASSWORD", "the provisioning daemon keeps no unaudited actions"),
                Path.of(optional(env, "PROVISIONING_AUDIT_SPOOL", "audit-spool")),
                pathOrNull(optional(env, "PROVISIONING_AUDIT_CHECKPOINT_KEY", null)),
                optional(env, "PROVISIONING_NODE", hostName()),
                Duration.ofSeconds(Long.parseLong(optional(env, "PROVISIONING_RECONCILE_SECONDS", "30"))),
                Duration.ofSeconds(Long.parseLong(optional(env, "PROVISIONING_STOP_GRACE_SECONDS", "60"))),
                Duration.ofSeconds(Long.parseLong(optional(env, "PROVISIONING_JOB_LEASE_SECONDS", "30"))),
                Integer.parseInt(optional(env, "PROVISIONING_JOB_WORKERS", "4")),
                Integer.parseInt(optional(env, "PROVISIONING_MAX_BODY_BYTES", String.valueOf(64 * 1024))),
                pathOrNull(optional(env, "PROVISIONING_DEMO_SEED", null)));
    }

    private static String variable(String name) {
        String property = System.getProperty("env." + name);
        return property != null ? property : System.getenv(name);
    }

    private static String required(Function<String, String> env, String name, String whatFails) {
        String value = env.apply(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(whatFails + ": the environment variable " + name + " is not set (bin/platform up sets it)");
        }
        return value;
    }

    private static String optional(Function<String, String> env, String name, String fallback) {
        String value = env.apply(name);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static Path pathOrNull(String value) {
        return value == null ? null : Path.of(value);
    }

    private static String hostName() {
        try {
            return java.net.InetAddress.getLocalHost().getHostName();
        } catch (java.net.UnknownHostException e) {
            return "node";
        }
    }
}
