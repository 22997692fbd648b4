package lv.pasvaldibas.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.MessagingException;
import jakarta.mail.internet.MimeMessage;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Supplier;
import lv.pasvaldibas.monitor.alert.WebhookSignature;
import lv.pasvaldibas.testsupport.ManagedProcess;
import lv.pasvaldibas.testsupport.Ports;

/**
 * Where the monitor's alerts arrive in a test: a real SMTP server (GreenMail) and a webhook receiver
 * that checks each signature, and the monitor itself as a process of its jar pointed at them.
 */
final class AlertCatchers implements AutoCloseable {

    /** The title of the shipped rule brute-force-account, which several live tests set off. */
    static final String BRUTE_FORCE = "Brute force against one account";
    static final byte[] SECRET = "webhook-secret-of-32-characters-or-more".getBytes(StandardCharsets.UTF_8);
    final int smtpPort = Ports.free();
    GreenMail smtp;
    private final HttpServer hooks;
    final List<String> hookBodies = new CopyOnWriteArrayList<>();
    final List<String> badSignatures = new CopyOnWriteArrayList<>();
    ManagedProcess monitor;
    private int monitorPort;

    AlertCatchers() throws IOException {
        startSmtp();
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/alerts", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER));
            (WebhookSignature.verify(SECRET, timestamp, body, exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER))
                    ? hookBodies : badSignatures).add(body);
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
    }

    void startSmtp() {
        smtp = new GreenMail(new ServerSetup(smtpPort, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
    }

    /** Starts the monitor on the given databases (JDBC URL, user, password each), with the shipped rules, until healthy. */
    void startMonitor(Path dir, String[] monitorDb, String[] auditReader) throws IOException {
        startMonitor(dir, monitorDb, auditReader, Map.of());
    }

    /** As above, with more settings ({@code MONITOR_*}). */
    void startMonitor(Path dir, String[] monitorDb, String[] auditReader, Map<String, String> more) throws IOException {
        monitorPort = Ports.free();
        Map<String, String> env = new HashMap<>();
        env.put("MONITOR_PORT", String.valueOf(monitorPort));
        env.put("MONITOR_DB_URL", monitorDb[0]);
        env.put("MONITOR_DB_USER", monitorDb[1]);
        env.put("MONITOR_DB_PASSWORD", monitorDb[2]);
        env.put("MONITOR_AUDIT_JDBC_URL", auditReader[0]);
        env.put("MONITOR_AUDIT_USER", auditReader[1]);
        env.put("MONITOR_AUDIT_PASSWORD", auditReader[2]);
        env.put("MONITOR_RULES", Path.of("src/main/resources/rules").toAbsolutePath().toString());
        env.put("MONITOR_POLL_MILLIS", "250");
        env.put("MONITOR_AUDIT_SPOOL", dir.resolve("audit-spool").toString());
        env.put("MONITOR_SMTP_HOST", "127.0.0.1");
        env.put("MONITOR_SMTP_PORT", String.valueOf(smtpPort));
        env.put("MONITOR_MAIL_TO", "drosiba@talsi.lv");
        env.put("MONITOR_WEBHOOK_URL", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/alerts");
        env.put("MONITOR_WEBHOOK_SECRET", new String(SECRET, StandardCharsets.UTF_8));
        env.putAll(more);
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        Files.createDirectories(dir);
        monitor = ManagedProcess.start("security monitor", List.of(java, "-Xmx256m", "-jar", System.getProperty("monitor.jar")), env, dir,
                dir.resolve("monitor.log"));
        monitor.awaitReady("healthy", Duration.ofSeconds(60), () -> healthy());
    }

    /** The monitor's address, once started. */
    String monitorUrl() {
        return "http://127.0.0.1:" + monitorPort;
    }

    private boolean healthy() {
        return health().startsWith("200 ");
    }

    /** The monitor's {@code /health}: its status code, a space, its body ("-1" when it does not answer). */
    String health() {
        try {
            HttpResponse<String> r = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitorPort + "/health"))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.ofString());
            return r.statusCode() + " " + r.body();
        } catch (IOException e) {
            return "-1";
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            return "-1";
        }
    }

    int mails() {
        return smtp.getReceivedMessages().length;
    }

    List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                subjects.add(m.getSubject());
            } catch (MessagingException e) {
                throw new UncheckedIOException(new IOException(e));
            }
        }
        return subjects;
    }

    /**
     * The e-mail subjects of one rule's alerts, found by its title, in arrival order. A test on the
     * live platform counts only the rules it is about: setting the platform up is itself audited
     * administration, which out of working hours rightly raises an alert of its own.
     */
    List<String> subjects(String ruleTitle) {
        return subjects().stream().filter(s -> s.contains(ruleTitle)).toList();
    }

    /** The webhook bodies of one rule's alerts, found by its title, in arrival order. */
    List<String> hookBodies(String ruleTitle) {
        return hookBodies.stream().filter(b -> b.contains("\"title\":\"" + ruleTitle + "\"")).toList();
    }

    /** Waits until {@code count} reaches {@code expected} (at most 20 s); returns how long that took. */
    static Duration await(Supplier<Integer> count, int expected) throws InterruptedException {
        long began = System.nanoTime();
        long deadline = began + Duration.ofSeconds(20).toNanos();
        while (count.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(count.get()).isEqualTo(expected);
        return Duration.ofNanos(System.nanoTime() - began);
    }

    @Override
    public void close() {
        if (monitor != null) {
            monitor.close();
        }
        hooks.stop(0);
        smtp.stop();
    }
}
