package lv.pasvaldibas.provisioning.it;

import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.PLATFORM_OPERATOR;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.TALSI_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 13, acceptance 2 (its first half): concurrent creates at the edge of a quota never pass it. */
@ExtendWith(ProvisioningEnvironment.Extension.class)
class QuotaIT {

    private final ProvisioningEnvironment env;

    QuotaIT(ProvisioningEnvironment env) {
        this.env = env;
    }

    private long[] talsiInDatabase() throws Exception {
        try (var c = env.database(); var q = c.createStatement(); var rs = q.executeQuery(
                "SELECT count(*), coalesce(sum(vcpus), 0), coalesce(sum(memory_mib), 0) FROM server WHERE municipality = 'talsi' AND phase <> 'DELETED'")) {
            rs.next();
            return new long[] {rs.getLong(1), rs.getLong(2), rs.getLong(3)};
        }
    }

    @Test
    void aHundredParallelCreatesAtTheEdgeOfAQuotaNeverExceedItAndTheRestAreRefusedWithAReason() throws Exception {
        long existing = talsiInDatabase()[0];
        int room = 7;
        String operator = env.token(PLATFORM_OPERATOR);
        Answer set = env.call(operator, "PUT", "/api/v1/quotas/talsi", Map.of("vcpus", 1000, "memoryMib", 10_000_000,
                "diskGib", 100_000, "servers", existing + room));
        assertThat(set.status()).as(set.raw()).isEqualTo(200);
        String token = env.token(TALSI_OPERATOR);
        ExecutorService pool = Executors.newFixedThreadPool(25);
        try {
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 100; i++) {
                String name = "mala-" + i;
                answers.add(pool.submit((Callable<Answer>) () -> env.call(token, "POST", "/api/v1/servers", Map.of("name", name, "template", "small"))));
            }
            int accepted = 0;
            for (Future<Answer> answer : answers) {
                Answer a = answer.get();
                if (a.status() == 202) {
                    accepted++;
                } else {
                    assertThat(a.status()).as(a.raw()).isEqualTo(409);
                    assertThat(a.body().get("error").asText()).isEqualTo("quota.exceeded");
                    assertThat(a.body().get("message").asText()).contains("#");
                }
            }
            assertThat(accepted).isEqualTo(room);
            assertThat(talsiInDatabase()[0]).isEqualTo(existing + room);
            Answer usage = env.call(token, "GET", "/api/v1/quotas/talsi", null);
            assertThat(usage.body().get("used").get("servers").asLong()).isEqualTo(existing + room);
            assertThat(usage.body().get("used").get("vcpus").asLong()).isEqualTo(talsiInDatabase()[1]);
            assertThat(usage.body().get("used").get("memoryMib").asLong()).isEqualTo(talsiInDatabase()[2]);
        } finally {
            pool.shutdownNow();
            // the other test classes share this environment: Talsi gets its room back
            env.call(operator, "PUT", "/api/v1/quotas/talsi", Map.of("vcpus", 200, "memoryMib", 409600, "diskGib", 10000, "servers", 100));
        }
    }
}
