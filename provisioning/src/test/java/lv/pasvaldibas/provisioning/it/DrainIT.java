package lv.pasvaldibas.provisioning.it;

import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.KULDIGA_OPERATOR;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.KULDIGA_VIEWER;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.PLATFORM_OPERATOR;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.TALSI_OPERATOR;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.VENTSPILS_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.Answer;
import lv.pasvaldibas.provisioning.server.DomainNames;
import lv.pasvaldibas.testsupport.LibvirtHosts;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Host drain (issue 13: "host drain moves, or refuses with a reason, what runs there"): a platform
 * operator empties a host; every server arrives on another host with its power and snapshots, the
 * host is then taken out of use. A drain that would strand a server is refused whole and changes
 * nothing. Two hosts of their own (one {@code libvirtd} each), so the shared hosts keep their servers.
 */
@ExtendWith(ProvisioningEnvironment.Extension.class)
class DrainIT {

    /** More memory than any shared host has free: a municipality's first server goes there (most free memory wins a tie). */
    private static final long ROOMY_MIB = 8L * 1024 * 1024;
    private static LibvirtHosts own;
    private final ProvisioningEnvironment env;

    DrainIT(ProvisioningEnvironment env) {
        this.env = env;
    }

    @BeforeAll
    static void ownHosts(ProvisioningEnvironment env) {
        own = LibvirtHosts.start(env.workDir().resolve("drain-hosts"), 2);
    }

    @AfterAll
    static void stopOwnHosts() {
        if (own != null) {
            own.close();
        }
    }

    private void addHost(String operator, String id, int index) throws Exception {
        Answer added = env.call(operator, "POST", "/api/v1/hosts", Map.of("id", id, "uri", own.uri(index), "vcpus", 2048,
                "memoryMib", ROOMY_MIB, "diskGib", 100_000));
        assertThat(added.status()).as(added.raw()).isEqualTo(201);
        env.awaitHostsReachable(operator);
    }

    private JsonNode create(String token, String name, boolean start) throws Exception {
        Answer created = env.call(token, "POST", "/api/v1/servers", Map.of("name", name, "template", "small", "start", start));
        assertThat(created.status()).as(created.raw()).isEqualTo(202);
        env.finished(token, created.body().get("job").get("id").asText());
        return created.body().get("server");
    }

    private JsonNode server(String token, String id) throws Exception {
        Answer shown = env.call(token, "GET", "/api/v1/servers/" + id, null);
        assertThat(shown.status()).as(shown.raw()).isEqualTo(200);
        return shown.body();
    }

    private int sharedHostIndex(String hostId) {
        assertThat(hostId).as("a move goes to one of the shared hosts").matches("host-\\d");
        return Integer.parseInt(hostId.substring("host-".length()));
    }

    private int moveJobsOf(String serverId) throws Exception {
        try (var c = env.database(); var q = c.prepareStatement("SELECT count(*) FROM job WHERE server_id = ?::uuid AND kind = 'MOVE'")) {
            q.setString(1, serverId);
            try (var rs = q.executeQuery()) {
                rs.next();
                return rs.getInt(1);
            }
        }
    }

    @Test
    void aDrainedHostsServersArriveElsewhereWithTheirPowerAndSnapshotsAndTheEmptyHostIsRemoved() throws Exception {
        String operator = env.token(PLATFORM_OPERATOR);
        addHost(operator, "drain-a", 0);
        String kuldiga = env.token(KULDIGA_OPERATOR);
        String talsi = env.token(TALSI_OPERATOR);
        String ventspils = env.token(VENTSPILS_OPERATOR);
        String suffix = Long.toString(System.nanoTime() % 100_000);
        JsonNode running = create(kuldiga, "drenaza-k-" + suffix, true);
        JsonNode stopped = create(talsi, "drenaza-t-" + suffix, false);
        JsonNode third = create(ventspils, "drenaza-v-" + suffix, true);
        Map<String, String> tokenOf = Map.of(running.get("id").asText(), kuldiga, stopped.get("id").asText(), talsi,
                third.get("id").asText(), ventspils);
        for (JsonNode s : List.of(running, stopped, third)) {
            assertThat(s.get("host").asText()).as("each municipality's first server here goes to the roomiest host").isEqualTo("drain-a");
        }
        String runningId = running.get("id").asText();
        String domain = DomainNames.of(UUID.fromString(runningId));
        for (String snapshot : List.of("pirms-atjauninajuma", "pec-atjauninajuma")) {
            Answer taken = env.call(kuldiga, "POST", "/api/v1/servers/" + runningId + "/snapshots", Map.of("name", snapshot));
            assertThat(taken.status()).as(taken.raw()).isEqualTo(202);
            env.finished(kuldiga, taken.body().get("job").get("id").asText());
        }

        // municipal staff do not run hosts
        for (String notOperator : List.of(kuldiga, env.token(KULDIGA_VIEWER))) {
            Answer refused = env.call(notOperator, "POST", "/api/v1/hosts/drain-a/drain", null);
            assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
        }
        assertThat(env.call(operator, "POST", "/api/v1/hosts/nav-tada/drain", null).status()).isEqualTo(404);

        Answer drained = env.call(operator, "POST", "/api/v1/hosts/drain-a/drain", null);
        assertThat(drained.status()).as(drained.raw()).isEqualTo(202);
        assertThat(drained.body().get("state").asText()).isEqualTo("DRAINING");
        assertThat(drained.body().get("moves")).hasSize(3);
        // a second drain while the moves run queues nothing twice
        Answer again = env.call(operator, "POST", "/api/v1/hosts/drain-a/drain", null);
        assertThat(again.status()).as(again.raw()).isIn(202, 409);
        Map<String, String> targetOf = new HashMap<>();
        for (JsonNode move : drained.body().get("moves")) {
            String id = move.get("server").asText();
            JsonNode job = env.finished(tokenOf.get(id), move.get("job").get("id").asText());
            assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
            assertThat(job.get("kind").asText()).isEqualTo("MOVE");
            assertThat(job.get("from").asText()).isEqualTo("drain-a");
            targetOf.put(id, job.get("to").asText());
            assertThat(moveJobsOf(id)).isEqualTo(1);
        }
        if (again.status() == 202) {
            assertThat(again.body().get("moves")).isEmpty();
        } else {
            assertThat(again.body().get("error").asText()).isEqualTo("host.drainBusy");
        }

        // libvirt: nothing of the daemon's left on the drained host, each server where the API says, as it was
        assertThat(own.domains(0)).noneMatch(d -> d.startsWith("pasv-"));
        for (JsonNode s : List.of(running, stopped, third)) {
            String id = s.get("id").asText();
            JsonNode now = server(tokenOf.get(id), id);
            assertThat(now.get("host").asText()).isEqualTo(targetOf.get(id)).isNotEqualTo("drain-a");
            assertThat(now.get("phase").asText()).isEqualTo("READY");
            String state = env.hosts().state(sharedHostIndex(targetOf.get(id)), DomainNames.of(UUID.fromString(id)));
            assertThat(state).as(id).isEqualTo(s == stopped ? "shut off" : "running");
        }
        int target = sharedHostIndex(targetOf.get(runningId));
        assertThat(env.hosts().virsh(target, "snapshot-list", domain, "--name"))
                .contains("pirms-atjauninajuma", "pec-atjauninajuma");
        Answer snapshots = env.call(kuldiga, "GET", "/api/v1/servers/" + runningId + "/snapshots", null);
        assertThat(snapshots.body().get("snapshots")).hasSize(2);
        Answer reverted = env.call(kuldiga, "POST", "/api/v1/servers/" + runningId + "/snapshots/pirms-atjauninajuma/revert", null);
        assertThat(reverted.status()).as(reverted.raw()).isEqualTo(202);
        assertThat(env.finished(kuldiga, reverted.body().get("job").get("id").asText()).get("state").asText()).isEqualTo("SUCCEEDED");

        // the audit log: the drain with its actor, and each move's steps
        assertThat(env.auditRecords("PROVISIONING_DRAIN_HOST", "drain-a")).extracting(r -> r[0] + " " + r[1])
                .contains(PLATFORM_OPERATOR + " SUCCESS");
        assertThat(env.auditRecords("PROVISIONING_JOB_STEP", runningId)).extracting(r -> r[2])
                .anyMatch(d -> d.contains("\"move\"")).anyMatch(d -> d.contains("\"place\""));

        // empty now: taken out of use, and a removed host is not drained again
        Answer removed = env.call(operator, "DELETE", "/api/v1/hosts/drain-a", null);
        assertThat(removed.status()).as(removed.raw()).isEqualTo(200);
        assertThat(removed.body().get("state").asText()).isEqualTo("REMOVED");
        Answer late = env.call(operator, "POST", "/api/v1/hosts/drain-a/drain", null);
        assertThat(late.status()).as(late.raw()).isEqualTo(409);
        assertThat(late.body().get("error").asText()).isEqualTo("host.removed");
    }

    @Test
    void aDrainThatWouldStrandServersIsRefusedNamingThemAndChangesNothing() throws Exception {
        String operator = env.token(PLATFORM_OPERATOR);
        String ventspils = env.token(VENTSPILS_OPERATOR);
        addHost(operator, "drain-r", 1);
        String suffix = Long.toString(System.nanoTime() % 100_000);
        JsonNode small = create(ventspils, "drenaza-m-" + suffix, true);
        assertThat(small.get("host").asText()).isEqualTo("drain-r");
        // servers of the largest size until no host has room for another: then drain-r's large ones fit nowhere else
        assertThat(env.call(operator, "PUT", "/api/v1/templates/drain-large", Map.of("nameLv", "Ļoti liels", "nameEn", "Very large",
                "vcpus", 64, "memoryMib", 1_048_576, "diskGib", 1, "baseImage", "debian-12")).status()).isEqualTo(200);
        assertThat(env.call(operator, "PUT", "/api/v1/quotas/ventspils", Map.of("vcpus", 10_000, "memoryMib", 100_000_000,
                "diskGib", 100_000, "servers", 1000)).status()).isEqualTo(200);
        List<JsonNode> large = new ArrayList<>();
        try {
            for (int i = 0; i < 40; i++) {
                Answer made = env.call(ventspils, "POST", "/api/v1/servers", Map.of("name", "drenaza-l-" + suffix + "-" + i, "template", "drain-large"));
                if (made.status() == 503) {
                    assertThat(made.body().get("error").asText()).isEqualTo("placement.noRoom");
                    break;
                }
                assertThat(made.status()).as(made.raw()).isEqualTo(202);
                env.finished(ventspils, made.body().get("job").get("id").asText());
                large.add(made.body().get("server"));
            }
            List<String> largeHere = large.stream().filter(s -> s.get("host").asText().equals("drain-r"))
                    .map(s -> "ventspils/" + s.get("name").asText()).toList();
            assertThat(largeHere).hasSizeGreaterThan(1);

            Answer refused = env.call(operator, "POST", "/api/v1/hosts/drain-r/drain", null);
            assertThat(refused.status()).as(refused.raw()).isEqualTo(409);
            assertThat(refused.body().get("error").asText()).isEqualTo("host.drainRefused");
            assertThat(refused.body().get("message").asText()).contains(largeHere);
            Answer inLatvian = env.call(java.net.URI.create(env.daemon().baseUrl()), operator, "POST", "/api/v1/hosts/drain-r/drain", null,
                    UUID.randomUUID().toString(), "lv");
            assertThat(inLatvian.body().get("message").asText()).startsWith("Atbrīvot nevar");
            // nothing changed: the host still takes servers, nothing is moving
            JsonNode hosts = env.call(operator, "GET", "/api/v1/hosts", null).body().get("hosts");
            assertThat(hosts.findValuesAsText("id").indexOf("drain-r")).isNotNegative();
            for (JsonNode h : hosts) {
                if (h.get("id").asText().equals("drain-r")) {
                    assertThat(h.get("state").asText()).isEqualTo("ACTIVE");
                }
            }
            assertThat(moveJobsOf(small.get("id").asText())).isZero();
        } finally {
            for (JsonNode s : large) {
                Answer deleted = env.call(ventspils, "DELETE", "/api/v1/servers/" + s.get("id").asText(), null);
                env.finished(ventspils, deleted.body().get("job").get("id").asText());
            }
            env.call(operator, "PUT", "/api/v1/templates/drain-large", Map.of("nameLv", "Ļoti liels", "nameEn", "Very large",
                    "vcpus", 64, "memoryMib", 1_048_576, "diskGib", 1, "baseImage", "debian-12", "active", false));
            env.call(operator, "PUT", "/api/v1/quotas/ventspils", Map.of("vcpus", 200, "memoryMib", 409600, "diskGib", 10000, "servers", 100));
        }

        // with room again the same drain goes through, and the host leaves the other classes' placements
        Answer drained = env.call(operator, "POST", "/api/v1/hosts/drain-r/drain", null);
        assertThat(drained.status()).as(drained.raw()).isEqualTo(202);
        assertThat(drained.body().get("moves")).hasSize(1);
        JsonNode job = env.finished(ventspils, drained.body().get("moves").get(0).get("job").get("id").asText());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        assertThat(env.call(operator, "DELETE", "/api/v1/hosts/drain-r", null).status()).isEqualTo(200);
    }
}
