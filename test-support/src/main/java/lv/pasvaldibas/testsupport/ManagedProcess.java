package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;

/**
 * A server process started for tests. It is always stopped with its whole process tree: on
 * {@link #close()}, by a JVM shutdown hook, or, if the JVM that started it was killed, by the
 * next test JVM through the pid files in {@link #PID_DIR}.
 */
public final class ManagedProcess implements AutoCloseable {

    static final Path PID_DIR = Path.of(System.getProperty("java.io.tmpdir"), "pasvaldibas-test-processes");

    private final String name;
    private final Process process;
    private final Path logFile;
    private final Path pidFile;
    private final Thread shutdownHook;

    private ManagedProcess(String name, Process process, Path logFile, Path pidFile) {
        this.name = name;
        this.process = process;
        this.logFile = logFile;
        this.pidFile = pidFile;
        this.shutdownHook = new Thread(this::stopTree, "stop-" + name);
        Runtime.getRuntime().addShutdownHook(shutdownHook);
    }

    /** Starts {@code command} with its output appended to {@code logFile}. */
    public static ManagedProcess start(String name, List<String> command, Map<String, String> env,
                                       Path workDir, Path logFile) {
        reapOrphans();
        try {
            Files.createDirectories(logFile.getParent());
            ProcessBuilder builder = new ProcessBuilder(command)
                    .directory(workDir.toFile())
                    .redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(logFile.toFile()));
            builder.environment().putAll(env);
            Process process = builder.start();
            Files.createDirectories(PID_DIR);
            Path pidFile = PID_DIR.resolve(ProcessHandle.current().pid() + "-" + process.pid() + ".pid");
            Files.writeString(pidFile, process.pid() + " " + startOf(process.toHandle()).orElse(Instant.EPOCH));
            return new ManagedProcess(name, process, logFile, pidFile);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not start " + name + ": " + command, e);
        }
    }

    public long pid() {
        return process.pid();
    }

    public boolean isAlive() {
        return process.isAlive();
    }

    public Path logFile() {
        return logFile;
    }

    /** The last lines of the log, for failure messages. */
    public String logTail(int lines) {
        try {
            List<String> all = Files.readAllLines(logFile, StandardCharsets.UTF_8);
            return String.join("\n", all.subList(Math.max(0, all.size() - lines), all.size()));
        } catch (IOException e) {
            return "(no log: " + e.getMessage() + ")";
        }
    }

    /** SIGSTOP to the whole tree: the server keeps its sockets open but answers nothing. */
    public void freeze() {
        signalTree("STOP");
    }

    /** SIGCONT after {@link #freeze()}. */
    public void thaw() {
        signalTree("CONT");
    }

    private void signalTree(String signal) {
        Stream.concat(Stream.of(process.toHandle()), process.descendants()).forEach(handle -> {
            try {
                new ProcessBuilder("kill", "-" + signal, Long.toString(handle.pid())).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                throw new UncheckedIOException(e);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
    }

    /** SIGKILL to the whole tree, as a crash or {@code kill -9} would: no shutdown work runs. */
    public void kill() {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(ProcessHandle::destroyForcibly);
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                throw new IllegalStateException(name + " did not die on SIGKILL", e);
            }
        }
        close();
    }

    @Override
    public void close() {
        stopTree();
        try {
            Runtime.getRuntime().removeShutdownHook(shutdownHook);
        } catch (IllegalStateException shuttingDown) {
            // already running the hooks: nothing to remove
        }
    }

    private void stopTree() {
        List<ProcessHandle> tree = Stream.concat(process.descendants(), Stream.of(process.toHandle())).toList();
        tree.forEach(h -> {
            h.destroy();
            // a frozen process cannot act on SIGTERM until it runs again
            try {
                new ProcessBuilder("kill", "-CONT", Long.toString(h.pid())).start().waitFor(5, TimeUnit.SECONDS);
            } catch (IOException e) {
                // the process is gone already
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
            }
        });
        for (ProcessHandle h : tree) {
            try {
                h.onExit().get(20, TimeUnit.SECONDS);
            } catch (Exception e) {
                h.destroyForcibly();
            }
        }
        try {
            Files.deleteIfExists(pidFile);
        } catch (IOException ignored) {
            // best effort: a stale pid file is reaped by start time check
        }
    }

    /** Kills processes left by a test JVM that died without running its shutdown hooks. */
    static synchronized void reapOrphans() {
        if (!Files.isDirectory(PID_DIR)) {
            return;
        }
        try (Stream<Path> files = Files.list(PID_DIR)) {
            for (Path file : files.toList()) {
                String[] owner = file.getFileName().toString().replace(".pid", "").split("-");
                if (owner.length != 2 || ProcessHandle.of(Long.parseLong(owner[0])).isPresent()) {
                    continue;
                }
                String[] recorded = Files.readString(file).trim().split(" ");
                ProcessHandle.of(Long.parseLong(recorded[0]))
                        .filter(h -> startOf(h).map(Instant::toString).orElse("").equals(recorded[1]))
                        .ifPresent(h -> {
                            h.descendants().forEach(ProcessHandle::destroyForcibly);
                            h.destroyForcibly();
                        });
                Files.deleteIfExists(file);
            }
        } catch (IOException | RuntimeException e) {
            System.err.println("Could not reap orphaned test processes: " + e);
        }
    }

    private static Optional<Instant> startOf(ProcessHandle handle) {
        return handle.info().startInstant();
    }

    /** Polls {@code check} until it holds, failing with the log tail if the process dies or time runs out. */
    public void awaitReady(String what, Duration timeout, java.util.function.BooleanSupplier check) {
        Instant deadline = Instant.now().plus(timeout);
        while (Instant.now().isBefore(deadline)) {
            if (!process.isAlive()) {
                throw new IllegalStateException(name + " exited with " + process.exitValue() + " before " + what
                        + ". Log " + logFile + ":\n" + logTail(40));
            }
            if (check.getAsBoolean()) {
                return;
            }
            try {
                Thread.sleep(100);
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                throw new IllegalStateException("Interrupted waiting for " + name, e);
            }
        }
        close();
        throw new IllegalStateException(name + " not " + what + " within " + timeout + ". Log " + logFile + ":\n" + logTail(40));
    }

    /**
     * Runs a tool (kc.sh build, jboss-cli) to its end with its output appended to {@code log}, and fails
     * with that output if it does not succeed within {@code timeout}.
     */
    public static void runToCompletion(String what, List<String> command, Map<String, String> env, Path dir, Path log, Duration timeout) {
        try {
            ProcessBuilder builder = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true)
                    .redirectOutput(ProcessBuilder.Redirect.appendTo(log.toFile()));
            builder.environment().putAll(env);
            Process p = builder.start();
            if (!p.waitFor(timeout.toMillis(), TimeUnit.MILLISECONDS)) {
                p.destroyForcibly();
                throw new IllegalStateException(what + " did not finish in " + timeout + "; log " + log);
            }
            if (p.exitValue() != 0) {
                throw new IllegalStateException(what + " failed; log " + log + ":\n" + Files.readString(log, StandardCharsets.UTF_8));
            }
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
