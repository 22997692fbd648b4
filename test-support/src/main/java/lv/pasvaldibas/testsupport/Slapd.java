package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;

/**
 * Real OpenLDAP {@code slapd} serving test directories on free loopback ports: by default one process
 * for all directories; with {@link Builder#processPerDirectory()} one each, so that a test can stop
 * or freeze one directory while the others keep answering.
 */
public final class Slapd implements AutoCloseable {

    static final Path SLAPD = Path.of("/usr/sbin/slapd");
    static final Path LDAPADD = Path.of("/usr/bin/ldapadd");
    static final Path LDAPMODIFY = Path.of("/usr/bin/ldapmodify");

    private final Path workDir;
    private final TestCa ca;
    private final Map<String, Instance> instanceByDirectory = new LinkedHashMap<>();
    private final List<Instance> instances = new ArrayList<>();

    /** One slapd process and the directories it serves. */
    private static final class Instance {
        final String name;
        final List<DirectoryData> directories;
        final int ldapPort;
        final int ldapsPort;
        final Path conf;
        ManagedProcess process;

        Instance(String name, List<DirectoryData> directories, int ldapPort, int ldapsPort, Path conf) {
            this.name = name;
            this.directories = directories;
            this.ldapPort = ldapPort;
            this.ldapsPort = ldapsPort;
            this.conf = conf;
        }
    }

    private final boolean statsLog;

    private Slapd(Path workDir, TestCa ca, boolean statsLog) {
        this.workDir = workDir;
        this.ca = ca;
        this.statsLog = statsLog;
    }

    public static Builder builder() {
        return new Builder();
    }

    public static final class Builder {
        private final List<DirectoryData> directories = new ArrayList<>();
        private boolean processPerDirectory;
        private boolean tls;
        private boolean statsLog;

        public Builder directory(DirectoryData directory) {
            directories.add(directory);
            return this;
        }

        /** One slapd process per directory, so that each can be stopped or frozen alone. */
        public Builder processPerDirectory() {
            this.processPerDirectory = true;
            return this;
        }

        /** Logs every LDAP operation (slapd's "stats" level), for {@link Slapd#operationCounts()}. */
        public Builder statsLog() {
            this.statsLog = true;
            return this;
        }

        /** LDAPS and StartTLS with a certificate from a CA made for this run ({@link Slapd#ca()}). */
        public Builder tls() {
            this.tls = true;
            return this;
        }

        public Slapd start(Path workDir) {
            requireInstalled();
            workDir = workDir.toAbsolutePath();
            Slapd slapd = new Slapd(workDir, tls ? TestCa.create(workDir.resolve("ca"), "localhost") : null, statsLog);
            try {
                if (processPerDirectory) {
                    for (DirectoryData d : directories) {
                        slapd.startInstance("slapd-" + d.id(), List.of(d));
                    }
                } else {
                    slapd.startInstance("slapd", directories);
                }
            } catch (RuntimeException e) {
                slapd.close();
                throw e;
            }
            return slapd;
        }
    }

    static void requireInstalled() {
        for (Path tool : List.of(SLAPD, LDAPADD, LDAPMODIFY)) {
            if (!Files.isExecutable(tool)) {
                throw new IllegalStateException(tool + " is not installed. Run the tests with bin/platform test,"
                        + " which installs it (apt-get install slapd ldap-utils).");
            }
        }
    }

    private void startInstance(String name, List<DirectoryData> directories) {
        try {
            Path dir = Files.createDirectories(workDir.resolve(name));
            for (DirectoryData d : directories) {
                Files.createDirectories(dir.resolve("db-" + d.id()));
            }
            Path adSchema = dir.resolve("ad-lite.schema");
            try (InputStream in = Slapd.class.getResourceAsStream("ad-lite.schema")) {
                Files.copy(in, adSchema, java.nio.file.StandardCopyOption.REPLACE_EXISTING);
            }
            Path conf = dir.resolve("slapd.conf");
            SlapdConfig.Tls tls = ca == null ? null : new SlapdConfig.Tls(ca.caPem(), ca.serverCertPem(), ca.serverKeyPem());
            Files.writeString(conf, SlapdConfig.render(directories, dir, adSchema, tls), StandardCharsets.UTF_8);
            Instance instance = new Instance(name, directories, Ports.free(), ca == null ? -1 : Ports.free(), conf);
            instances.add(instance);
            directories.forEach(d -> instanceByDirectory.put(d.id(), instance));
            launch(instance);
            for (DirectoryData d : directories) {
                ldapTool(LDAPADD, d, d.ldif());
                if (!d.changes().isBlank()) {
                    ldapTool(LDAPMODIFY, d, d.changes());
                }
            }
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare slapd " + name, e);
        }
    }

    private void launch(Instance instance) {
        String urls = "ldap://127.0.0.1:" + instance.ldapPort
                + (instance.ldapsPort > 0 ? " ldaps://127.0.0.1:" + instance.ldapsPort : "");
        Path dir = instance.conf.getParent();
        ManagedProcess process = ManagedProcess.start(instance.name,
                List.of(SLAPD.toString(), "-d", statsLog ? "stats" : "0", "-f", instance.conf.toString(), "-h", urls),
                Map.of(), dir, dir.resolve("slapd.log"));
        instance.process = process;
        process.awaitReady("listening on " + instance.ldapPort, Duration.ofSeconds(20),
                () -> Ports.accepting(instance.ldapPort));
    }

    private void ldapTool(Path tool, DirectoryData d, String ldif) {
        Instance instance = instanceByDirectory.get(d.id());
        // the tool's output goes to a file: it prints a line per entry, and a pipe nobody reads while the
        // LDIF is still being written fills up and stops both sides (10,000 entries did)
        Path output = instance.conf.getParent().resolve(tool.getFileName() + "-" + d.id() + ".log");
        try {
            Process p = new ProcessBuilder(tool.toString(), "-x", "-H", "ldap://127.0.0.1:" + instance.ldapPort,
                    "-D", d.rootDn(), "-w", d.rootPassword())
                    .redirectErrorStream(true).redirectOutput(output.toFile()).start();
            try (var in = p.getOutputStream()) {
                in.write(ldif.getBytes(StandardCharsets.UTF_8));
            }
            long seconds = 60 + ldif.length() / 50_000;
            if (!p.waitFor(seconds, TimeUnit.SECONDS) || p.exitValue() != 0) {
                p.destroyForcibly();
                String said = Files.readString(output, StandardCharsets.UTF_8);
                throw new IllegalStateException(tool.getFileName() + " into " + d.id() + " failed: "
                        + said.substring(Math.max(0, said.length() - 2000)));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }


    /** Applies an LDIF change (changetype records) as the directory's administrator. */
    public void modify(String directoryId, String ldifChange) {
        ldapTool(LDAPMODIFY, directory(directoryId), ldifChange);
    }

    private DirectoryData directory(String id) {
        Instance instance = instance(id);
        return instance.directories.stream().filter(d -> d.id().equals(id)).findFirst().orElseThrow();
    }

    private Instance instance(String directoryId) {
        Instance instance = instanceByDirectory.get(directoryId);
        if (instance == null) {
            throw new IllegalArgumentException("No directory " + directoryId + " in this slapd");
        }
        return instance;
    }

    public String ldapUrl(String directoryId) {
        return "ldap://127.0.0.1:" + instance(directoryId).ldapPort;
    }

    public String ldapsUrl(String directoryId) {
        Instance instance = instance(directoryId);
        if (instance.ldapsPort < 0) {
            throw new IllegalStateException("slapd was started without tls()");
        }
        return "ldaps://127.0.0.1:" + instance.ldapsPort;
    }

    /** The CA that signed the server certificate, when started with {@link Builder#tls()}. */
    public TestCa ca() {
        return ca;
    }

    /**
     * Searches (SRCH) and binds (BIND) served so far by every process, read from slapd's own
     * stats log; needs {@link Builder#statsLog()}.
     */
    public Map<String, Long> operationCounts() {
        if (!statsLog) {
            throw new IllegalStateException("slapd was started without statsLog()");
        }
        Map<String, Long> counts = new java.util.TreeMap<>();
        // slapd logs a search and a bind on two lines each ("SRCH base=" then "SRCH attr=", "BIND dn= method="
        // then "BIND dn= mech="): count only the line that opens the operation
        java.util.regex.Pattern op = java.util.regex.Pattern.compile(" op=\\d+ (?:(SRCH) base=|(BIND) dn=\"[^\"]*\" method=)");
        for (Instance instance : instances) {
            try (var lines = Files.lines(instance.conf.getParent().resolve("slapd.log"), StandardCharsets.ISO_8859_1)) {
                lines.forEach(line -> {
                    java.util.regex.Matcher m = op.matcher(line);
                    if (m.find()) {
                        counts.merge(m.group(1) != null ? m.group(1) : m.group(2), 1L, Long::sum);
                    }
                });
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            }
        }
        return counts;
    }

    /** Stops the process serving {@code directoryId} (and any directory sharing it). */
    public void stop(String directoryId) {
        instance(directoryId).process.close();
    }

    /** Starts again after {@link #stop}; the data is kept. */
    public void restart(String directoryId) {
        launch(instance(directoryId));
    }

    /** SIGSTOP: the port stays open, nothing answers, like a hung domain controller. */
    public void freeze(String directoryId) {
        instance(directoryId).process.freeze();
    }

    public void thaw(String directoryId) {
        instance(directoryId).process.thaw();
    }

    @Override
    public void close() {
        for (Instance instance : instances) {
            if (instance.process != null) {
                instance.process.close();
            }
        }
    }
}
