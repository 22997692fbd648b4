package lv.pasvaldibas.vpvkac.arquillian;

import java.io.File;
import java.io.IOException;
import java.io.InputStream;
import java.io.UncheckedIOException;
import java.net.URISyntaxException;
import java.nio.charset.StandardCharsets;
import org.assertj.core.api.Assertions;
import org.jboss.shrinkwrap.api.ShrinkWrap;
import org.jboss.shrinkwrap.api.asset.StringAsset;
import org.jboss.shrinkwrap.api.importer.ZipImporter;
import org.jboss.shrinkwrap.api.spec.JavaArchive;
import org.jboss.shrinkwrap.api.spec.WebArchive;

/**
 * What the Arquillian tests deploy: the WAR the build made ({@code target/vpvkac-app.war}, named by
 * the {@code vpvkac.war} property as for the black-box tests), the real application and not a
 * hand-picked part of it.
 */
final class VpvkacArchive {

    private static final String WEB_XML = "WEB-INF/web.xml";
    /** The Jakarta servlet protocol's test runner (its web-fragment maps it here). */
    private static final String TEST_RUNNER_PATH = "/ArquillianServletRunnerEE9";

    private VpvkacArchive() {
    }

    /** The application as the build made it. */
    static WebArchive application() {
        File war = new File(System.getProperty("vpvkac.war", "target/vpvkac-app.war"));
        if (!war.isFile()) {
            throw new IllegalStateException("The WAR is not built: " + war + " (run through Maven: mvn verify)");
        }
        return ShrinkWrap.create(ZipImporter.class, war.getName()).importFrom(war).as(WebArchive.class);
    }

    /**
     * The application with test classes that run inside the server, {@link ArquillianWildFly} (which
     * the test classes name) and AssertJ. web.xml asks for a sign-in everywhere but /health; the test
     * runner's path is left open the same way, as Arquillian's client calls it without a token.
     */
    static WebArchive withTests(Class<?>... testClasses) {
        WebArchive war = application();
        String webXml;
        try (InputStream in = war.get(WEB_XML).getAsset().openStream()) {
            webXml = new String(in.readAllBytes(), StandardCharsets.UTF_8);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
        if (!webXml.contains("<login-config>")) {
            throw new IllegalStateException("web.xml has no <login-config> to put the test runner's constraint before");
        }
        war.delete(WEB_XML);
        war.setWebXML(new StringAsset(webXml.replace("<login-config>", """
                <security-constraint>
                    <web-resource-collection>
                      <web-resource-name>Arquillian's test runner</web-resource-name>
                      <url-pattern>%s</url-pattern>
                    </web-resource-collection>
                  </security-constraint>

                  <login-config>""".formatted(TEST_RUNNER_PATH))));
        return war.addClasses(testClasses).addClass(ArquillianWildFly.class).addAsLibrary(jarOf(Assertions.class));
    }

    private static JavaArchive jarOf(Class<?> type) {
        try {
            File jar = new File(type.getProtectionDomain().getCodeSource().getLocation().toURI());
            return ShrinkWrap.create(ZipImporter.class, jar.getName()).importFrom(jar).as(JavaArchive.class);
        } catch (URISyntaxException e) {
            throw new IllegalStateException(e);
        }
    }
}
