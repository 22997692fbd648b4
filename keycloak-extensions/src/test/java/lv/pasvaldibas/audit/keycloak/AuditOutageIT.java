package lv.pasvaldibas.audit.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import java.sql.Connection;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import lv.pasvaldibas.audit.AuditDatabase;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 3 and 4 of the audit log: under a steady stream of sign-ins, a {@code kill -9} of
 * Keycloak and a 30 s stop of the audit database lose no sign-in the client saw succeed and
 * duplicate none; in fail-closed mode, sign-ins are refused with a clear message while the audit
 * database is down. Keycloak is left running as the other test classes expect it.
 */
@ExtendWith(FederationEnvironment.Extension.class)
class AuditOutageIT {

    private static final List<String> USERS = List.of("girts.zarins@kuldiga.lv", "valdis.jansons@kuldiga.lv",
            "uldis.vitols@kuldiga.lv", "edgars.smits@kuldiga.lv", "gatis.lavins@kuldiga.lv", "arnis.lusis@kuldiga.lv");
    private static final String FAIL_CLOSED = "--spi-events-listener--municipal-audit--fail-closed=true";

    private final FederationEnvironment env;

    AuditOutageIT(FederationEnvironment env) {
        this.env = env;
    }

    /** Two clients signing in one after another; remembers the session of every sign-in that succeeded. */
    private final class SignInStream implements AutoCloseable {
        final Set<String> succeeded = ConcurrentHashMap.newKeySet();
        final AtomicInteger refused = new AtomicInteger();
        private volatile boolean running = true;
        private final List<Thread> clients;

        SignInStream() {
            clients = List.of(Thread.ofPlatform().start(() -> run(0)), Thread.ofPlatform().start(() -> run(1)));
        }

        private void run(int offset) {
            for (int i = offset; running; i += 2) {
                try {
                    KeycloakClient.Response r = env.signIn(USERS.get(i % USERS.size()), DemoDirectories.DEMO_PASSWORD);
                    if (r.status() == 200) {
                        succeeded.add(KeycloakClient.claims(r.body().get("access_token").asText()).get("sid").asText());
                    } else {
                        refused.incrementAndGet();
                    }
                } catch (RuntimeException down) {
                    refused.incrementAndGet();
                    sleep(Duration.ofMillis(200));
                }
            }
        }

        void awaitMore(int more) {
            int target = succeeded.size() + more;
            long deadline = System.nanoTime() + Duration.ofMinutes(2).toNanos();
            while (succeeded.size() < target) {
                assertThat(System.nanoTime()).as("sign-ins keep succeeding").isLessThan(deadline);
                sleep(Duration.ofMillis(100));
            }
        }

        @Override
        public void close() throws InterruptedException {
            running = false;
            for (Thread t : clients) {
                t.join();
            }
        }
    }

    private static void sleep(Duration d) {
        try {
            Thread.sleep(d.toMillis());
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        }
    }

    @Test
    void noAcknowledgedSignInIsLostAcrossAKeycloakCrashAndAnAuditDatabaseOutage() throws Exception {
        Set<String> succeeded;
        int duringOutage;
        try (SignInStream stream = new SignInStream()) {
            stream.awaitMore(20);
            env.keycloak().kill();
            env.keycloak().start(List.of());
            stream.awaitMore(20);

            env.auditPostgres().stop();
            int before = stream.succeeded.size();
            sleep(Duration.ofSeconds(30));
            duringOutage = stream.succeeded.size() - before;
            env.auditPostgres().restart();
            stream.awaitMore(20);
            succeeded = Set.copyOf(stream.succeeded);
        }
        assertThat(duringOutage).as("sign-ins go on while the audit database is down (spooled)").isGreaterThan(10);

        // the spool is replayed as soon as the writer reaches the database again
        long deadline = System.nanoTime() + Duration.ofSeconds(30).toNanos();
        Map<String, Integer> records = new AuditRecords(env).loginRecords(succeeded);
        while (records.size() < succeeded.size() && System.nanoTime() < deadline) {
            sleep(Duration.ofMillis(500));
            records = new AuditRecords(env).loginRecords(succeeded);
        }
        Map<String, Integer> found = records;
        assertThat(succeeded).allSatisfy(session -> assertThat(found.getOrDefault(session, 0))
                .as("LOGIN records of session %s", session).isEqualTo(1));
        try (Connection c = env.auditReader()) {
            assertThat(AuditDatabase.verify(c, env.auditPublicKey())).isEmpty();
        }
    }

    @Test
    void failClosedRefusesSignInsWhileTheAuditDatabaseIsDown() throws Exception {
        env.keycloak().stop();
        env.keycloak().start(List.of(FAIL_CLOSED));
        try {
            assertThat(env.signIn(USERS.get(0), DemoDirectories.DEMO_PASSWORD).status()).isEqualTo(200);
            env.auditPostgres().stop();
            KeycloakClient.Response refused = awaitSignIn(r -> r.status() != 200);
            assertThat(refused.body().get("error_description").asText())
                    .contains("audita žurnāls to šobrīd nevar reģistrēt", "the audit log cannot record it");
            env.auditPostgres().restart();
            assertThat(awaitSignIn(r -> r.status() == 200).status()).isEqualTo(200);
        } finally {
            env.keycloak().stop();
            env.keycloak().start(List.of());
        }
    }

    /**
     * Signs in every half second until {@code until} holds (at most 20 s), and returns that answer.
     * Always the same account: refusals while the audit log is down must not count as wrong
     * passwords, or Keycloak's brute-force guard would lock it before the database is back.
     */
    private KeycloakClient.Response awaitSignIn(java.util.function.Predicate<KeycloakClient.Response> until) {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (true) {
            KeycloakClient.Response r = env.signIn(USERS.get(1), DemoDirectories.DEMO_PASSWORD);
            if (until.test(r) || System.nanoTime() > deadline) {
                return r;
            }
            sleep(Duration.ofMillis(500));
        }
    }
}
