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
import java.util.TreeMap;

/**
 * The real WildFly distribution, configured offline with the CLI scripts the application keeps in
 * its repository (the way {@code bin/platform} configures it), with one WAR deployed, on free ports
 * (a port offset). Ready when the deployment scanner has marked the WAR deployed and the
 * application's health path answers 200; a failed deployment, or a server that booted with errors
 * (a datasource it could not make, say), fails the start with the server's reason. Or only
 * prepared ({@link Builder#prepare}), for a tool that starts the server itself.
 */
public final class WildFlyServer implements AutoCloseable {

    /** System property naming the distribution zip; the build sets it from the Maven dependency. */
    public static final String DIST_ZIP_PROPERTY = "wildfly.dist.zip";
    /** System property naming the PostgreSQL JDBC driver jar, added to the server as a module. */
    public static final String POSTGRESQL_JAR_PROPERTY = "postgresql.jar";

    /** The management port (HTTP), before the offset. */
    public static final int MANAGEMENT_PORT = 9990;
    /** Every port WildFly's standalone.xml binds, before the offset. */
    private static final int[] DEFAULT_PORTS = {8080, 8443, 8009, MANAGEMENT_PORT, 9993, 4712, 4713};

    private final Path home;
    private final Path workDir;
    private final int portOffset;
    private final Path deployed;
    private final ManagedProcess process;

    private WildFlyServer(Path home, Path workDir, int portOffset, Path deployed, ManagedProcess process) {
        this.home = home;
        this.workDir = workDir;
        this.portOffset = portOffset;
        this.deployed = deployed;
        this.process = process;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private Path distZip = pathProperty(DIST_ZIP_PROPERTY);
        private Path postgresqlJar = pathProperty(POSTGRESQL_JAR_PROPERTY);
        private final List<Path> cliScripts = new ArrayList<>();
        private final Map<String, String> env = new HashMap<>();
        private Path war;
        private String healthPath = "/";

        private static Path pathProperty(String name) {
            return System.getProperty(name) == null ? null : Path.of(System.getProperty(name));
        }

        public Builder distZip(Path zip) {
            this.distZip = zip;
            return this;
        }

        /** A jboss-cli script run against the embedded server before the first start, in the order given. */
        public Builder cliScript(Path script) {
            cliScripts.add(script);
            return this;
        }

        /** An environment variable of the server process: the scripts' {@code ${env.X}} expressions read these. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        public Builder deployment(Path war) {
            this.war = war;
            return this;
        }

        /** A path of the deployment that answers 200 once it can serve, e.g. {@code /health}. */
        public Builder healthPath(String path) {
            this.healthPath = path;
            return this;
        }

        /**
         * Unpacks the distribution into {@code workDir/wildfly} and configures it (driver module, CLI
         * scripts) without deploying or starting anything: for a server another tool starts, such as
         * Arquillian's managed container.
         */
        public Home prepare(Path workDir) {
            require(distZip, "WildFly distribution zip", DIST_ZIP_PROPERTY);
            require(postgresqlJar, "PostgreSQL driver jar", POSTGRESQL_JAR_PROPERTY);
            Home prepared = new Home(Distribution.unpack(distZip, workDir.resolve("wildfly")), Map.copyOf(env));
            Map<String, String> processEnv = prepared.processEnv();
            cli(prepared.path(), processEnv, workDir, "--commands=embed-server --std-out=discard,module add --name=org.postgresql --resources="
                    + postgresqlJar + " --dependencies=javax.api\\,jakarta.transaction.api,stop-embedded-server");
            for (Path script : cliScripts) {
                cli(prepared.path(), processEnv, workDir, "--file=" + script.toAbsolutePath());
            }
            return prepared;
        }

        /** Prepares the server ({@link #prepare}), deploys the WAR and starts it; returns once the WAR answers. */
        public WildFlyServer start(Path workDir) {
            if (war == null || !Files.isRegularFile(war)) {
                throw new IllegalStateException("WildFlyServer needs the WAR to deploy; not found: " + war);
            }
            Home prepared = prepare(workDir);
            Path home = prepared.path();
            Path deployments = home.resolve("standalone/deployments");
            try {
                Files.copy(war, deployments.resolve(war.getFileName()), StandardCopyOption.REPLACE_EXISTING);
            } catch (IOException e) {
                throw new UncheckedIOException("Could not copy " + war, e);
            }
            int offset = freePortOffset();
            List<String> command = List.of(home.resolve("bin/standalone.sh").toString(), "-b", "127.0.0.1", "-bmanagement", "127.0.0.1",
                    "-Djboss.socket.binding.port-offset=" + offset);
            ManagedProcess process = ManagedProcess.start("wildfly", command, prepared.processEnv(), home, workDir.resolve("wildfly.log"));
            WildFlyServer server = new WildFlyServer(home, workDir, offset, deployments.resolve(war.getFileName() + ".deployed"), process);
            server.awaitDeployed(deployments.resolve(war.getFileName() + ".failed"), healthPath);
            return server;
        }

        private static void require(Path file, String what, String property) {
            if (file == null || !Files.isRegularFile(file)) {
                throw new IllegalStateException(what + " not found (" + file + "): set -D" + property
                        + " or run through Maven, which resolves it");
            }
        }
    }

    /**
     * A distribution unpacked and configured by {@link Builder#prepare}, not started. {@code env} holds
     * the environment variables the server needs: what the CLI scripts' {@code ${env.X}} expressions
     * and the application read.
     */
    public record Home(Path path, Map<String, String> env) {

        /** The server's and jboss-cli's environment: {@link #env} and this JVM's JDK. */
        private Map<String, String> processEnv() {
            Map<String, String> processEnv = new HashMap<>(env);
            processEnv.put("JAVA_HOME", System.getProperty("java.home"));
            return processEnv;
        }

        /**
         * {@link #env} as system properties named {@code env.X}: WildFly resolves {@code ${env.X}} from
         * a system property of that name before the environment variable, so a server started by a
         * tool that cannot set its environment (Arquillian's managed container) gets its settings
         * this way, best from a file named by {@code --properties}, which keeps the passwords off its
         * command line.
         */
        public Map<String, String> envAsSystemProperties() {
            Map<String, String> properties = new TreeMap<>();
            env.forEach((name, value) -> properties.put("env." + name, value));
            return properties;
        }
    }

    /** Runs jboss-cli offline (embedded server) and fails with its output if it does not succeed. */
    private static void cli(Path home, Map<String, String> env, Path workDir, String argument) {
        ManagedProcess.runToCompletion("jboss-cli (" + argument + ")", List.of(home.resolve("bin/jboss-cli.sh").toString(), argument),
                env, home, workDir.resolve("jboss-cli.log"), Duration.ofMinutes(3));
    }

    /** An offset under which every port WildFly binds is free now (also for bin/platform's tests). */
    public static int freePortOffset() {
        return Ports.freeOffset(DEFAULT_PORTS);
    }

    private void awaitDeployed(Path failedMarker, String healthPath) {
        process.awaitReady("deployed", Duration.ofMinutes(4), () -> {
            String failure = null;
            if (Files.exists(failedMarker)) {
                try {
                    failure = "Deployment failed: " + Files.readString(failedMarker, StandardCharsets.UTF_8);
                } catch (IOException e) {
                    failure = "Deployment failed: " + e;
                }
            } else if (log().contains("started (with errors)")) {
                failure = "WildFly started with errors";
            }
            if (failure != null) {
                String log = process.logTail(120);
                process.close();
                throw new IllegalStateException(failure + "\n" + log);
            }
            return Files.exists(deployed) && answers(healthPath);
        });
    }

    private boolean answers(String path) {
        try {
            HttpResponse<Void> response = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + path))
                    .timeout(Duration.ofSeconds(5)).build(), HttpResponse.BodyHandlers.discarding());
            return response.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + (8080 + portOffset);
    }

    public Path home() {
        return home;
    }

    /** Everything the server has logged so far, e.g. to check that a personal code never appears. */
    public String log() {
        try {
            return Files.readString(workDir.resolve("wildfly.log"), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    @Override
    public void close() {
        process.close();
    }
}
