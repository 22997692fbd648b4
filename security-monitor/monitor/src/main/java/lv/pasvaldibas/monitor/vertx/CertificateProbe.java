package lv.pasvaldibas.monitor.vertx;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.net.URI;
import java.security.GeneralSecurityException;
import java.security.cert.CertificateException;
import java.security.cert.X509Certificate;
import java.time.Duration;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLSocket;
import javax.net.ssl.TrustManager;
import javax.net.ssl.X509ExtendedTrustManager;
import lv.pasvaldibas.monitor.observe.FederationSnapshot.ServerCertificate;

/**
 * Reads the certificate an LDAPS server presents, with the JDK only (decision 106). The monitor does
 * not hold the directories' trust anchors and does not need them: it takes the certificate out of the
 * handshake and then refuses the handshake itself, so no connection is ever established and nothing
 * but a TLS hello and an alert is sent. Blocking: run it on a worker thread.
 */
final class CertificateProbe {

    private CertificateProbe() {
    }

    /** The server's own (leaf) certificate; throws when the server cannot be reached or presents none. */
    static ServerCertificate read(String ldapsUrl, Duration timeout) throws IOException {
        URI uri = URI.create(ldapsUrl);
        if (!"ldaps".equalsIgnoreCase(uri.getScheme()) || uri.getHost() == null) {
            throw new IllegalArgumentException("not an ldaps URL: " + ldapsUrl);
        }
        int port = uri.getPort() < 0 ? 636 : uri.getPort();
        Capture capture = new Capture();
        SSLContext tls;
        try {
            tls = SSLContext.getInstance("TLS");
            tls.init(null, new TrustManager[] {capture}, null);
        } catch (GeneralSecurityException e) {
            throw new IllegalStateException("the JDK offers no TLS", e);
        }
        int millis = (int) timeout.toMillis();
        try (Socket raw = new Socket()) {
            raw.connect(new InetSocketAddress(uri.getHost(), port), millis);
            raw.setSoTimeout(millis);
            // layered over the connected socket with the host name, so that the server sees the name (SNI) it is asked by
            try (SSLSocket socket = (SSLSocket) tls.getSocketFactory().createSocket(raw, uri.getHost(), port, true)) {
                socket.startHandshake();
            } catch (SSLException refusedByUs) {
                if (capture.leaf == null) {
                    throw refusedByUs;
                }
            }
        }
        if (capture.leaf == null) {
            throw new SSLException("no certificate from " + ldapsUrl);
        }
        return new ServerCertificate(ldapsUrl, capture.leaf.getSubjectX500Principal().getName(), capture.leaf.getNotAfter().toInstant());
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
