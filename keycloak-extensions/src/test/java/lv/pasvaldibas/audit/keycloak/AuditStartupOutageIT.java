package lv.pasvaldibas.audit.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.sql.Connection;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditDatabase;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 2 of issue 10 (attack 4): Keycloak started while the audit database refuses its
 * writer's login. No sign-in is answered 200 without its record: in spool mode every answered
 * sign-in reaches the log exactly once when the login is allowed again, also across a restart that
 * left a torn line at the end of the spool, and the chain verifies; in fail-closed mode none is
 * answered 200. Keycloak is left running with its usual options, as the other classes expect.
 */
@ExtendWith(FederationEnvironment.Extension.class)
class AuditStartupOutageIT {

    private static final List<String> USERS = List.of("girts.zarins@kuldiga.lv", "valdis.jansons@kuldiga.lv",
            "uldis.vitols@kuldiga.lv", "edgars.smits@kuldiga.lv", "gatis.lavins@kuldiga.lv", "arnis.lusis@kuldiga.lv");
    private static final String FAIL_CLOSED = "--spi-events-listener--municipal-audit--fail-closed=true";
    private static final String WRITER = "audit_keycloak";

    private final FederationEnvironment env;

    AuditStartupOutageIT(FederationEnvironment env) {
        this.env = env;
    }

    @AfterEach
    void restoreTheWriterAndKeycloak() {
        env.auditPostgres().execute("ALTER ROLE " + WRITER + " LOGIN");
        env.keycloak().stop();
        env.keycloak().start(List.of());
    }

    /** The writer's login is refused: what an operator's wrong password or a disabled role does. */
    private void refuseTheWritersLogin() {
        env.auditPostgres().execute("ALTER ROLE " + WRITER + " NOLOGIN");
    }

    /** FederationEnvironment puts the spool beside Keycloak's work folder: {@code <env>/audit-spool}. */
    private Path spoolFile() {
        Path keycloakWorkDir = env.keycloak().logFile().getParent();
        return keycloakWorkDir.getParent().resolve("audit-spool").resolve(FederationEnvironment.AUDIT_STREAM.replace('/', '_') + ".spool");
    }

    /** Signs in {@code n} times, round robin over the users; the session ids of the answers that were 200. */
    private List<String> signIns(int n, List<Integer> otherStatuses) {
        List<String> succeeded = new ArrayList<>();
        for (int i = 0; i < n; i++) {
            KeycloakClient.Response r = env.signIn(USERS.get(i % USERS.size()), DemoDirectories.DEMO_PASSWORD);
            if (r.status() == 200) {
                succeeded.add(KeycloakClient.claims(r.body().get("access_token").asText()).get("sid").asText());
            } else {
                otherStatuses.add(r.status());
            }
        }
        return succeeded;
    }

    private void assertEachHasExactlyOneRecord(List<String> sessions) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        Map<String, Integer> records = new AuditRecords(env).loginRecords(sessions);
        while (records.size() < sessions.size() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            records = new AuditRecords(env).loginRecords(sessions);
        }
        Map<String, Integer> found = records;
        assertThat(sessions).allSatisfy(session -> assertThat(found.getOrDefault(session, 0))
                .as("LOGIN records of session %s", session).isEqualTo(1));
    }

    @Test
    void signInsAnsweredWhileTheWritersLoginIsRefusedFromTheStartAreAllRecordedOnceLaterEvenAfterATornSpoolLine() throws Exception {
        env.keycloak().stop();
        refuseTheWritersLogin();
        env.keycloak().start(List.of());

        List<Integer> refused = new ArrayList<>();
        List<String> answered = new ArrayList<>(signIns(25, refused));
        assertThat(Files.readString(spoolFile(), StandardCharsets.UTF_8)).as("spooled, not yet chained").doesNotContain("\"hash\"");

        // a crash in the middle of a spool write leaves an unterminated line that was never acknowledged
        env.keycloak().stop();
        Files.writeString(spoolFile(), "{\"time\":\"2026-11-26T17:07:54.123456Z\",\"type\":\"LOGIN\",\"outc", StandardCharsets.UTF_8,
                StandardOpenOption.APPEND);
        env.keycloak().start(List.of());
        answered.addAll(signIns(25, refused));
        assertThat(refused).as("spool mode keeps sign-ins working").isEmpty();
        assertThat(answered).hasSize(50);

        env.auditPostgres().execute("ALTER ROLE " + WRITER + " LOGIN");
        assertEachHasExactlyOneRecord(answered);
        try (Connection c = env.auditReader()) {
            assertThat(AuditDatabase.verify(c, env.auditPublicKey())).isEmpty();
        }
    }

    @Test
    void failClosedAnswersNoSignInWhileTheWritersLoginIsRefusedFromTheStart() throws Exception {
        env.keycloak().stop();
        refuseTheWritersLogin();
        env.keycloak().start(List.of(FAIL_CLOSED));

        List<Integer> refused = new ArrayList<>();
        assertThat(signIns(50, refused)).as("sign-ins answered 200").isEmpty();
        assertThat(refused).hasSize(50).allSatisfy(status -> assertThat(status).isEqualTo(503));
        // an account of Keycloak's own (no directory, so no refusal before the password) is not answered either
        KeycloakClient.Response admin = env.client().passwordGrant("master", "admin-cli", null, "admin", env.keycloak().adminPassword());
        assertThat(admin.status()).as(admin.raw()).isEqualTo(503);
        assertThat(admin.body().path("error_description").asText()).contains("audit log cannot record it");

        // the same Keycloak signs in again once its writer may log in: it was the audit log, nothing else
        env.auditPostgres().execute("ALTER ROLE " + WRITER + " LOGIN");
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        List<String> answered = signIns(1, new ArrayList<>());
        while (answered.isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
            answered = signIns(1, new ArrayList<>());
        }
        assertThat(answered).hasSize(1);
        assertEachHasExactlyOneRecord(answered);
    }

    @Test
    void aSignInWhoseRecordCannotEvenBeSpooledIsNotAnswered() throws Exception {
        env.keycloak().stop();
        refuseTheWritersLogin();
        // the spool file's place taken by a folder: the fsynced append fails as on a full or broken disk
        Files.deleteIfExists(spoolFile());
        Files.createDirectories(spoolFile());
        try {
            env.keycloak().start(List.of());
            KeycloakClient.Response r = env.signIn(USERS.get(0), DemoDirectories.DEMO_PASSWORD);
            assertThat(r.status()).as(r.raw()).isEqualTo(503);
            assertThat(r.body().path("error_description").asText()).contains("audit log cannot record it");
        } finally {
            env.keycloak().stop();
            Files.delete(spoolFile());
        }
    }
}
