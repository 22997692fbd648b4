package lv.pasvaldibas.monitor.saml;

import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.metadata.EntityDescriptor;
import org.opensaml.saml.saml2.metadata.Endpoint;
import org.opensaml.saml.saml2.metadata.IDPSSODescriptor;
import org.opensaml.saml.saml2.metadata.KeyDescriptor;
import org.opensaml.security.credential.UsageType;
import org.opensaml.xmlsec.keyinfo.KeyInfoSupport;

/**
 * The platform's identity provider as its SAML metadata describes it: its entity id, where sign-in and
 * logout requests go (HTTP-Redirect binding) and the certificates whose keys sign its responses. Only
 * these keys are trusted; a key inside a message is never used.
 */
public record IdentityProvider(String entityId, String signOnUrl, String logoutUrl, List<X509Certificate> signingCertificates) {

    public IdentityProvider {
        signingCertificates = List.copyOf(signingCertificates);
        if (signingCertificates.isEmpty()) {
            throw new IllegalArgumentException("the identity provider's metadata names no signing certificate");
        }
    }

    /** Reads the metadata document; throws {@link IllegalArgumentException} naming what is missing. */
    public static IdentityProvider fromMetadata(byte[] xml) {
        XMLObject read;
        try {
            read = OpenSaml.read(xml);
        } catch (Exception e) {
            throw new IllegalArgumentException("the identity provider's metadata is not readable XML: " + e.getMessage(), e);
        }
        if (!(read instanceof EntityDescriptor entity)) {
            throw new IllegalArgumentException("the identity provider's metadata is not an EntityDescriptor");
        }
        IDPSSODescriptor idp = entity.getIDPSSODescriptor(SAMLConstants.SAML20P_NS);
        if (idp == null) {
            throw new IllegalArgumentException("the metadata of " + entity.getEntityID() + " describes no SAML 2.0 identity provider");
        }
        List<X509Certificate> certificates = new ArrayList<>();
        for (KeyDescriptor key : idp.getKeyDescriptors()) {
            if (key.getUse() == null || key.getUse() == UsageType.SIGNING || key.getUse() == UsageType.UNSPECIFIED) {
                try {
                    certificates.addAll(KeyInfoSupport.getCertificates(key.getKeyInfo()));
                } catch (CertificateException e) {
                    throw new IllegalArgumentException("a signing certificate in the metadata is not readable: " + e.getMessage(), e);
                }
            }
        }
        return new IdentityProvider(entity.getEntityID(), redirect(idp.getSingleSignOnServices(), "SingleSignOnService"),
                redirect(idp.getSingleLogoutServices(), "SingleLogoutService"), certificates);
    }

    private static String redirect(List<? extends Endpoint> endpoints, String what) {
        return endpoints.stream().filter(e -> SAMLConstants.SAML2_REDIRECT_BINDING_URI.equals(e.getBinding())).map(Endpoint::getLocation)
                .findFirst().orElseThrow(() -> new IllegalArgumentException("the metadata has no HTTP-Redirect " + what));
    }
}
