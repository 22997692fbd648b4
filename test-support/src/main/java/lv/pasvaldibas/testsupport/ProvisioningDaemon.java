package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Path;
import java.time.Duration;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The provisioning daemon (the {@code provisioning} module's runnable jar) as a process of its own,
 * configured through its environment like {@code bin/platform up} does, on a free port. Tests start
 * one or two against the same database and kill one with {@code kill -9}.
 */
public final class ProvisioningDaemon implements AutoCloseable {

    private final ManagedProcess process;
    private final int port;

    private ProvisioningDaemon(ManagedProcess process, int port) {
        this.process = process;
        this.port = port;
    }

    public static Builder builder(Path jar) {
        return new Builder(jar);
    }

    public static final class Builder {
        private final Path jar;
        private final Map<String, String> env = new HashMap<>();

        private Builder(Path jar) {
            this.jar = jar;
        }

        /** One PROVISIONING_* setting (see the daemon's ProvisioningSettings); a later value replaces an earlier one. */
        public Builder env(String name, String value) {
            env.put(name, value);
            return this;
        }

        /** Starts it in {@code workDir} and waits until {@code /health} answers 200. */
        public ProvisioningDaemon start(Path workDir) {
            int port = Ports.free();
            Map<String, String> all = new HashMap<>(env);
            all.put("PROVISIONING_PORT", String.valueOf(port));
            all.put("PROVISIONING_HOST", "127.0.0.1");
            all.putIfAbsent("PROVISIONING_AUDIT_SPOOL", workDir.resolve("audit-spool").toString());
            String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
            ManagedProcess process = ManagedProcess.start("provisioning daemon " + all.getOrDefault("PROVISIONING_NODE", ""),
                    List.of(java, "--enable-native-access=ALL-UNNAMED", "-Xmx384m", "-jar", jar.toString()), all, created(workDir),
                    workDir.resolve("daemon.log"));
            ProvisioningDaemon daemon = new ProvisioningDaemon(process, port);
            process.awaitReady("ready", Duration.ofSeconds(90), daemon::healthy);
            return daemon;
        }

        private static Path created(Path dir) {
            try {
                return java.nio.file.Files.createDirectories(dir);
            } catch (IOException e) {
                throw new java.io.UncheckedIOException(e);
            }
        }
    }

    public String baseUrl() {
        return "http://127.0.0.1:" + port;
    }

    private boolean healthy() {
        try {
            HttpResponse<Void> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(baseUrl() + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding());
            return r.statusCode() == 200;
        } catch (IOException e) {
            return false;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return false;
        }
    }

    public ManagedProcess process() {
        return process;
    }

    /** As {@code kill -9}: no shutdown work runs. */
    public void kill() {
        process.kill();
    }

    @Override
    public void close() {
        process.close();
    }
}
