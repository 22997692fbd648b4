package lv.pasvaldibas.testsupport;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * A certificate authority made for one test run with the system's {@code openssl}, and a server
 * certificate it signed for {@code localhost} and 127.0.0.1. Keys are EC P-256: quick to make.
 */
public record TestCa(Path caPem, Path serverCertPem, Path serverKeyPem) {

    public static TestCa create(Path dir, String serverName) {
        dir = dir.toAbsolutePath();
        try {
            Files.createDirectories(dir);
            Path caKey = dir.resolve("ca.key");
            Path caPem = dir.resolve("ca.pem");
            Path key = dir.resolve("server.key");
            Path csr = dir.resolve("server.csr");
            Path cert = dir.resolve("server.pem");
            Path ext = dir.resolve("server.ext");
            Files.writeString(ext, "subjectAltName=DNS:" + serverName + ",IP:127.0.0.1\n"
                    + "extendedKeyUsage=serverAuth\n");
            openssl(dir, "req", "-x509", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", caKey.toString(), "-out", caPem.toString(), "-days", "3",
                    "-subj", "/O=Pasvaldibas test/CN=Test CA " + dir.getFileName());
            openssl(dir, "req", "-newkey", "ec", "-pkeyopt", "ec_paramgen_curve:prime256v1", "-nodes",
                    "-keyout", key.toString(), "-out", csr.toString(), "-subj", "/CN=" + serverName);
            openssl(dir, "x509", "-req", "-in", csr.toString(), "-CA", caPem.toString(), "-CAkey", caKey.toString(),
                    "-CAcreateserial", "-out", cert.toString(), "-days", "3", "-extfile", ext.toString());
            return new TestCa(caPem, cert, key);
        } catch (IOException e) {
            throw new UncheckedIOException("Could not make a test CA in " + dir, e);
        }
    }

    public String caPemText() {
        try {
            return Files.readString(caPem, StandardCharsets.US_ASCII);
        } catch (IOException e) {
            throw new UncheckedIOException(e);
        }
    }

    private static void openssl(Path dir, String... args) throws IOException {
        List<String> command = new java.util.ArrayList<>(List.of("openssl"));
        command.addAll(List.of(args));
        Process p = new ProcessBuilder(command).directory(dir.toFile()).redirectErrorStream(true).start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        try {
            if (!p.waitFor(30, TimeUnit.SECONDS) || p.exitValue() != 0) {
                throw new IllegalStateException("openssl " + args[0] + " failed: " + output);
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException(e);
        }
    }
}
