package lv.pasvaldibas.vpvkac.arquillian;

import java.io.IOException;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Map;
import java.util.Properties;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.WildFlyServer;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * The one WildFly of the Arquillian tests, prepared once per test run: a home that the shared
 * {@link VpvkacEnvironment} configures like its own server (vpvkac.cli, its Keycloak, PostgreSQL and
 * audit log; a database and audit stream of its own), handed to arquillian.xml through system
 * properties, on a free port offset. Arquillian starts it and stops it when the run ends, before the
 * environment's servers stop (JUnit closes what the run stored in reverse order).
 */
final class ArquillianServer {

    /**
     * System properties of the server for in-server tests: a login that may only read the audit log.
     * Constants, so those tests use them without loading this class, which the deployment lacks.
     */
    static final String AUDIT_READER_URL = "vpvkac.test.audit-reader.url";
    static final String AUDIT_READER_USER = "vpvkac.test.audit-reader.user";
    static final String AUDIT_READER_PASSWORD = "vpvkac.test.audit-reader.password";
    private static final String NAME = "arquillian";

    private static final ExtensionContext.Namespace NAMESPACE = ExtensionContext.Namespace.create(ArquillianServer.class);

    private ArquillianServer() {
    }

    static void prepareOnce(ExtensionContext context) {
        context.getRoot().getStore(NAMESPACE).getOrComputeIfAbsent(NAME, name -> prepare(context), Path.class);
    }

    private static Path prepare(ExtensionContext context) {
        VpvkacEnvironment.PreparedServer server = VpvkacEnvironment.shared(context).prepareServer(NAME);
        Path home = server.home().path();
        Postgres.Database reader = server.auditReader();
        Properties settings = new Properties();
        settings.putAll(server.home().envAsSystemProperties());
        settings.putAll(Map.of(AUDIT_READER_URL, reader.jdbcUrl(), AUDIT_READER_USER, reader.user(), AUDIT_READER_PASSWORD, reader.password()));
        Path file = home.resolve("vpvkac-settings.properties");
        // as bytes: WildFly reads the file from a stream, in ISO 8859-1 with escapes for other characters
        try (OutputStream out = Files.newOutputStream(file)) {
            settings.store(out, "the settings of the Arquillian tests' WildFly");
        } catch (IOException e) {
            throw new UncheckedIOException("Could not write " + file, e);
        }
        int offset = WildFlyServer.freePortOffset();
        System.setProperty("vpvkac.arquillian.home", home.toString());
        System.setProperty("vpvkac.arquillian.port-offset", Integer.toString(offset));
        System.setProperty("vpvkac.arquillian.management-port", Integer.toString(WildFlyServer.MANAGEMENT_PORT + offset));
        System.setProperty("vpvkac.arquillian.properties", file.toUri().toString());
        return home;
    }
}
