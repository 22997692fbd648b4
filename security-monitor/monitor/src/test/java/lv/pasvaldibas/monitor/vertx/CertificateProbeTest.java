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

/** A real LDAPS server (slapd with a certificate of a CA made for the run): the probe reads what it presents. */
class CertificateProbeTest {

    private static Slapd slapd;
    private static String directory;

    /** A fresh folder each run: slapd loads its data into an empty one only. */
    @TempDir
    static Path work;

    @BeforeAll
    static void start() {
        directory = DemoDirectories.directories().get(0).id();
        slapd = Slapd.builder().tls().directory(DemoDirectories.directories().get(0)).start(work);
    }

    @AfterAll
    static void stop() {
        if (slapd != null) {
            slapd.close();
        }
    }

    @Test
    void readsTheServersCertificateItsSubjectAndEndWithoutTrustingIt() throws Exception {
        X509Certificate issued;
        try (InputStream in = Files.newInputStream(slapd.ca().serverCertPem())) {
            issued = (X509Certificate) CertificateFactory.getInstance("X.509").generateCertificate(in);
        }
        ServerCertificate read = CertificateProbe.read(slapd.ldapsUrl(directory), Duration.ofSeconds(5));
        assertThat(read.server()).isEqualTo(slapd.ldapsUrl(directory));
        assertThat(read.notAfter()).isEqualTo(issued.getNotAfter().toInstant());
        assertThat(read.subject()).isEqualTo("CN=localhost");
    }

    @Test
    void aServerThatIsNotThereIsAnErrorNotACertificate() {
        assertThatThrownBy(() -> CertificateProbe.read("ldaps://127.0.0.1:" + Ports.free(), Duration.ofSeconds(2))).isInstanceOf(IOException.class);
        assertThatThrownBy(() -> CertificateProbe.read(slapd.ldapUrl(directory), Duration.ofSeconds(2))).isInstanceOf(IllegalArgumentException.class);
    }
}
