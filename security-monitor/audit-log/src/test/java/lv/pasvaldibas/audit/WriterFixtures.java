package lv.pasvaldibas.audit;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;

/** What the writer tests write and wait for: a Latvian employee's sign-in, numbered. */
final class WriterFixtures {

    private WriterFixtures() {
    }

    static AuditEvent signIn(int i) {
        return new AuditEvent(Instant.now(), "LOGIN", AuditEvent.Outcome.SUCCESS,
                new AuditEvent.Actor("id" + i, "jānis.bērziņš@ventspils.lv", "ventspils", "ventspils"), "platform-cli",
                "127.0.0.1", "s" + i, null, null, Map.of("n", i));
    }

    static void awaitAll(List<CompletableFuture<Void>> futures) throws Exception {
        CompletableFuture.allOf(futures.toArray(CompletableFuture[]::new)).get(60, TimeUnit.SECONDS);
    }
}
