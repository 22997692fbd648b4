package lv.pasvaldibas.provisioning.it;

import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.KULDIGA_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.Answer;
import lv.pasvaldibas.testsupport.ProvisioningDaemon;
import lv.pasvaldibas.testsupport.TcpGate;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * A daemon started while a dependency is down, not only one that loses it midway: its own database
 * (it waits and says so, serves once the database answers, or stops with the reason) and the audit
 * database (it serves, keeps each record in its spool, and delivers them when the database returns:
 * nothing acknowledged is left unaudited). The dependency is reached through a {@link TcpGate}, so
 * the environment's own daemon keeps using it.
 */
@ExtendWith(ProvisioningEnvironment.Extension.class)
class StartupOutageIT {

    private final ProvisioningEnvironment env;

    StartupOutageIT(ProvisioningEnvironment env) {
        this.env = env;
    }

    private static String log(Path dir) throws Exception {
        Path file = dir.resolve("daemon.log");
        return Files.exists(file) ? Files.readString(file, StandardCharsets.UTF_8) : "";
    }

    private static void awaitLog(Path dir, String text) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (!log(dir).contains(text)) {
            assertThat(System.nanoTime()).as("the daemon's log says '%s'", text).isLessThan(deadline);
            Thread.sleep(200);
        }
    }

    @Test
    void aDaemonStartedBeforeItsDatabaseWaitsSayingSoAndServesOnceTheDatabaseAnswers() throws Exception {
        Path dir = env.workDir().resolve("daemon-late-db-" + UUID.randomUUID());
        try (TcpGate gate = TcpGate.to(env.postgres().port())) {
            CompletableFuture<ProvisioningDaemon> starting = CompletableFuture.supplyAsync(() -> env.daemon("prov-late-db")
                    .env("PROVISIONING_DB_URL", env.databaseUrlThrough(gate.port())).start(dir));
            awaitLog(dir, "Waiting for the database");
            assertThat(starting).isNotDone();
            gate.open();
            try (ProvisioningDaemon daemon = starting.get(90, TimeUnit.SECONDS)) {
                Answer listed = env.call(URI.create(daemon.baseUrl()), env.token(KULDIGA_OPERATOR), "GET", "/api/v1/servers", null, null, null);
                assertThat(listed.status()).as(listed.raw()).isEqualTo(200);
            }
        }
    }

    @Test
    void aDaemonWhoseDatabaseNeverAnswersStopsWithTheReason() throws Exception {
        Path dir = env.workDir().resolve("daemon-no-db-" + UUID.randomUUID());
        try (TcpGate gate = TcpGate.to(env.postgres().port())) {
            assertThatThrownBy(() -> env.daemon("prov-no-db").env("PROVISIONING_DB_URL", env.databaseUrlThrough(gate.port()))
                    .env("PROVISIONING_DB_WAIT_SECONDS", "3").start(dir))
                    .hasMessageContaining("exited with 1");
            assertThat(log(dir)).contains("The provisioning daemon could not start: its database",
                    "did not answer within 3 s");
        }
    }

    @Test
    void aDaemonStartedWithTheAuditDatabaseDownServesAndDeliversEveryRecordWhenItReturns() throws Exception {
        Path dir = env.workDir().resolve("daemon-late-audit-" + UUID.randomUUID());
        String token = env.token(KULDIGA_OPERATOR);
        try (TcpGate gate = TcpGate.to(env.postgres().port());
             ProvisioningDaemon daemon = env.daemon("prov-late-audit").env("PROVISIONING_AUDIT_JDBC_URL", env.auditJdbcUrlThrough(gate.port()))
                     .start(dir)) {
            URI base = URI.create(daemon.baseUrl());
            Answer health = env.call(base, null, "GET", "/health", null, null, null);
            assertThat(health.body().get("audit").asText()).isEqualTo("SPOOLING");

            Answer created = env.call(base, token, "POST", "/api/v1/servers", Map.of("name", "bez-audita-" + System.nanoTime() % 100_000,
                    "template", "small"), UUID.randomUUID().toString(), null);
            assertThat(created.status()).as(created.raw()).isEqualTo(202);
            String id = created.body().get("server").get("id").asText();
            assertThat(env.auditRecords("PROVISIONING_CREATE_SERVER", id)).isEmpty(); // spooled, not lost

            gate.open();
            long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
            while (env.auditRecords("PROVISIONING_CREATE_SERVER", id).isEmpty() && System.nanoTime() < deadline) {
                Thread.sleep(250);
            }
            assertThat(env.auditRecords("PROVISIONING_CREATE_SERVER", id)).singleElement()
                    .satisfies(r -> assertThat(r[0]).isEqualTo(KULDIGA_OPERATOR));
            env.finished(token, created.body().get("job").get("id").asText());
            Answer deleted = env.call(base, token, "DELETE", "/api/v1/servers/" + id, null, UUID.randomUUID().toString(), null);
            env.finished(token, deleted.body().get("job").get("id").asText());
        }
    }
}
