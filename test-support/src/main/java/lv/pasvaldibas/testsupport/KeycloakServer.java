package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The real Keycloak distribution with the platform's provider jars, built once ({@code kc.sh build})
 * and started optimized on PostgreSQL, on free ports. Ready when the management port's
 * {@code /health/ready} answers 200. A local cache unless {@link Builder#clustered()}: then several
 * servers on one database form one Infinispan cluster.
 */
public final class KeycloakServer implements AutoCloseable {

    /** System property naming the distribution zip; the build sets it from the Maven dependency. */
    public static final String DIST_ZIP_PROPERTY = "keycloak.dist.zip";
    public static final String ADMIN_USER = "admin";

    /** Infinispan's line for every cluster view it installs, with the number of members in brackets. */
    private static final Pattern CLUSTER_VIEW = Pattern.compile("ISPN000094: Received new cluster view for channel \\S+: \\[[^\\]]*\\] \\((\\d+)\\)");

    private final List<String> startCommand;
    private final Map<String, String> env;
    private final Path home;
    private final Path workDir;
    private final int httpPort;
    private final int managementPort;
    private final String adminPassword;
    private ManagedProcess process;

    private KeycloakServer(List<String> startCommand, Map<String, String> env, Path home, Path workDir, int httpPort,
                           int managementPort, String adminPassword) {
        this.startCommand = startCommand;
        this.env = env;
        this.home = home;
        this.workDir = workDir;
        this.httpPort = httpPort;
        this.managementPort = managementPort;
        this.adminPassword = adminPassword;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Path distZip = System.getProperty(DIST_ZIP_PROPERTY) == null ? null : Path.of(System.getProperty(DIST_ZIP_PROPERTY));
        private final List<Path> providers = new ArrayList<>();
        private final List<String> buildOptions = new ArrayList<>();
        private final List<String> runOptions = new ArrayList<>();
        private Postgres.Database database;
        private final Map<String, String> extraEnv = new HashMap<>();
        private boolean clustered;
        private String adminPassword;

        public Builder distZip(Path zip) {
            this.distZip = zip;
            return this;
        }

        /** A provider or theme jar to put into {@code providers/}. */
        public Builder provider(Path jar) {
            providers.add(jar);
            return this;
        }

        public Builder database(Postgres.Database database) {
            this.database = database;
            return this;
        }

        /** An option for {@code kc.sh build}, e.g. {@code --features=...}. */
        public Builder buildOption(String option) {
            buildOptions.add(option);
            return this;
        }

        /** An option for {@code kc.sh start}, e.g. {@code --log-level=...}. */
        public Builder runOption(String option) {
            runOptions.add(option);
            return this;
        }

        /** An environment variable for {@code kc.sh start}: secrets go here, not on the command line. */
        public Builder env(String name, String value) {
            extraEnv.put(name, value);
            return this;
        }

        /**
         * Cluster caches ({@code --cache=ispn}) with Keycloak's default {@code jdbc-ping} stack: nodes find each
         * other through the shared database. The transport binds 127.0.0.1 on a free port, so several nodes can
         * share one host. Without this the server runs with {@code --cache=local}.
         */
        public Builder clustered() {
            this.clustered = true;
            return this;
        }

        /**
         * The admin password of a database another server has initialised already (a second cluster node):
         * Keycloak bootstraps an admin only into an empty database, so this server's admin is the first one's.
         */
        public Builder adminPassword(String password) {
            this.adminPassword = password;
            return this;
        }

        public KeycloakServer start(Path workDir) {
            if (distZip == null || !Files.isRegularFile(distZip)) {
                throw new IllegalStateException("Keycloak distribution zip not found (" + distZip + "): set -D"
                        + DIST_ZIP_PROPERTY + " or run through Maven, which resolves it");
            }
            if (database == null) {
                throw new IllegalStateException("KeycloakServer needs a PostgreSQL database");
            }
            Path home = Distribution.unpack(distZip, workDir.resolve("keycloak"));
            for (Path jar : providers) {
                copy(jar, home.resolve("providers").resolve(jar.getFileName()));
            }
            Map<String, String> env = new HashMap<>();
            env.put("JAVA_HOME", System.getProperty("java.home"));
            List<String> build = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "build",
                    "--db=postgres", "--health-enabled=true", "--metrics-enabled=true"));
            build.addAll(buildOptions);
            ManagedProcess.runToCompletion("kc.sh build", build, env, home, workDir.resolve("kc-build.log"), Duration.ofMinutes(5));

            int httpPort = Ports.free();
            int managementPort = Ports.free();
            String adminPassword = this.adminPassword != null ? this.adminPassword : "admin-" + Long.toHexString(System.nanoTime());
            env.put("KC_BOOTSTRAP_ADMIN_USERNAME", ADMIN_USER);
            env.put("KC_BOOTSTRAP_ADMIN_PASSWORD", adminPassword);
            env.put("KC_DB_PASSWORD", database.password());
            List<String> start = new ArrayList<>(List.of(home.resolve("bin/kc.sh").toString(), "start", "--optimized",
                    "--http-enabled=true", "--http-host=127.0.0.1", "--http-port=" + httpPort,
                    "--http-management-port=" + managementPort, "--hostname-strict=false",
                    "--db-url=" + database.jdbcUrl(), "--db-username=" + database.user(),
                    // the LDAP library logs every codec it registers at INFO
                    "--log-level=INFO,org.apache.directory:WARN"));
            // the cache options are run time options since Keycloak 26: kc.sh build ignores them
            start.addAll(clustered
                    ? List.of("--cache=ispn", "--cache-stack=jdbc-ping", "--cache-embedded-network-bind-address=127.0.0.1",
                              "--cache-embedded-network-bind-port=" + Ports.free())
                    : List.of("--cache=local"));
            start.addAll(runOptions);
            env.putAll(extraEnv);
            KeycloakServer server = new KeycloakServer(List.copyOf(start), Map.copyOf(env), home, workDir, httpPort, managementPort,
                    adminPassword);
            server.start(List.of());
            return server;
        }
    }

    /** Starts the stopped or killed server again on the same ports and database, with {@code extraOptions} this time. */
    public void start(List<String> extraOptions) {
        if (process != null && process.isAlive()) {
            throw new IllegalStateException("Keycloak is running already");
        }
        List<String> command = new ArrayList<>(startCommand);
        command.addAll(extraOptions);
        process = ManagedProcess.start("keycloak", command, env, home, workDir.resolve("keycloak.log"));
        process.awaitReady("ready", Duration.ofMinutes(4), this::ready);
    }

    /** {@code kill -9}: no shutdown work, as in a crash. */
    public void kill() {
        process.kill();
    }

    /** A graceful stop (SIGTERM), as an operator's restart. */
    public void stop() {
        process.close();
    }

    private static void copy(Path from, Path to) {
        try {
            Files.copy(from, to, StandardCopyOption.REPLACE_EXISTING);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not copy provider " + from, e);
        }
    }

    private boolean ready() {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(
                    HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + managementPort + "/health/ready"))
                            .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + httpPort;
    }

    public String managementUrl() {
        return "http://127.0.0.1:" + managementPort;
    }

    public String adminPassword() {
        return adminPassword;
    }

    public Path logFile() {
        return process.logFile();
    }

    /** Everything the server has logged so far, e.g. to check that a secret never appears. */
    public String log() {
        try {
            return Files.readString(process.logFile(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Members in the last cluster view this server logged; 0 before any (always so with a local cache). */
    public int clusterSize() {
        Matcher m = CLUSTER_VIEW.matcher(log());
        int members = 0;
        while (m.find()) {
            members = Integer.parseInt(m.group(1));
        }
        return members;
    }

    /** Waits until this server's last cluster view has {@code members} members. */
    public void awaitClusterSize(int members, Duration timeout) {
        process.awaitReady("in a cluster of " + members, timeout, () -> clusterSize() == members);
    }

    /** An HTTP client for the admin REST API and the token endpoint. */
    public KeycloakClient client() {
        return new KeycloakClient(baseUrl(), ADMIN_USER, adminPassword);
    }

    @Override
    public void close() {
        process.close();
    }
}
