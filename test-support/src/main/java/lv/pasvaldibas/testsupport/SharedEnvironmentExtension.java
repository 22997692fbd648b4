package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;
import org.junit.jupiter.api.extension.ParameterContext;
import org.junit.jupiter.api.extension.ParameterResolver;

/**
 * Starts a {@link TestEnvironment} once for every test class that names this extension, and stops it
 * when the test run ends (JUnit closes the root store), after a failure too. The environment is
 * injected as a parameter of constructors, lifecycle methods and tests.
 *
 * <pre>{@code
 * public final class FederationEnvironmentExtension extends SharedEnvironmentExtension<FederationEnvironment> {
 *     public FederationEnvironmentExtension() { super(FederationEnvironment.class, FederationEnvironment::new); }
 * }
 * }</pre>
 */
public abstract class SharedEnvironmentExtension<E extends TestEnvironment> implements BeforeAllCallback, ParameterResolver {

    private final Class<E> type;
    private final Supplier<E> factory;

    protected SharedEnvironmentExtension(Class<E> type, Supplier<E> factory) {
        this.type = type;
        this.factory = factory;
    }

    @Override
    public void beforeAll(ExtensionContext context) {
        environment(context);
    }

    @Override
    public boolean supportsParameter(ParameterContext parameter, ExtensionContext context) {
        return parameter.getParameter().getType().equals(type);
    }

    @Override
    public Object resolveParameter(ParameterContext parameter, ExtensionContext context) {
        return environment(context);
    }

    /** The shared environment, started now if no test class started it yet: for extensions that build on it. */
    public final E environment(ExtensionContext context) {
        ExtensionContext.Store store = context.getRoot().getStore(ExtensionContext.Namespace.create(getClass()));
        Holder holder = store.getOrComputeIfAbsent(type.getName(), key -> new Holder(start()), Holder.class);
        return type.cast(holder.value());
    }

    private E start() {
        Path workDir = Path.of("target", "it-work", type.getSimpleName()).toAbsolutePath();
        deleteRecursively(workDir);
        E environment = factory.get();
        try {
            Files.createDirectories(workDir);
            environment.start(workDir);
            return environment;
        } catch (Exception e) {
            try {
                environment.close();
            } catch (RuntimeException stopFailure) {
                e.addSuppressed(stopFailure);
            }
            throw e instanceof RuntimeException r ? r : new IllegalStateException("Could not start " + type.getSimpleName(), e);
        }
    }

    /** Removes {@code dir} with everything in it, if it exists: a work folder left by an earlier run. */
    public static void deleteRecursively(Path dir) {
        if (!Files.exists(dir)) {
            return;
        }
        try (Stream<Path> files = Files.walk(dir)) {
            files.sorted(Comparator.reverseOrder()).forEach(f -> f.toFile().delete());
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    /** Closes the environment when JUnit closes the root store at the end of the run. */
    private record Holder(TestEnvironment value) implements ExtensionContext.Store.CloseableResource {
        @Override
        public void close() {
            value.close();
        }
    }
}
