package lv.pasvaldibas.monitor.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.time.Duration;
import lv.pasvaldibas.monitor.observe.FederationSnapshot.ServerCertificate;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.Ports;
import lv.pasvaldibas.testsupport.Slapd;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Real directory servers (slapd with a certificate of a CA made for the run, and one without): the probe reads what LDAPS and StartTLS present. */
class CertificateProbeTest {

    private static Slapd slapd;
    /** The same directory without a certificate: plain LDAP only, so StartTLS is refused. */
    private static Slapd plainOnly;
    private static String directory;

    /** A fresh folder each run: slapd loads its data into an empty one only. */
    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        directory = DemoDirectories.directories().get(0).id();
        slapd = Slapd.builder().tls().directory(DemoDirectories.directories().get(0)).start(work.resolve("tls"));
        plainOnly = Slapd.builder().directory(DemoDirectories.directories().get(0)).start(work.resolve("plain"));
    }

    @AfterAll
    static void stop() {
        for (Slapd s : new Slapd[] {slapd, plainOnly}) {
            if (s != null) {
                s.close();
            }
        }
    }

    private static X509Certificate issued() throws Exception {
        try (InputStream in = Files.newInputStream(slapd.ca().serverCertPem())) {
            return (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
    }

    @Test
    void readsTheLdapsServersCertificateItsSubjectAndEndWithoutTrustingIt() throws Exception {
        ServerCertificate read = CertificateProbe.read(slapd.ldapsUrl(directory), Duration.ofSeconds(5));
        assertThat(read.server()).isEqualTo(slapd.ldapsUrl(directory));
        assertThat(read.notAfter()).isEqualTo(issued().getNotAfter().toInstant());
        assertThat(read.subject()).isEqualTo("CN=localhost");
    }

    @Test
    void readsTheCertificateAPlainLdapServerPresentsAfterStartTls() throws Exception {
        ServerCertificate read = CertificateProbe.read(slapd.ldapUrl(directory), Duration.ofSeconds(5));
        assertThat(read.server()).isEqualTo(slapd.ldapUrl(directory));
        assertThat(read.notAfter()).isEqualTo(issued().getNotAfter().toInstant());
        assertThat(read.subject()).isEqualTo("CN=localhost");
        // the refused handshake left the server serving: it answers the next one as the first
        assertThat(CertificateProbe.read(slapd.ldapUrl(directory), Duration.ofSeconds(5)).notAfter()).isEqualTo(read.notAfter());
    }

    @Test
    void aServerThatIsNotThereOrHasNoTlsIsAnErrorNotACertificate() {
        assertThatThrownBy(() -> CertificateProbe.read("ldaps://127.0.0.1:" + Ports.free(), Duration.ofSeconds(2))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> CertificateProbe.read("ldap://127.0.0.1:" + Ports.free(), Duration.ofSeconds(2))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> CertificateProbe.read(plainOnly.ldapUrl(directory), Duration.ofSeconds(2)))
                .isInstanceOf(IOException.class).hasMessageContaining("refuses StartTLS");
        assertThatThrownBy(() -> CertificateProbe.read("https://127.0.0.1/", Duration.ofSeconds(2))).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void onlyLdapsServersAndTheLdapServersOfAStartTlsDirectoryAreRead() {
        assertThat(CertificateProbe.presentsCertificate("ldaps://dc1.kuldiga.lv", "LDAPS")).isTrue();
        assertThat(CertificateProbe.presentsCertificate("LDAPS://dc1.kuldiga.lv:636", "")).as("a Keycloak that does not say").isTrue();
        assertThat(CertificateProbe.presentsCertificate("ldap://dc1.kuldiga.lv", "STARTTLS")).isTrue();
        assertThat(CertificateProbe.presentsCertificate("ldap://dc1.kuldiga.lv", "NONE")).isFalse();
        assertThat(CertificateProbe.presentsCertificate("ldap://dc1.kuldiga.lv", "")).isFalse();
    }
}
