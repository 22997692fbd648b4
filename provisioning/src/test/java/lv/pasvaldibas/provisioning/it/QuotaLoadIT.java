package lv.pasvaldibas.provisioning.it;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.concurrent.atomic.AtomicReference;
import lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, acceptance 2 (second half): 10,000 randomized concurrent create, resize, stop and delete
 * operations across 10 municipalities. While they run, a sampler reads every municipality's sum from
 * the database and finds it never over its quota; at the end each municipality's used quota (as the
 * API reports it) equals the sum of its servers, and nothing is negative. The ten municipalities are
 * ten test clients of the platform's Keycloak whose tokens carry a hard-coded municipality claim for
 * one local operator: real tokens, without ten more directories.
 */
@ExtendWith(ProvisioningEnvironment.Extension.class)
class QuotaLoadIT {

    private static final int MUNICIPALITIES = 10;
    private static final int OPERATIONS = 10_000;
    private static final Map<String, Object> LIMIT = Map.of("vcpus", 12, "memoryMib", 24576, "diskGib", 400, "servers", 6);
    private final ProvisioningEnvironment env;

    QuotaLoadIT(ProvisioningEnvironment env) {
        this.env = env;
    }

    private static String municipality(int i) {
        return ProvisioningEnvironment.loadMunicipality(i);
    }

    @Test
    void tenThousandRandomConcurrentOperationsNeverPassAQuotaAndLeaveEachUsageTheSumOfItsServers() throws Exception {
        List<String> tokens = env.loadMunicipalities(MUNICIPALITIES, LIMIT);
        Map<Integer, Set<String>> servers = new ConcurrentHashMap<>();
        for (int m = 0; m < MUNICIPALITIES; m++) {
            servers.put(m, ConcurrentHashMap.newKeySet());
        }
        Map<String, AtomicInteger> outcomes = new ConcurrentHashMap<>();
        AtomicReference<String> unexpected = new AtomicReference<>();
        AtomicBoolean running = new AtomicBoolean(true);
        AtomicReference<String> overQuota = new AtomicReference<>();
        Thread sampler = new Thread(() -> {
            while (running.get() && overQuota.get() == null) {
                try {
                    sums().forEach((m, sum) -> {
                        if (sum[0] > 6 || sum[1] > 12 || sum[2] > 24576 || sum[3] > 400 || sum[0] < 0 || sum[1] < 0) {
                            overQuota.compareAndSet(null, m + " " + java.util.Arrays.toString(sum));
                        }
                    });
                    Thread.sleep(100);
                } catch (Exception e) {
                    overQuota.compareAndSet(null, "sampler failed: " + e);
                }
            }
        }, "quota-sampler");
        sampler.start();
        ExecutorService pool = Executors.newFixedThreadPool(16);
        long began = System.nanoTime();
        try {
            List<Future<?>> done = new ArrayList<>();
            for (int i = 0; i < OPERATIONS; i++) {
                done.add(pool.submit(() -> {
                    operate(tokens, servers, outcomes, unexpected);
                    return null;
                }));
            }
            for (Future<?> f : done) {
                f.get();
            }
        } finally {
            pool.shutdownNow();
        }
        awaitNoOpenJobs();
        running.set(false);
        sampler.join();
        System.out.printf("QuotaLoadIT: %d operations in %.1f s, outcomes %s%n", OPERATIONS, (System.nanoTime() - began) / 1e9, outcomes);

        assertThat(unexpected.get()).isNull();
        assertThat(overQuota.get()).isNull();
        assertThat(outcomes.get("202")).as(outcomes.toString()).isNotNull();
        assertThat(outcomes.get("202").get()).isGreaterThan(500);
        assertThat(outcomes.keySet()).as("some operations met the quota's edge").anyMatch(k -> k.contains("quota.exceeded"));
        Map<String, long[]> sums = sums();
        for (int m = 0; m < MUNICIPALITIES; m++) {
            Answer usage = env.call(tokens.get(m), "GET", "/api/v1/quotas/" + municipality(m), null);
            assertThat(usage.status()).as(usage.raw()).isEqualTo(200);
            JsonNode used = usage.body().get("used");
            long[] sum = sums.getOrDefault(municipality(m), new long[4]);
            assertThat(new long[] {used.get("servers").asLong(), used.get("vcpus").asLong(), used.get("memoryMib").asLong(),
                    used.get("diskGib").asLong()}).as(municipality(m)).containsExactly(sum);
            assertThat(java.util.Arrays.stream(sum).min().orElse(0)).as("nothing negative").isGreaterThanOrEqualTo(0);
            assertThat(sum[0]).isLessThanOrEqualTo(6);
        }
        try (Connection c = env.database(); Statement q = c.createStatement();
             ResultSet rs = q.executeQuery("SELECT count(*) FROM server WHERE municipality LIKE 'slodze-%' AND phase IN ('FAILED', 'CREATING', 'DELETING')")) {
            rs.next();
            assertThat(rs.getInt(1)).as("every job ended well").isZero();
        }
    }

    private void operate(List<String> tokens, Map<Integer, Set<String>> servers, Map<String, AtomicInteger> outcomes,
                         AtomicReference<String> unexpected) throws Exception {
        ThreadLocalRandom random = ThreadLocalRandom.current();
        int m = random.nextInt(MUNICIPALITIES);
        String token = tokens.get(m);
        List<String> known = new ArrayList<>(servers.get(m));
        int dice = random.nextInt(100);
        String action;
        Answer answer;
        if (dice < 40 || known.isEmpty()) {
            action = "create";
            answer = env.call(token, "POST", "/api/v1/servers", Map.of("name", "s-" + random.nextInt(1_000_000),
                    "template", random.nextBoolean() ? "small" : "medium", "start", random.nextBoolean()));
            if (answer.status() == 202) {
                servers.get(m).add(answer.body().get("server").get("id").asText());
            }
        } else {
            String id = known.get(random.nextInt(known.size()));
            if (dice < 60) {
                action = "resize";
                answer = env.call(token, "POST", "/api/v1/servers/" + id + "/resize",
                        Map.of("vcpus", 1 + random.nextInt(4), "memoryMib", List.of(1024, 2048, 4096, 8192).get(random.nextInt(4))));
            } else if (dice < 75) {
                action = "stop";
                answer = env.call(token, "POST", "/api/v1/servers/" + id + "/stop", null);
            } else {
                action = "delete";
                answer = env.call(token, "DELETE", "/api/v1/servers/" + id, null);
                if (answer.status() == 202 || answer.status() == 404) {
                    servers.get(m).remove(id);
                }
            }
        }
        String key = answer.status() == 202 ? "202" : action + " " + answer.status() + " "
                + (answer.body() == null ? answer.raw() : answer.body().path("error").asText());
        outcomes.computeIfAbsent(key, k -> new AtomicInteger()).incrementAndGet();
        boolean expected = answer.status() == 202
                || (answer.status() == 409 && answer.body() != null && Set.of("quota.exceeded", "server.busy", "server.phase", "name.taken",
                "server.nameTaken").contains(answer.body().path("error").asText()))
                || (answer.status() == 404 && !action.equals("create"));
        if (!expected) {
            unexpected.compareAndSet(null, key + ": " + answer.raw());
        }
    }

    /** Per municipality: servers, vCPUs, memory and disk of every server not deleted, straight from the database. */
    private Map<String, long[]> sums() throws Exception {
        Map<String, long[]> sums = new HashMap<>();
        try (Connection c = env.database(); Statement q = c.createStatement(); ResultSet rs = q.executeQuery(
                "SELECT municipality, count(*), sum(vcpus), sum(memory_mib), sum(disk_gib) FROM server "
                        + "WHERE municipality LIKE 'slodze-%' AND phase <> 'DELETED' GROUP BY municipality")) {
            while (rs.next()) {
                sums.put(rs.getString(1), new long[] {rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)});
            }
        }
        return sums;
    }

    private void awaitNoOpenJobs() throws Exception {
        long deadline = System.nanoTime() + Duration.ofMinutes(5).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = env.database(); Statement q = c.createStatement();
                 ResultSet rs = q.executeQuery("SELECT count(*) FROM job WHERE state IN ('QUEUED', 'RUNNING')")) {
                rs.next();
                if (rs.getInt(1) == 0) {
                    return;
                }
            }
            Thread.sleep(250);
        }
        throw new AssertionError("jobs still open after 5 minutes");
    }
}
