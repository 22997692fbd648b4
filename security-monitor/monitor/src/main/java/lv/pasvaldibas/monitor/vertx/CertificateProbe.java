package lv.pasvaldibas.monitor.vertx;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.util.Hashtable;
import java.util.Locale;
import javax.naming.Context;
import javax.naming.NamingException;
import javax.naming.ldap.InitialLdapContext;
import javax.naming.ldap.LdapContext;
import javax.naming.ldap.StartTlsRequest;
import javax.naming.ldap.StartTlsResponse;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.SSLSocketFactory;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import lv.pasvaldibas.monitor.observe.FederationSnapshot.ServerCertificate;

/**
 * Reads the certificate a directory server presents, with the JDK only (decisions 106, 109): an
 * {@code ldaps://} server's in the TLS handshake it begins with, an {@code ldap://} server's in the
 * handshake after the StartTLS extended operation (JNDI's {@link StartTlsRequest}, so no LDAP encoding
 * is written here). The monitor does not hold the directories' trust anchors and does not need them:
 * it takes the certificate out of the handshake and then refuses the handshake itself, so no TLS
 * connection is ever established and nothing is bound or read. Blocking: run it on a worker thread.
 */
final class CertificateProbe {

    private static final String STARTTLS = "STARTTLS";

    private CertificateProbe() {
    }

    /**
     * Whether a server of a directory with this transport protection ({@code NONE}, {@code LDAPS} or
     * {@code STARTTLS}, as Keycloak's directory list says) presents a certificate to read: every
     * {@code ldaps://} server, and the {@code ldap://} servers of a StartTLS directory.
     */
    static boolean presentsCertificate(String server, String tls) {
        return server.regionMatches(true, 0, "ldaps://", 0, 8)
                || STARTTLS.equals(tls) && server.regionMatches(true, 0, "ldap://", 0, 7);
    }

    /** The server's own (leaf) certificate; throws when the server cannot be reached, refuses StartTLS or presents none. */
    static ServerCertificate read(String serverUrl, Duration timeout) throws IOException {
        URI uri = URI.create(serverUrl);
        String scheme = uri.getScheme() == null ? "" : uri.getScheme().toLowerCase(Locale.ROOT);
        if (!scheme.equals("ldaps") && !scheme.equals("ldap") || uri.getHost() == null) {
            throw new IllegalArgumentException("not an ldap or ldaps URL: " + serverUrl);
        }
        Capture capture = new Capture();
        SSLContext tls;
        try {
            tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {capture}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
        int millis = (int) timeout.toMillis();
        try {
            if (scheme.equals("ldaps")) {
                handshake(uri, tls.getSocketFactory(), millis);
            } else {
                handshakeAfterStartTls(serverUrl, tls.getSocketFactory(), millis);
            }
        } catch (SSLException refusedByUs) {
            if (capture.leaf == null) {
                throw refusedByUs;
            }
        }
        if (capture.leaf == null) {
            throw new SSLException("no certificate from " + serverUrl);
        }
        return new ServerCertificate(serverUrl, capture.leaf.getSubjectX500Principal().getName(), capture.leaf.getNotAfter().toInstant());
    }

    private static void handshake(URI uri, SSLSocketFactory tls, int millis) throws IOException {
        int port = uri.getPort() < 0 ? 636 : uri.getPort();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(uri.getHost(), port), millis);
            raw.setSoTimeout(millis);
            // layered over the connected socket with the host name, so that the server sees the name (SNI) it is asked by
            try (SSLSocket socket = (SSLSocket) tls.createSocket(raw, uri.getHost(), port, true)) {
                socket.startHandshake();
            }
        }
    }

    private static void handshakeAfterStartTls(String ldapUrl, SSLSocketFactory tls, int millis) throws IOException {
        Hashtable<String, Object> env = new Hashtable<>();
        env.put(Context.INITIAL_CONTEXT_FACTORY, "com.sun.jndi.ldap.LdapCtxFactory");
        env.put(Context.PROVIDER_URL, ldapUrl);
        env.put(Context.SECURITY_AUTHENTICATION, "none");
        env.put("com.sun.jndi.ldap.connect.timeout", String.valueOf(millis));
        env.put("com.sun.jndi.ldap.read.timeout", String.valueOf(millis));
        LdapContext ldap;
        try {
            ldap = new InitialLdapContext(env, null);
        } catch (NamingException e) {
            throw new IOException(ldapUrl + " cannot be reached: " + e.getMessage(), e);
        }
        try {
            StartTlsResponse started;
            try {
                started = (StartTlsResponse) ldap.extendedOperation(new StartTlsRequest());
            } catch (NamingException e) {
                throw new IOException(ldapUrl + " refuses StartTLS: " + e.getMessage(), e);
            }
            started.negotiate(tls);
        } finally {
            try {
                ldap.close();
            } catch (NamingException ignored) {
                // the connection is dropped either way
            }
        }
    }

    /** Keeps the server's certificate and refuses to trust it: the handshake ends there. */
    private static final class Capture extends X509ExtendedTrustManager {
        volatile X509Certificate leaf;

        private void keep(X509Certificate[] chain) throws CertificateException {
            if (chain != null && chain.length > 0) {
                leaf = chain[0];
            }
            throw new CertificateException("read only: the monitor reads the certificate and does not connect");
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            keep(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            keep(chain);
        }

        @Override
        public void checkServerTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            keep(chain);
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, Socket socket) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType, SSLEngine engine) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public void checkClientTrusted(X509Certificate[] chain, String authType) throws CertificateException {
            throw new CertificateException("not a server");
        }

        @Override
        public X509Certificate[] getAcceptedIssuers() {
            return new X509Certificate[0];
        }
    }
}
