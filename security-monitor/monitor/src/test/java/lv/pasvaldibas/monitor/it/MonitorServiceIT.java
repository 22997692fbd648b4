package lv.pasvaldibas.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.icegreen.greenmail.util.GreenMail;
import com.icegreen.greenmail.util.ServerSetup;
import com.sun.net.httpserver.HttpServer;
import jakarta.mail.internet.MimeMessage;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.DriverManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.AuditSchema;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.monitor.alert.WebhookSignature;
import lv.pasvaldibas.testsupport.ManagedProcess;
import lv.pasvaldibas.testsupport.Ports;
import lv.pasvaldibas.testsupport.Postgres;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * The monitor as a process (its jar) on real PostgreSQL, with records written by the real audit
 * writer, alerts delivered to a real SMTP server (GreenMail) and to a webhook that checks the
 * signature (issue 14, acceptance 3 without Keycloak in front): each attack raises exactly one alert,
 * delivered both ways within 5 s; the same events again inside the suppression window raise none; an
 * alert raised while the mail server is down arrives when it is back.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class MonitorServiceIT {

    private static final byte[] SECRET = "webhook-secret-of-32-characters-or-more".getBytes(StandardCharsets.UTF_8);
    private static final int SMTP_PORT = Ports.free();
    private static Postgres pg;
    private static Postgres.Database audit;
    private static AuditWriter writer;
    private static GreenMail smtp;
    private static HttpServer hooks;
    private static final List<String> hookBodies = new CopyOnWriteArrayList<>();
    private static final List<String> badSignatures = new CopyOnWriteArrayList<>();
    private static ManagedProcess monitor;
    private static int monitorPort;

    @BeforeAll
    static void platform() throws Exception {
        pg = Postgres.start();
        audit = pg.createDatabase("audit", "audit_owner", "owner-pw");
        pg.execute("ALTER ROLE audit_owner CREATEROLE");
        AuditSchema.migrate(audit.jdbcUrl(), audit.user(), audit.password());
        pg.execute("CREATE ROLE monitor_reader LOGIN PASSWORD 'reader-pw' IN ROLE audit_reader");
        Postgres.Database state = pg.createDatabase("monitor", "monitor", "monitor-pw");
        writer = AuditWriter.builder("keycloak/kc-1", () -> DriverManager.getConnection(audit.jdbcUrl(), audit.user(), audit.password()))
                .spool(Files.createTempDirectory("monitor-service-spool")).start();
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        hooks = HttpServer.create(new InetSocketAddress("127.0.0.1", 0), 0);
        hooks.createContext("/alerts", exchange -> {
            String body = new String(exchange.getRequestBody().readAllBytes(), StandardCharsets.UTF_8);
            long timestamp = Long.parseLong(exchange.getRequestHeaders().getFirst(WebhookSignature.TIMESTAMP_HEADER));
            if (WebhookSignature.verify(SECRET, timestamp, body, exchange.getRequestHeaders().getFirst(WebhookSignature.SIGNATURE_HEADER))) {
                hookBodies.add(body);
            } else {
                badSignatures.add(body);
            }
            exchange.sendResponseHeaders(204, -1);
            exchange.close();
        });
        hooks.start();
        monitorPort = Ports.free();
        Path dir = Files.createDirectories(Path.of("target", "it-work", "monitor-service"));
        Map<String, String> env = new HashMap<>();
        env.put("MONITOR_PORT", String.valueOf(monitorPort));
        env.put("MONITOR_DB_URL", state.jdbcUrl());
        env.put("MONITOR_DB_USER", state.user());
        env.put("MONITOR_DB_PASSWORD", state.password());
        env.put("MONITOR_AUDIT_JDBC_URL", audit.jdbcUrl());
        env.put("MONITOR_AUDIT_USER", "monitor_reader");
        env.put("MONITOR_AUDIT_PASSWORD", "reader-pw");
        env.put("MONITOR_RULES", Path.of("src/main/resources/rules").toAbsolutePath().toString());
        env.put("MONITOR_POLL_MILLIS", "250");
        env.put("MONITOR_SMTP_HOST", "127.0.0.1");
        env.put("MONITOR_SMTP_PORT", String.valueOf(SMTP_PORT));
        env.put("MONITOR_MAIL_TO", "drosiba@talsi.lv");
        env.put("MONITOR_WEBHOOK_URL", "http://127.0.0.1:" + hooks.getAddress().getPort() + "/alerts");
        env.put("MONITOR_WEBHOOK_SECRET", new String(SECRET, StandardCharsets.UTF_8));
        String java = Path.of(System.getProperty("java.home"), "bin", "java").toString();
        monitor = ManagedProcess.start("security monitor", List.of(java, "-Xmx256m", "-jar", System.getProperty("monitor.jar")), env, dir,
                dir.resolve("monitor.log"));
        monitor.awaitReady("healthy", Duration.ofSeconds(60), () -> status("/health") == 200);
    }

    @AfterAll
    static void stop() {
        if (monitor != null) {
            monitor.close();
        }
        if (hooks != null) {
            hooks.stop(0);
        }
        if (smtp != null) {
            smtp.stop();
        }
        if (writer != null) {
            writer.close();
        }
        if (pg != null) {
            pg.close();
        }
    }

    private static int status(String path) {
        try {
            return HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + monitorPort + path))
                    .timeout(Duration.ofSeconds(2)).build(), HttpResponse.BodyHandlers.discarding()).statusCode();
        } catch (Exception e) {
            return -1;
        }
    }

    private static void write(List<AuditEvent> events) throws Exception {
        List<CompletableFuture<Void>> written = new ArrayList<>();
        events.forEach(e -> written.add(writer.write(e)));
        for (CompletableFuture<Void> w : written) {
            w.get(30, TimeUnit.SECONDS);
        }
    }

    private static AuditEvent refused(Instant at, String user, String directory, String ip, String error) {
        return new AuditEvent(at, "LOGIN_ERROR", error.equals("user_disabled") ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.FAILURE,
                new AuditEvent.Actor(null, user, directory, directory), "vpvkac-app", ip, null, "user", null,
                Map.of("realm", "pasvaldibas", "error", error));
    }

    /** Waits until {@code count} reaches {@code expected}; returns how long that took. */
    private static Duration await(Supplier<Integer> count, int expected) throws InterruptedException {
        long began = System.nanoTime();
        long deadline = began + Duration.ofSeconds(20).toNanos();
        while (count.get() < expected && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(count.get()).isEqualTo(expected);
        return Duration.ofNanos(System.nanoTime() - began);
    }

    private static List<String> subjects() {
        List<String> subjects = new ArrayList<>();
        for (MimeMessage m : smtp.getReceivedMessages()) {
            try {
                subjects.add(m.getSubject());
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        }
        return subjects;
    }

    @Test
    @Order(1)
    void twentyWrongPasswordsOnOneAccountRaiseOneAlertByMailAndWebhookWithinFiveSeconds() throws Exception {
        Instant t = Instant.now();
        List<AuditEvent> attack = new ArrayList<>();
        for (int i = 0; i < 20; i++) {
            attack.add(refused(t.plusMillis(i * 100L), "anna.bērziņa@talsi.lv", "talsi", "198.51.100.23",
                    i < 10 ? "invalid_user_credentials" : "user_temporarily_disabled"));
        }
        write(attack);
        Duration byMail = await(() -> smtp.getReceivedMessages().length, 1);
        Duration byHook = await(hookBodies::size, 1);
        assertThat(byMail).isLessThan(Duration.ofSeconds(5));
        assertThat(byHook).isLessThan(Duration.ofSeconds(5));
        assertThat(subjects().get(0)).contains("Brute force against one account", "anna.bērziņa@talsi.lv");
        assertThat(hookBodies.get(0)).contains("\"actor.username\":\"anna.bērziņa@talsi.lv\"", "\"municipality\":\"talsi\"");
        assertThat(badSignatures).isEmpty();

        // the same attack again within the suppression window: no new alert
        write(attack.stream().map(e -> refused(e.time().plusSeconds(30), "anna.bērziņa@talsi.lv", "talsi", "198.51.100.23",
                String.valueOf(e.details().get("error")))).toList());
        Thread.sleep(3000);
        assertThat(smtp.getReceivedMessages()).hasSize(1);
        assertThat(hookBodies).hasSize(1);
    }

    @Test
    @Order(2)
    void onePasswordOnThirtyAccountsOfThreeDirectoriesRaisesOneAlertAndADisabledAccountOne() throws Exception {
        int mails = smtp.getReceivedMessages().length;
        Instant t = Instant.now();
        List<AuditEvent> spraying = new ArrayList<>();
        String[] names = {"ilze.ozoliņa", "māris.liepiņš", "zane.jansone", "ģirts.zariņš", "dace.zariņa", "ieva.ķeniņa", "kārlis.liepiņš",
            "gunta.ģērmane", "rihards.ūdris", "santa.skujiņa"};
        for (String directory : List.of("kuldiga", "talsi", "ventspils")) {
            for (String name : names) {
                spraying.add(refused(t.plusMillis(spraying.size() * 50L), name + "@" + directory + ".lv", directory, "203.0.113.77",
                        "invalid_user_credentials"));
            }
        }
        write(spraying);
        await(() -> smtp.getReceivedMessages().length, mails + 1);
        assertThat(subjects().get(mails)).contains("Password spraying from one address", "203.0.113.77");

        write(List.of(refused(Instant.now(), "andris.kalniņš@kuldiga.lv", "kuldiga", "192.0.2.44", "user_disabled")));
        await(() -> smtp.getReceivedMessages().length, mails + 2);
        assertThat(subjects().get(mails + 1)).contains("disabled", "andris.kalniņš@kuldiga.lv");
        Thread.sleep(1000);
        assertThat(smtp.getReceivedMessages()).hasSize(mails + 2);
    }

    @Test
    @Order(3)
    void anAlertRaisedWhileTheMailServerIsDownArrivesWhenItIsBack() throws Exception {
        smtp.stop();
        int hooksBefore = hookBodies.size();
        write(List.of(refused(Instant.now(), "laura.vītola@kuldiga.lv", "kuldiga", "192.0.2.45", "user_disabled")));
        await(hookBodies::size, hooksBefore + 1); // the webhook does not wait for the mail
        Thread.sleep(1500);
        smtp = new GreenMail(new ServerSetup(SMTP_PORT, "127.0.0.1", ServerSetup.PROTOCOL_SMTP));
        smtp.start();
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        while (smtp.getReceivedMessages().length == 0 && System.nanoTime() < deadline) {
            Thread.sleep(100);
        }
        assertThat(subjects()).singleElement().asString().contains("laura.vītola@kuldiga.lv");
        assertThat(monitor.logTail(200)).contains("not delivered by mail");
    }
}
