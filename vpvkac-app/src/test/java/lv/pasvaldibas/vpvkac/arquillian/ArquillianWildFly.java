package lv.pasvaldibas.vpvkac.arquillian;

import org.jboss.arquillian.junit5.ArquillianExtension;
import org.junit.jupiter.api.extension.BeforeAllCallback;
import org.junit.jupiter.api.extension.ExtensionContext;

/**
 * Has {@link ArquillianServer} prepare the WildFly of arquillian.xml before Arquillian starts it:
 * declare it before {@link ArquillianExtension}, which starts the container with the first test
 * class. Arquillian runs an in-server test class a second time inside WildFly, extensions included;
 * there this does nothing, and it is the one class of the set-up the deployment carries (the
 * environment and its servers are never loaded there).
 */
public final class ArquillianWildFly implements BeforeAllCallback {

    @Override
    public void beforeAll(ExtensionContext context) {
        boolean insideServer = context.getConfigurationParameter(ArquillianExtension.RUNNING_INSIDE_ARQUILLIAN)
                .map(Boolean::parseBoolean).orElse(false);
        if (!insideServer) {
            ArquillianServer.prepareOnce(context);
        }
    }
}
