package lv.pasvaldibas.bench;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;

/**
 * The CPU time of one benchmarked Keycloak's JVM (user + system, all threads, read from the
 * operating system) and, when asked, a flight recording of each measured cell. Throughput on a
 * busy 2-core machine says little; the server's CPU per sign-in says what the sign-in costs.
 */
final class KeycloakProbe {

    private final String system;
    private final ProcessHandle jvm;
    private final Path recordings;

    private KeycloakProbe(String system, ProcessHandle jvm, Path recordings) {
        this.system = system;
        this.jvm = jvm;
        this.recordings = recordings;
    }

    /**
     * The JVM that {@code kc.sh} started from {@code keycloakHome} (kc.sh runs it as its child).
     *
     * @param recordings folder for one JFR file per cell, or null for none
     */
    static KeycloakProbe of(String system, Path keycloakHome, Path recordings) {
        String home = keycloakHome.toAbsolutePath().normalize().toString();
        ProcessHandle jvm = ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().map(c -> c.contains("QuarkusEntryPoint") && c.contains(home)).orElse(false))
                .findFirst()
                .orElseThrow(() -> new IllegalStateException("No Keycloak JVM running from " + home));
        return new KeycloakProbe(system, jvm, recordings);
    }

    /** CPU time used so far, in nanoseconds. */
    long cpuNanos() {
        return jvm.info().totalCpuDuration().map(Duration::toNanos).orElse(0L);
    }

    void startRecording(String cell) {
        if (recordings != null) {
            jcmd("JFR.start", "name=" + cell, "settings=profile");
        }
    }

    void stopRecording(String cell) {
        if (recordings != null) {
            jcmd("JFR.stop", "name=" + cell, "filename=" + recordings.resolve(system + "-" + cell + ".jfr"));
        }
    }

    private void jcmd(String... command) {
        try {
            Files.createDirectories(recordings);
            String[] full = new String[command.length + 2];
            full[0] = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
            full[1] = Long.toString(jvm.pid());
            System.arraycopy(command, 0, full, 2, command.length);
            Process p = new ProcessBuilder(full).redirectErrorStream(true).start();
            String out = new String(p.getInputStream().readAllBytes());
            if (!p.waitFor(60, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("jcmd " + String.join(" ", command) + " failed: " + out);
            }
        } catch (IOException e) {
            throw new IllegalStateException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
