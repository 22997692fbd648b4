package lv.pasvaldibas.provisioning.it;

import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.KULDIGA_OPERATOR;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.TALSI_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.net.URI;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.Callable;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.function.BooleanSupplier;
import lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.Answer;
import lv.pasvaldibas.testsupport.ProvisioningDaemon;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Issue 13, acceptance 4: drift behind the daemon's back is seen at once and repaired; two daemons on
 * one database place every server once; a daemon killed in the middle of a job leaves it to the
 * other, which finishes it, and nothing is half made.
 */
@ExtendWith(ProvisioningEnvironment.Extension.class)
class DriftIT {

    private final ProvisioningEnvironment env;

    DriftIT(ProvisioningEnvironment env) {
        this.env = env;
    }

    private JsonNode createdAndDone(String token, String name, boolean start) throws Exception {
        Answer created = env.call(token, "POST", "/api/v1/servers", Map.of("name", name, "template", "small", "start", start));
        assertThat(created.status()).as(created.raw()).isEqualTo(202);
        JsonNode job = env.finished(token, created.body().get("job").get("id").asText());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        return created.body().get("server");
    }

    private static int host(JsonNode server) {
        return Integer.parseInt(server.get("host").asText().substring("host-".length()));
    }

    private String actualPower(String serverId) throws Exception {
        try (Connection c = env.database(); PreparedStatement q = c.prepareStatement("SELECT actual_power FROM server WHERE id = ?::uuid")) {
            q.setString(1, serverId);
            try (ResultSet rs = q.executeQuery()) {
                rs.next();
                return rs.getString(1);
            }
        }
    }

    /** How long until {@code check} holds (fails after {@code limit}). */
    private static Duration until(Duration limit, BooleanSupplier check) throws InterruptedException {
        long start = System.nanoTime();
        while (!check.getAsBoolean()) {
            if (System.nanoTime() - start > limit.toNanos()) {
                throw new AssertionError("not within " + limit);
            }
            Thread.sleep(20);
        }
        return Duration.ofNanos(System.nanoTime() - start);
    }

    private BooleanSupplier power(String id, String expected) {
        return () -> {
            try {
                return expected.equals(actualPower(id));
            } catch (Exception e) {
                throw new IllegalStateException(e);
            }
        };
    }

    @Test
    void aDomainUndefinedBehindTheDaemonsBackReachesTheDatabaseWithinTwoSecondsAndIsMadeAgain() throws Exception {
        String token = env.token(KULDIGA_OPERATOR);
        JsonNode server = createdAndDone(token, "dreifs-" + UUID.randomUUID().toString().substring(0, 6), false);
        String id = server.get("id").asText();
        String domain = "pasv-" + id;
        int host = host(server);
        assertThat(env.hosts().state(host, domain)).isEqualTo("shut off");

        env.hosts().virsh(host, "undefine", "--snapshots-metadata", domain);
        Duration seen = until(Duration.ofSeconds(2), power(id, "MISSING"));
        assertThat(seen).isLessThan(Duration.ofSeconds(2));

        until(Duration.ofSeconds(20), () -> "shut off".equals(env.hosts().state(host, domain)));
        until(Duration.ofSeconds(5), power(id, "STOPPED"));
        assertThat(env.auditRecords("PROVISIONING_REPAIR", id)).extracting(r -> r[2]).anyMatch(d -> d.contains("Recreate"));
        assertThat(env.call(token, "GET", "/api/v1/servers/" + id, null).body().get("actualPower").asText()).isEqualTo("STOPPED");
    }

    @Test
    void aServerDestroyedBehindTheDaemonsBackIsStartedAgain() throws Exception {
        String token = env.token(KULDIGA_OPERATOR);
        JsonNode server = createdAndDone(token, "izslegts-" + UUID.randomUUID().toString().substring(0, 6), true);
        String id = server.get("id").asText();
        int host = host(server);
        env.hosts().virsh(host, "destroy", "pasv-" + id);
        assertThat(until(Duration.ofSeconds(2), power(id, "STOPPED"))).isLessThan(Duration.ofSeconds(2));
        until(Duration.ofSeconds(20), () -> "running".equals(env.hosts().state(host, "pasv-" + id)));
        assertThat(env.auditRecords("PROVISIONING_REPAIR", id)).extracting(r -> r[2]).anyMatch(d -> d.contains("PowerOn"));
    }

    @Test
    void twoDaemonsOnOneDatabasePlaceEveryServerExactlyOnce() throws Exception {
        String token = env.token(TALSI_OPERATOR);
        try (ProvisioningDaemon second = env.daemon("prov-b").start(env.workDir().resolve("daemon-prov-b-" + UUID.randomUUID()))) {
            List<URI> daemons = List.of(URI.create(env.daemon().baseUrl()), URI.create(second.baseUrl()));
            ExecutorService pool = Executors.newFixedThreadPool(10);
            List<Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < 30; i++) {
                URI daemon = daemons.get(i % 2);
                String name = "divi-" + i;
                answers.add(pool.submit((Callable<Answer>) () -> env.call(daemon, token, "POST", "/api/v1/servers",
                        Map.of("name", name, "template", "small"), UUID.randomUUID().toString(), null)));
            }
            List<String> ids = new ArrayList<>();
            for (Future<Answer> a : answers) {
                Answer answer = a.get();
                if (answer.status() == 202) {
                    ids.add(answer.body().get("server").get("id").asText());
                    env.finished(token, answer.body().get("job").get("id").asText());
                } else {
                    assertThat(answer.body().get("error").asText()).as(answer.raw()).isEqualTo("quota.exceeded");
                }
            }
            pool.shutdownNow();
            assertThat(ids).isNotEmpty();
            Map<String, Integer> seen = new HashMap<>();
            for (int h = 0; h < env.hosts().count(); h++) {
                env.hosts().domains(h).forEach(d -> seen.merge(d, 1, Integer::sum));
            }
            for (String id : ids) {
                assertThat(seen.get("pasv-" + id)).as(id).isEqualTo(1);
            }
            try (Connection c = env.database(); PreparedStatement q = c.prepareStatement(
                    "SELECT count(DISTINCT claimed_by) FROM job WHERE kind = 'CREATE' AND server_id = ANY(?::uuid[])")) {
                q.setArray(1, c.createArrayOf("text", ids.toArray()));
                try (ResultSet rs = q.executeQuery()) {
                    rs.next();
                    assertThat(rs.getInt(1)).as("both daemons ran jobs").isEqualTo(2);
                }
            }
        }
    }

    @Test
    void aDaemonKilledInTheMiddleOfAJobLeavesItToTheOtherWhichFinishesItAndNothingIsHalfMade() throws Exception {
        String token = env.token(KULDIGA_OPERATOR);
        ProvisioningDaemon second = env.daemon("prov-c").start(env.workDir().resolve("daemon-prov-c-" + UUID.randomUUID()));
        ProvisioningDaemon survivor = null;
        try {
            for (int h = 0; h < env.hosts().count(); h++) {
                env.hosts().freeze(h); // every libvirt call now hangs: the job stops in its first step, in whichever daemon took it
            }
            Answer created = env.call(token, "POST", "/api/v1/servers", Map.of("name", "pusceļā", "template", "small"));
            assertThat(created.status()).as(created.raw()).isEqualTo(400); // not a DNS name: refused before anything
            created = env.call(token, "POST", "/api/v1/servers", Map.of("name", "puscela", "template", "small"));
            assertThat(created.status()).as(created.raw()).isEqualTo(202);
            String jobId = created.body().get("job").get("id").asText();
            String serverId = created.body().get("server").get("id").asText();
            String holder = awaitHolder(jobId);
            ProvisioningDaemon victim = holder.equals("prov-c") ? second : env.daemon();
            survivor = victim == second ? env.daemon() : second;
            victim.kill();
            for (int h = 0; h < env.hosts().count(); h++) {
                env.hosts().thaw(h);
            }
            URI other = URI.create(survivor.baseUrl());
            JsonNode job = finishedAt(other, token, jobId);
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("attempts").asInt()).isGreaterThanOrEqualTo(2);
            JsonNode server = env.call(other, token, "GET", "/api/v1/servers/" + serverId, null, null, null).body();
            assertThat(server.get("phase").asText()).isEqualTo("READY");
            int domains = 0;
            for (int h = 0; h < env.hosts().count(); h++) {
                domains += (int) env.hosts().domains(h).stream().filter(d -> d.equals("pasv-" + serverId)).count();
            }
            assertThat(domains).isEqualTo(1);
        } finally {
            for (int h = 0; h < env.hosts().count(); h++) {
                env.hosts().thaw(h);
            }
            if (survivor != env.daemon()) {
                env.restartDaemon(); // the environment's own daemon was the one killed: the other tests need one
            }
            second.close();
        }
    }

    private String awaitHolder(String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(20).toNanos();
        while (System.nanoTime() < deadline) {
            try (Connection c = env.database(); PreparedStatement q = c.prepareStatement("SELECT claimed_by FROM job WHERE id = ?::uuid AND state = 'RUNNING'")) {
                q.setString(1, jobId);
                try (ResultSet rs = q.executeQuery()) {
                    if (rs.next() && rs.getString(1) != null) {
                        return rs.getString(1);
                    }
                }
            }
            Thread.sleep(50);
        }
        throw new AssertionError("no daemon took job " + jobId);
    }

    private JsonNode finishedAt(URI daemon, String token, String jobId) throws Exception {
        long deadline = System.nanoTime() + Duration.ofSeconds(60).toNanos();
        while (System.nanoTime() < deadline) {
            JsonNode job = env.call(daemon, token, "GET", "/api/v1/jobs/" + jobId, null, null, null).body();
            String state = job.get("state").asText();
            if (state.equals("SUCCEEDED") || state.equals("FAILED")) {
                return job;
            }
            Thread.sleep(100);
        }
        throw new AssertionError("job " + jobId + " did not finish within 60 s");
    }
}
