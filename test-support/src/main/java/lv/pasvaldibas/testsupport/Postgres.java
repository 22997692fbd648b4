package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.nio.file.attribute.UserPrincipalLookupService;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A real PostgreSQL cluster on a free loopback port, made with the system's server binaries. When
 * the test runs as root (PostgreSQL refuses root) every server command runs as the {@code postgres}
 * user, and the cluster lives in a folder that user can reach.
 */
public final class Postgres implements AutoCloseable {

    private static final String SUPERUSER = "postgres";

    private final Path binDir;
    private final Path baseDir;
    private final int port;
    private final String superPassword;
    private ManagedProcess process;

    /** A database and its owning role. */
    public record Database(String name, String jdbcUrl, String user, String password) {
    }

    private Postgres(Path binDir, Path baseDir, int port, String superPassword) {
        this.binDir = binDir;
        this.baseDir = baseDir;
        this.port = port;
        this.superPassword = superPassword;
    }

    public static Postgres start() {
        Path binDir = findServerBinaries().orElseThrow(() -> new IllegalStateException(
                "PostgreSQL server binaries not found under /usr/lib/postgresql. Run the tests with bin/platform test,"
                        + " which installs them (apt-get install postgresql)."));
        try {
            Path baseDir = Files.createTempDirectory("pasvaldibas-pg-");
            Files.setPosixFilePermissions(baseDir, PosixFilePermissions.fromString("rwxr-xr-x"));
            String superPassword = "pg-" + Long.toHexString(Double.doubleToLongBits(Math.random()));
            Postgres pg = new Postgres(binDir, baseDir, Ports.free(), superPassword);
            pg.initdb();
            pg.launch();
            return pg;
        } catch (IOException e) {
            throw new UncheckedIOException("Could not prepare a PostgreSQL cluster", e);
        }
    }

    static Optional<Path> findServerBinaries() {
        Path root = Path.of("/usr/lib/postgresql");
        if (!Files.isDirectory(root)) {
            return Optional.empty();
        }
        try (Stream<Path> versions = Files.list(root)) {
            return versions.map(v -> v.resolve("bin"))
                    .filter(bin -> Files.isExecutable(bin.resolve("initdb")) && Files.isExecutable(bin.resolve("postgres")))
                    .max(Comparator.comparing(bin -> Integer.parseInt(bin.getParent().getFileName().toString().replaceAll("\\D", "0"))));
        } catch (IOException e) {
            return Optional.empty();
        }
    }

    private static boolean runningAsRoot() {
        return "root".equals(System.getProperty("user.name"));
    }

    /** The command, run as {@code postgres} when we are root. */
    private List<String> asServerUser(String... command) {
        List<String> full = new ArrayList<>();
        if (runningAsRoot()) {
            full.addAll(List.of("setpriv", "--reuid=" + SUPERUSER, "--regid=" + SUPERUSER, "--init-groups", "--"));
        }
        full.addAll(List.of(command));
        return full;
    }

    private Path dataDir() {
        return baseDir.resolve("data");
    }

    private void initdb() throws IOException {
        Path pwFile = baseDir.resolve("pwfile");
        Files.writeString(pwFile, superPassword + "\n");
        if (runningAsRoot()) {
            UserPrincipalLookupService users = baseDir.getFileSystem().getUserPrincipalLookupService();
            Files.setOwner(baseDir, users.lookupPrincipalByName(SUPERUSER));
            Files.setOwner(pwFile, users.lookupPrincipalByName(SUPERUSER));
        }
        Process p = new ProcessBuilder(asServerUser(binDir.resolve("initdb").toString(), "-D", dataDir().toString(),
                "-U", SUPERUSER, "--pwfile=" + pwFile, "--auth=scram-sha-256", "-E", "UTF8", "--locale=C.UTF-8",
                "--no-sync"))
                .redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(120, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("initdb failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        } finally {
            Files.deleteIfExists(pwFile);
        }
    }

    private void launch() {
        process = ManagedProcess.start("postgres", asServerUser(binDir.resolve("postgres").toString(),
                        "-D", dataDir().toString(), "-p", Integer.toString(port), "-k", baseDir.toString(),
                        "-c", "listen_addresses=127.0.0.1", "-c", "max_connections=200"),
                Map.of("LC_ALL", "C.UTF-8"), baseDir, baseDir.resolve("postgres.log"));
        process.awaitReady("accepting connections", Duration.ofSeconds(60), this::acceptsLogin);
    }

    private boolean acceptsLogin() {
        try (Connection ignored = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, superPassword)) {
            return true;
        } catch (SQLException e) {
            return false;
        }
    }

    /** The superuser's password, for tests that must act as an attacker with full rights. */
    public String superPassword() {
        return superPassword;
    }

    public int port() {
        return port;
    }

    public String jdbcUrl(String database) {
        return "jdbc:postgresql://127.0.0.1:" + port + "/" + database;
    }

    /** Creates a role and a database it owns. */
    public Database createDatabase(String name, String user, String password) {
        if (!name.matches("[a-z_][a-z0-9_]*") || !user.matches("[a-z_][a-z0-9_]*")) {
            throw new IllegalArgumentException("Use plain lower-case identifiers for test databases and roles");
        }
        execute("CREATE ROLE " + user + " LOGIN PASSWORD '" + password.replace("'", "''") + "'",
                "CREATE DATABASE " + name + " OWNER " + user + " ENCODING 'UTF8'");
        return new Database(name, jdbcUrl(name), user, password);
    }

    /** Runs statements as the superuser in the {@code postgres} database. */
    public void execute(String... statements) {
        try (Connection c = DriverManager.getConnection(jdbcUrl("postgres"), SUPERUSER, superPassword);
             Statement s = c.createStatement()) {
            for (String sql : statements) {
                s.execute(sql);
            }
        } catch (SQLException e) {
            throw new IllegalStateException("SQL failed: " + e.getMessage(), e);
        }
    }

    /** Stops the server (fast shutdown: open sessions are ended). */
    public void stop() {
        if (process == null || !process.isAlive()) {
            return;
        }
        try {
            new ProcessBuilder("kill", "-INT", Long.toString(process.pid())).start().waitFor(5, TimeUnit.SECONDS);
            ProcessHandle.of(process.pid()).ifPresent(h -> h.onExit().orTimeout(30, TimeUnit.SECONDS).join());
        } catch (IOException | RuntimeException e) {
            // fall through to the forced stop below
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
        process.close();
    }

    /** Starts again on the same port and data after {@link #stop()}. */
    public void restart() {
        launch();
    }

    @Override
    public void close() {
        stop();
        try (Stream<Path> files = Files.walk(baseDir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            System.err.println("Could not remove " + baseDir + ": " + e);
        }
    }
}
