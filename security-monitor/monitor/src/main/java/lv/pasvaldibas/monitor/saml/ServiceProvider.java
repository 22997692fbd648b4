package lv.pasvaldibas.monitor.saml;

import java.io.ByteArrayOutputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.zip.Deflater;
import lv.pasvaldibas.monitor.signin.SignInRefusal;
import lv.pasvaldibas.monitor.signin.SignInRefused;
import lv.pasvaldibas.monitor.signin.ValidityWindow;
import org.opensaml.core.xml.XMLObject;
import org.opensaml.core.xml.schema.XSAny;
import org.opensaml.core.xml.schema.XSString;
import org.opensaml.saml.common.SignableSAMLObject;
import org.opensaml.saml.common.xml.SAMLConstants;
import org.opensaml.saml.saml2.core.Assertion;
import org.opensaml.saml.saml2.core.Attribute;
import org.opensaml.saml.saml2.core.AttributeStatement;
import org.opensaml.saml.saml2.core.Audience;
import org.opensaml.saml.saml2.core.AudienceRestriction;
import org.opensaml.saml.saml2.core.AuthnRequest;
import org.opensaml.saml.saml2.core.AuthnStatement;
import org.opensaml.saml.saml2.core.Conditions;
import org.opensaml.saml.saml2.core.Issuer;
import org.opensaml.saml.saml2.core.LogoutRequest;
import org.opensaml.saml.saml2.core.LogoutResponse;
import org.opensaml.saml.saml2.core.NameID;
import org.opensaml.saml.saml2.core.Response;
import org.opensaml.saml.saml2.core.SessionIndex;
import org.opensaml.saml.saml2.core.Status;
import org.opensaml.saml.saml2.core.StatusCode;
import org.opensaml.saml.saml2.core.SubjectConfirmation;
import org.opensaml.saml.saml2.core.SubjectConfirmationData;
import org.opensaml.saml.security.impl.SAMLSignatureProfileValidator;
import org.opensaml.security.x509.BasicX509Credential;
import org.opensaml.xmlsec.signature.Signature;
import org.opensaml.xmlsec.signature.support.SignatureConstants;
import org.opensaml.xmlsec.signature.support.SignatureException;
import org.opensaml.xmlsec.signature.support.SignatureValidator;

/**
 * The monitor as a SAML 2.0 service provider (decision 108). It sends signed AuthnRequests and
 * LogoutRequests over HTTP-Redirect and reads what the identity provider posts back. A response counts
 * only when every check passes, in this order: no DOCTYPE; exactly one assertion in the whole document
 * and none encrypted (so the assertion read is the one whose signature was checked: no signature
 * wrapping); Destination; Issuer; the response's and the assertion's signatures, each covering its own
 * element, by a key from the identity provider's metadata; success status; audience; validity
 * window; bearer confirmation for this ACS; InResponseTo. Whether the request id is one this service
 * provider sent, and whether the assertion was seen before, the caller checks against its stores, as
 * those outlive one process.
 */
public final class ServiceProvider {

    /** A SAML message larger than this is refused before it is decoded. */
    public static final int MAX_MESSAGE_CHARS = 256 * 1024;
    private static final String BEARER = "urn:oasis:names:tc:SAML:2.0:cm:bearer";
    private static final Set<String> SIGNATURE_ALGORITHMS = Set.of(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256,
            SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA384, SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA512,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA256, SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA384,
            SignatureConstants.ALGO_ID_SIGNATURE_ECDSA_SHA512);

    /**
     * @param entityId our entity id (Keycloak: the client id)
     * @param acsUrl   where responses are posted
     * @param sloUrl   where logout requests and responses are posted
     * @param skew     how far the identity provider's clock may be from ours
     */
    public record Settings(String entityId, String acsUrl, String sloUrl, PrivateKey key, X509Certificate certificate, Duration skew) {
    }

    /** A response that passed every check this class makes; still to check: {@code inResponseTo} and {@code assertionId}. */
    public record VerifiedSignIn(String assertionId, String inResponseTo, Instant expires, String nameId, String nameIdFormat,
                                 String sessionIndex, Map<String, List<String>> attributes) {
    }

    /** A logout message from the identity provider: a request to end sessions, or the answer to ours. */
    public record IdpLogout(boolean request, String id, String inResponseTo, String nameId, List<String> sessionIndexes) {
    }

    private final Settings settings;

    public ServiceProvider(Settings settings) {
        this.settings = settings;
        ValidityWindow.requireSkew(settings.skew());
    }

    public Settings settings() {
        return settings;
    }

    /** Where to send the browser to sign in: the identity provider's address with a signed AuthnRequest {@code id}. */
    public String signOnRedirect(IdentityProvider idp, String id, Instant now) {
        AuthnRequest request = OpenSaml.build(AuthnRequest.DEFAULT_ELEMENT_NAME);
        request.setID(id);
        request.setIssueInstant(now);
        request.setDestination(idp.signOnUrl());
        request.setAssertionConsumerServiceURL(settings.acsUrl());
        request.setProtocolBinding(SAMLConstants.SAML2_POST_BINDING_URI);
        request.setIssuer(issuer());
        return redirect(idp.signOnUrl(), "SAMLRequest", OpenSaml.write(request));
    }

    /** Where to send the browser to end the identity provider's session too (single logout). */
    public String logoutRedirect(IdentityProvider idp, String id, Instant now, String nameId, String nameIdFormat, String sessionIndex) {
        LogoutRequest request = OpenSaml.build(LogoutRequest.DEFAULT_ELEMENT_NAME);
        request.setID(id);
        request.setIssueInstant(now);
        request.setDestination(idp.logoutUrl());
        request.setIssuer(issuer());
        NameID name = OpenSaml.build(NameID.DEFAULT_ELEMENT_NAME);
        name.setValue(nameId);
        name.setFormat(nameIdFormat);
        request.setNameID(name);
        if (sessionIndex != null) {
            SessionIndex index = OpenSaml.build(SessionIndex.DEFAULT_ELEMENT_NAME);
            index.setValue(sessionIndex);
            request.getSessionIndexes().add(index);
        }
        return redirect(idp.logoutUrl(), "SAMLRequest", OpenSaml.write(request));
    }

    /** The answer to the identity provider's logout request, sent back through the browser. */
    public String logoutResponseRedirect(IdentityProvider idp, String id, String inResponseTo, Instant now) {
        LogoutResponse response = OpenSaml.build(LogoutResponse.DEFAULT_ELEMENT_NAME);
        response.setID(id);
        response.setInResponseTo(inResponseTo);
        response.setIssueInstant(now);
        response.setDestination(idp.logoutUrl());
        response.setIssuer(issuer());
        Status status = OpenSaml.build(Status.DEFAULT_ELEMENT_NAME);
        StatusCode code = OpenSaml.build(StatusCode.DEFAULT_ELEMENT_NAME);
        code.setValue(StatusCode.SUCCESS);
        status.setStatusCode(code);
        response.setStatus(status);
        return redirect(idp.logoutUrl(), "SAMLResponse", OpenSaml.write(response));
    }

    /** Checks a posted {@code SAMLResponse} (base64) as the class comment says. */
    public VerifiedSignIn readResponse(String posted, IdentityProvider idp, Instant now) throws SignInRefused {
        XMLObject read = read(posted);
        if (!(read instanceof Response response)) {
            throw new SignInRefused(SignInRefusal.MALFORMED, "not a Response but " + read.getElementQName().getLocalPart());
        }
        int assertions = response.getDOM().getElementsByTagNameNS(SAMLConstants.SAML20_NS, "Assertion").getLength();
        int encrypted = response.getDOM().getElementsByTagNameNS(SAMLConstants.SAML20_NS, "EncryptedAssertion").getLength();
        if (assertions != 1 || encrypted != 0 || response.getAssertions().size() != 1) {
            throw new SignInRefused(SignInRefusal.SIGNATURE_WRAPPING, assertions + " assertion elements, " + encrypted + " encrypted, "
                    + response.getAssertions().size() + " directly in the response");
        }
        destination(response.getDestination(), settings.acsUrl());
        issuer(response.getIssuer(), idp, "response", false);
        verifySignature(response, idp, "the response");
        if (response.getStatus() == null || response.getStatus().getStatusCode() == null
                || !StatusCode.SUCCESS.equals(response.getStatus().getStatusCode().getValue())) {
            throw new SignInRefused(SignInRefusal.NOT_SUCCESS, "status " + (response.getStatus() == null || response.getStatus().getStatusCode() == null
                    ? "missing" : response.getStatus().getStatusCode().getValue()));
        }
        Assertion assertion = response.getAssertions().get(0);
        issuer(assertion.getIssuer(), idp, "assertion", true);
        verifySignature(assertion, idp, "the assertion");
        Conditions conditions = assertion.getConditions();
        if (conditions == null) {
            throw new SignInRefused(SignInRefusal.EXPIRED, "the assertion has no conditions");
        }
        audience(conditions);
        ValidityWindow.check(conditions.getNotBefore(), conditions.getNotOnOrAfter(), now, settings.skew());
        if (assertion.getSubject() == null || assertion.getSubject().getNameID() == null || assertion.getSubject().getNameID().getValue() == null) {
            throw new SignInRefused(SignInRefusal.MALFORMED, "the assertion names no subject");
        }
        if (response.getInResponseTo() == null) {
            throw new SignInRefused(SignInRefusal.UNSOLICITED, "the response answers no request");
        }
        bearer(assertion, response.getInResponseTo(), now);
        NameID name = assertion.getSubject().getNameID();
        String sessionIndex = assertion.getAuthnStatements().stream().map(AuthnStatement::getSessionIndex).filter(s -> s != null).findFirst().orElse(null);
        return new VerifiedSignIn(assertion.getID(), response.getInResponseTo(), conditions.getNotOnOrAfter(), name.getValue(), name.getFormat(),
                sessionIndex, attributes(assertion));
    }

    /** Checks a posted logout request or response from the identity provider: signed, from it, to us. */
    public IdpLogout readLogout(String posted, IdentityProvider idp, Instant now) throws SignInRefused {
        XMLObject read = read(posted);
        if (read instanceof LogoutRequest request) {
            destination(request.getDestination(), settings.sloUrl());
            issuer(request.getIssuer(), idp, "logout request", true);
            verifySignature(request, idp, "the logout request");
            if (request.getNotOnOrAfter() != null) {
                ValidityWindow.check(null, request.getNotOnOrAfter(), now, settings.skew());
            }
            if (request.getNameID() == null || request.getNameID().getValue() == null) {
                throw new SignInRefused(SignInRefusal.MALFORMED, "the logout request names nobody");
            }
            return new IdpLogout(true, request.getID(), null, request.getNameID().getValue(),
                    request.getSessionIndexes().stream().map(SessionIndex::getValue).toList());
        }
        if (read instanceof LogoutResponse response) {
            destination(response.getDestination(), settings.sloUrl());
            issuer(response.getIssuer(), idp, "logout response", true);
            verifySignature(response, idp, "the logout response");
            return new IdpLogout(false, response.getID(), response.getInResponseTo(), null, List.of());
        }
        throw new SignInRefused(SignInRefusal.MALFORMED, "not a logout message but " + read.getElementQName().getLocalPart());
    }

    private XMLObject read(String posted) throws SignInRefused {
        if (posted == null || posted.isEmpty() || posted.length() > MAX_MESSAGE_CHARS) {
            throw new SignInRefused(SignInRefusal.MALFORMED, "no message, or over " + MAX_MESSAGE_CHARS + " characters");
        }
        byte[] xml;
        try {
            xml = Base64.getMimeDecoder().decode(posted);
        } catch (IllegalArgumentException e) {
            throw new SignInRefused(SignInRefusal.MALFORMED, "not base64");
        }
        // said before parsing, so the refusal names the attack; the parser refuses DOCTYPEs as well
        String text = new String(xml, StandardCharsets.UTF_8).toUpperCase(Locale.ROOT);
        if (text.contains("<!DOCTYPE") || text.contains("<!ENTITY")) {
            throw new SignInRefused(SignInRefusal.DOCTYPE, "the message declares a DOCTYPE or entity");
        }
        try {
            return OpenSaml.read(xml);
        } catch (Exception e) {
            throw new SignInRefused(SignInRefusal.MALFORMED, "not a SAML message: " + e.getMessage());
        }
    }

    private static void destination(String destination, String expected) throws SignInRefused {
        if (!expected.equals(destination)) {
            throw new SignInRefused(SignInRefusal.WRONG_DESTINATION, "addressed to " + destination);
        }
    }

    private static void issuer(Issuer issuer, IdentityProvider idp, String what, boolean required) throws SignInRefused {
        if (issuer == null && !required) {
            return; // SAML lets a signed response leave its issuer out; the assertion's is required
        }
        if (issuer == null || !idp.entityId().equals(issuer.getValue())) {
            throw new SignInRefused(SignInRefusal.WRONG_ISSUER, "the " + what + " is issued by " + (issuer == null ? "nobody" : issuer.getValue()));
        }
    }

    /** The signature must exist, cover exactly this element (the SAML profile), use a strong algorithm and verify with a metadata key. */
    private static void verifySignature(SignableSAMLObject signed, IdentityProvider idp, String what) throws SignInRefused {
        Signature signature = signed.getSignature();
        if (signature == null) {
            throw new SignInRefused(SignInRefusal.UNSIGNED, what + " carries no signature");
        }
        try {
            new SAMLSignatureProfileValidator().validate(signature);
        } catch (SignatureException e) {
            throw new SignInRefused(SignInRefusal.SIGNATURE_WRAPPING, what + "'s signature does not cover it: " + e.getMessage());
        }
        if (!SIGNATURE_ALGORITHMS.contains(signature.getSignatureAlgorithm())) {
            throw new SignInRefused(SignInRefusal.BAD_SIGNATURE, what + " is signed with " + signature.getSignatureAlgorithm());
        }
        for (X509Certificate certificate : idp.signingCertificates()) {
            try {
                SignatureValidator.validate(signature, new BasicX509Credential(certificate));
                return;
            } catch (SignatureException notThisKey) {
                // the metadata may list a new key beside the old one: try the next
            }
        }
        throw new SignInRefused(SignInRefusal.BAD_SIGNATURE, what + " is not signed by a key of " + idp.entityId());
    }

    /** Every audience restriction must name us (SAML core §2.5.1.4: each restriction is a condition of its own). */
    private void audience(Conditions conditions) throws SignInRefused {
        if (conditions.getAudienceRestrictions().isEmpty()) {
            throw new SignInRefused(SignInRefusal.WRONG_AUDIENCE, "the assertion is for any audience");
        }
        for (AudienceRestriction restriction : conditions.getAudienceRestrictions()) {
            if (restriction.getAudiences().stream().map(Audience::getURI).noneMatch(settings.entityId()::equals)) {
                throw new SignInRefused(SignInRefusal.WRONG_AUDIENCE, "the assertion is for "
                        + restriction.getAudiences().stream().map(Audience::getURI).toList());
            }
        }
    }

    /** A bearer confirmation for our ACS, still valid, answering the same request as the response. */
    private void bearer(Assertion assertion, String inResponseTo, Instant now) throws SignInRefused {
        SignInRefused last = new SignInRefused(SignInRefusal.MALFORMED, "no bearer subject confirmation");
        for (SubjectConfirmation confirmation : assertion.getSubject().getSubjectConfirmations()) {
            SubjectConfirmationData data = confirmation.getSubjectConfirmationData();
            if (!BEARER.equals(confirmation.getMethod()) || data == null) {
                continue;
            }
            try {
                destination(data.getRecipient(), settings.acsUrl());
                ValidityWindow.check(data.getNotBefore(), data.getNotOnOrAfter(), now, settings.skew());
                if (!inResponseTo.equals(data.getInResponseTo())) {
                    throw new SignInRefused(SignInRefusal.UNSOLICITED, "the confirmation answers another request");
                }
                return;
            } catch (SignInRefused e) {
                last = e;
            }
        }
        throw last;
    }

    private static Map<String, List<String>> attributes(Assertion assertion) {
        Map<String, List<String>> attributes = new LinkedHashMap<>();
        for (AttributeStatement statement : assertion.getAttributeStatements()) {
            for (Attribute attribute : statement.getAttributes()) {
                List<String> values = attributes.computeIfAbsent(attribute.getName(), n -> new ArrayList<>());
                for (XMLObject value : attribute.getAttributeValues()) {
                    String text = value instanceof XSString s ? s.getValue()
                            : value instanceof XSAny any ? any.getTextContent()
                            : value.getDOM() != null ? value.getDOM().getTextContent() : null;
                    if (text != null) {
                        values.add(text);
                    }
                }
            }
        }
        return attributes;
    }

    private Issuer issuer() {
        Issuer issuer = OpenSaml.build(Issuer.DEFAULT_ELEMENT_NAME);
        issuer.setValue(settings.entityId());
        return issuer;
    }

    /** The HTTP-Redirect binding (SAML bindings §3.4): deflated, base64, and the query string signed with our key. */
    private String redirect(String location, String parameter, String xml) {
        Deflater deflater = new Deflater(Deflater.DEFLATED, true);
        deflater.setInput(xml.getBytes(StandardCharsets.UTF_8));
        deflater.finish();
        ByteArrayOutputStream deflated = new ByteArrayOutputStream();
        byte[] buffer = new byte[4096];
        while (!deflater.finished()) {
            deflated.write(buffer, 0, deflater.deflate(buffer));
        }
        deflater.end();
        String query = parameter + "=" + url(Base64.getEncoder().encodeToString(deflated.toByteArray()))
                + "&SigAlg=" + url(SignatureConstants.ALGO_ID_SIGNATURE_RSA_SHA256);
        try {
            java.security.Signature signer = java.security.Signature.getInstance("SHA256withRSA");
            signer.initSign(settings.key());
            signer.update(query.getBytes(StandardCharsets.US_ASCII));
            query += "&Signature=" + url(Base64.getEncoder().encodeToString(signer.sign()));
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the service provider's key cannot sign: " + e.getMessage(), e);
        }
        return location + (location.contains("?") ? "&" : "?") + query;
    }

    private static String url(String value) {
        return URLEncoder.encode(value, StandardCharsets.UTF_8);
    }
}
