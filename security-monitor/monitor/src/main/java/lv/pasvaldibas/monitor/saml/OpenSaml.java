package lv.pasvaldibas.monitor.saml;

import java.io.ByteArrayInputStream;
import java.util.Map;
import javax.xml.namespace.QName;
import net.shibboleth.utilities.java.support.component.ComponentInitializationException;
import net.shibboleth.utilities.java.support.xml.BasicParserPool;
import net.shibboleth.utilities.java.support.xml.SerializeSupport;
import net.shibboleth.utilities.java.support.xml.XMLParserException;
import org.opensaml.core.config.InitializationException;
import org.opensaml.core.config.InitializationService;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.config.XMLObjectProviderRegistrySupport;
import org.opensaml.core.xml.io.MarshallingException;
import org.opensaml.core.xml.io.UnmarshallingException;
import org.w3c.dom.Document;
import org.w3c.dom.Element;

/**
 * OpenSAML set up once per process, and the three things the service provider does with it: read XML
 * into SAML objects (with a parser that refuses DOCTYPEs, so no entity is ever expanded or fetched),
 * build objects, and write them out.
 */
final class OpenSaml {

    private static final BasicParserPool PARSER = parser();

    private OpenSaml() {
    }

    private static BasicParserPool parser() {
        try {
            InitializationService.initialize();
            BasicParserPool pool = new BasicParserPool();
            pool.setNamespaceAware(true);
            pool.setExpandEntityReferences(false);
            pool.setXincludeAware(false);
            pool.setIgnoreComments(true);
            // BasicParserPool's defaults already disallow DOCTYPEs; said here too, as this is the line that matters
            pool.setBuilderFeatures(Map.of("http://apache.org/xml/features/disallow-doctype-decl", true,
                    "http://xml.org/sax/features/external-general-entities", false,
                    "http://xml.org/sax/features/external-parameter-entities", false,
                    "http://apache.org/xml/features/nonvalidating/load-external-dtd", false,
                    javax.xml.XMLConstants.FEATURE_SECURE_PROCESSING, true));
            pool.initialize();
            return pool;
        } catch (InitializationException | ComponentInitializationException e) {
            throw new IllegalStateException("OpenSAML could not be initialised: " + e.getMessage(), e);
        }
    }

    static XMLObject read(byte[] xml) throws XMLParserException, UnmarshallingException {
        Document document = PARSER.parse(new ByteArrayInputStream(xml));
        Element root = document.getDocumentElement();
        var unmarshaller = XMLObjectProviderRegistrySupport.getUnmarshallerFactory().getUnmarshaller(root);
        if (unmarshaller == null) {
            throw new UnmarshallingException("not a SAML element: " + root.getLocalName());
        }
        return unmarshaller.unmarshall(root);
    }

    @SuppressWarnings("unchecked")
    static <T extends XMLObject> T build(QName name) {
        return (T) XMLObjectProviderRegistrySupport.getBuilderFactory().getBuilderOrThrow(name).buildObject(name);
    }

    static String write(XMLObject object) {
        try {
            return SerializeSupport.nodeToString(XMLObjectProviderRegistrySupport.getMarshallerFactory().getMarshaller(object).marshall(object));
        } catch (MarshallingException e) {
            throw new IllegalStateException("a SAML object built here could not be written: " + e.getMessage(), e);
        }
    }
}
