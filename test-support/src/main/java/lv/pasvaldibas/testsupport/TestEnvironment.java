package lv.pasvaldibas.testsupport;

import java.util.ArrayDeque;
import java.util.Deque;
import java.nio.file.Path;

/**
 * The servers a group of integration test classes shares. Subclasses start them in {@link #start}
 * and hand each to {@link #own}; {@link #close()} stops them in reverse order, also when
 * {@code start} failed half-way (see {@link SharedEnvironmentExtension}).
 */
public abstract class TestEnvironment implements AutoCloseable {

    private final Deque<AutoCloseable> owned = new ArrayDeque<>();

    /** Starts the servers, working in {@code workDir} (empty, under the module's {@code target}). */
    protected abstract void start(Path workDir) throws Exception;

    protected final <T extends AutoCloseable> T own(T resource) {
        owned.push(resource);
        return resource;
    }

    @Override
    public void close() {
        RuntimeException failure = null;
        while (!owned.isEmpty()) {
            try {
                owned.pop().close();
            } catch (Exception e) {
                if (failure == null) {
                    failure = new IllegalStateException("Could not stop every test server", e);
                } else {
                    failure.addSuppressed(e);
                }
            }
        }
        if (failure != null) {
            throw failure;
        }
    }
}
