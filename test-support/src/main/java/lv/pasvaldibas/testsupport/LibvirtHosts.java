package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Simulated hypervisor hosts for the provisioning daemon's tests: one {@code libvirtd} per host
 * serving libvirt's test hypervisor on a socket of its own, so that several processes (daemons, and
 * the test with {@code virsh}) see and change the same domains (decision 97). Each host keeps one
 * {@code virsh event} connection open, because the test driver forgets everything when its last
 * client disconnects. Debian's libvirtd loads the QEMU driver, which fails without a
 * {@code libvirt-qemu} user and takes the daemon down: the daemons get an empty driver folder (the
 * test driver is inside libvirt itself).
 */
public final class LibvirtHosts implements AutoCloseable {

    private static final Duration READY_WITHIN = Duration.ofSeconds(20);

    private final Path workDir;
    private final List<Host> hosts = new ArrayList<>();

    private static final class Host {
        private final Path dir;
        private ManagedProcess daemon;
        private ManagedProcess keeper;

        Host(Path dir) {
            this.dir = dir;
        }
    }

    private LibvirtHosts(Path workDir) {
        this.workDir = workDir;
    }

    /** Starts {@code count} hosts, numbered from 0, in folders under {@code workDir}. */
    public static LibvirtHosts start(Path workDir, int count) {
        LibvirtHosts all = new LibvirtHosts(workDir);
        try {
            Files.createDirectories(workDir.resolve("no-drivers"));
            for (int i = 0; i < count; i++) {
                Host host = new Host(workDir.resolve("host-" + i));
                all.hosts.add(host);
                all.startHost(host);
            }
            return all;
        } catch (IOException e) {
            all.close();
            throw new UncheckedIOException(e);
        } catch (RuntimeException e) {
            all.close();
            throw e;
        }
    }

    private void startHost(Host host) throws IOException {
        Files.createDirectories(host.dir);
        Files.deleteIfExists(host.dir.resolve("libvirtd.pid"));
        Files.writeString(host.dir.resolve("libvirtd.conf"), String.join("\n",
                "unix_sock_dir = \"" + host.dir + "\"",
                "unix_sock_rw_perms = \"0700\"",
                "auth_unix_rw = \"none\"",
                "auth_unix_ro = \"none\"",
                "listen_tls = 0",
                "listen_tcp = 0",
                "log_level = 3",
                "log_outputs = \"3:file:" + host.dir.resolve("libvirtd.log") + "\"", ""), StandardCharsets.UTF_8);
        host.daemon = ManagedProcess.start("libvirtd " + host.dir.getFileName(),
                List.of("/usr/sbin/libvirtd", "-f", host.dir.resolve("libvirtd.conf").toString(), "-p", host.dir.resolve("libvirtd.pid").toString()),
                Map.of("LIBVIRT_DRIVER_DIR", workDir.resolve("no-drivers").toString()), host.dir, host.dir.resolve("libvirtd.out"));
        host.daemon.awaitReady("serving on its socket", READY_WITHIN, () -> run(host, List.of("-q", "version"), Duration.ofSeconds(5)).exit() == 0);
        host.keeper = ManagedProcess.start("virsh keeper " + host.dir.getFileName(),
                List.of("virsh", "-c", uri(host), "event", "--all", "--loop"), Map.of(), host.dir, host.dir.resolve("keeper.log"));
        host.keeper.awaitReady("connected", READY_WITHIN, () -> clients(host) > 0);
    }

    /** How many clients the host's libvirtd has now (its admin socket). */
    private static int clients(Host host) {
        try {
            Process p = new ProcessBuilder("virt-admin", "-c", "libvirtd:///system?socket=" + host.dir.resolve("libvirt-admin-sock"),
                    "srv-clients-list", "libvirtd").redirectErrorStream(true).start();
            if (!p.waitFor(5, TimeUnit.SECONDS)) {
                p.destroyForcibly();
                return 0;
            }
            String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
            return p.exitValue() != 0 ? 0 : (int) out.lines().filter(l -> l.trim().matches("\\d+\\s+.*")).count();
        } catch (IOException e) {
            return 0;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return 0;
        }
    }

    public int count() {
        return hosts.size();
    }

    /** The libvirt URI of host {@code i}, as the daemon is given it. */
    public String uri(int i) {
        return uri(hosts.get(i));
    }

    private static String uri(Host host) {
        return "test+unix:///default?socket=" + host.dir.resolve("libvirt-sock");
    }

    /** Runs {@code virsh} against host {@code i} and returns its output; fails when virsh does. */
    public String virsh(int i, String... arguments) {
        Result r = run(hosts.get(i), List.of(arguments), Duration.ofSeconds(30));
        if (r.exit() != 0) {
            throw new IllegalStateException("virsh " + String.join(" ", arguments) + " failed (" + r.exit() + "): " + r.output());
        }
        return r.output();
    }

    /** The names of host {@code i}'s domains, running and stopped. */
    public List<String> domains(int i) {
        return virsh(i, "list", "--all", "--name").lines().map(String::trim).filter(l -> !l.isEmpty()).toList();
    }

    /** The state virsh reports for a domain ("running", "shut off"), or null when host {@code i} has no such domain. */
    public String state(int i, String domain) {
        Result r = run(hosts.get(i), List.of("domstate", domain), Duration.ofSeconds(30));
        return r.exit() == 0 ? r.output().trim() : null;
    }

    /** The host hangs (SIGSTOP to its libvirtd): every call to it waits, nothing fails. */
    public void freeze(int i) {
        hosts.get(i).daemon.freeze();
    }

    public void thaw(int i) {
        hosts.get(i).daemon.thaw();
    }

    /** The host dies as with {@code kill -9}: its domains are gone, its clients cut off. */
    public void crash(int i) {
        Host host = hosts.get(i);
        host.keeper.kill();
        host.daemon.kill();
    }

    /** A crashed host comes back empty, as a rebooted test host does. */
    public void restart(int i) {
        try {
            startHost(hosts.get(i));
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private record Result(int exit, String output) {
    }

    private static Result run(Host host, List<String> arguments, Duration timeout) {
        List<String> command = new ArrayList<>(List.of("virsh", "-c", uri(host)));
        command.addAll(arguments);
        try {
            Process p = new ProcessBuilder(command).redirectErrorStream(true).start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                return new Result(-1, "timed out");
            }
            return new Result(p.exitValue(), new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8));
        } catch (IOException e) {
            return new Result(-1, e.getMessage());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return new Result(-1, "interrupted");
        }
    }

    @Override
    public void close() {
        for (Host host : hosts) {
            if (host.keeper != null) {
                host.keeper.close();
            }
            if (host.daemon != null) {
                host.daemon.close();
            }
        }
    }
}
