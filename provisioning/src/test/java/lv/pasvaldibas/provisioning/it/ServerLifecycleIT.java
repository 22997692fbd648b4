package lv.pasvaldibas.provisioning.it;

import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.KULDIGA_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 13, acceptance 1: a Kuldīga operator's server from create to delete, as libvirt and the audit log see it. */
@ExtendWith(ProvisioningEnvironment.Extension.class)
class ServerLifecycleIT {

    private final ProvisioningEnvironment env;

    ServerLifecycleIT(ProvisioningEnvironment env) {
        this.env = env;
    }

    private JsonNode done(String token, Answer accepted) throws Exception {
        assertThat(accepted.status()).as(accepted.raw()).isEqualTo(202);
        JsonNode job = env.finished(token, accepted.body().path("job").path("id").asText());
        assertThat(job.get("state").asText()).as(job.toString()).isEqualTo("SUCCEEDED");
        return job;
    }

    private int hostOf(JsonNode server) {
        return Integer.parseInt(server.get("host").asText().substring("host-".length()));
    }

    @Test
    void aKuldigaOperatorCreatesStartsSnapshotsStopsAndDeletesAServerAndLibvirtAndTheAuditLogShowEachStep() throws Exception {
        String token = env.token(KULDIGA_OPERATOR);
        Answer created = env.call(token, "POST", "/api/v1/servers", Map.of("name", "gramatvediba", "template", "small", "start", false));
        done(token, created);
        JsonNode server = created.body().get("server");
        String id = server.get("id").asText();
        String domain = "pasv-" + id;
        int host = hostOf(server);
        assertThat(server.get("municipality").asText()).isEqualTo("kuldiga");
        assertThat(env.hosts().state(host, domain)).isEqualTo("shut off");

        done(token, env.call(token, "POST", "/api/v1/servers/" + id + "/start", null));
        assertThat(env.hosts().state(host, domain)).isEqualTo("running");

        done(token, env.call(token, "POST", "/api/v1/servers/" + id + "/snapshots", Map.of("name", "pirms-atjauninajuma")));
        assertThat(env.hosts().virsh(host, "snapshot-list", domain, "--name")).contains("pirms-atjauninajuma");

        done(token, env.call(token, "POST", "/api/v1/servers/" + id + "/stop", null));
        assertThat(env.hosts().state(host, domain)).isEqualTo("shut off");
        Answer shown = env.call(token, "GET", "/api/v1/servers/" + id, null);
        assertThat(shown.body().get("power").asText()).isEqualTo("STOPPED");
        assertThat(shown.body().get("actualPower").asText()).isEqualTo("STOPPED");

        done(token, env.call(token, "DELETE", "/api/v1/servers/" + id, null));
        assertThat(env.hosts().domains(host)).doesNotContain(domain);
        assertThat(env.call(token, "GET", "/api/v1/servers/" + id, null).status()).isEqualTo(404);

        for (String type : List.of("PROVISIONING_CREATE_SERVER", "PROVISIONING_START_SERVER", "PROVISIONING_SNAPSHOT_SERVER",
                "PROVISIONING_STOP_SERVER", "PROVISIONING_DELETE_SERVER")) {
            assertThat(env.auditRecords(type, id)).as(type).singleElement()
                    .satisfies(r -> assertThat(r[0]).isEqualTo(KULDIGA_OPERATOR))
                    .satisfies(r -> assertThat(r[1]).isEqualTo("SUCCESS"));
        }
        assertThat(env.auditRecords("PROVISIONING_JOB_STEP", id)).extracting(r -> r[2])
                .anyMatch(d -> d.contains("\"step\":\"define\"")).anyMatch(d -> d.contains("\"step\":\"undefine\""));
        assertThat(env.auditRecords("PROVISIONING_JOB_SUCCEEDED", id)).extracting(r -> r[2])
                .anyMatch(d -> d.contains("\"kind\":\"CREATE\"")).anyMatch(d -> d.contains("\"kind\":\"START\""))
                .anyMatch(d -> d.contains("\"kind\":\"SNAPSHOT\"")).anyMatch(d -> d.contains("\"kind\":\"STOP\""))
                .anyMatch(d -> d.contains("\"kind\":\"DELETE\""));
    }

    @Test
    void aRetryWithTheSameIdempotencyKeyGetsTheFirstAnswerAndNeverASecondServer() throws Exception {
        String token = env.token(KULDIGA_OPERATOR);
        var server = java.net.URI.create(env.daemon().baseUrl());
        Map<String, Object> body = Map.of("name", "retry-once", "template", "small");
        Answer first = env.call(server, token, "POST", "/api/v1/servers", body, "key-retry-once", null);
        Answer again = env.call(server, token, "POST", "/api/v1/servers", body, "key-retry-once", null);
        assertThat(first.status()).as(first.raw()).isEqualTo(202);
        assertThat(again.status()).isEqualTo(202);
        assertThat(again.body().get("server").get("id")).isEqualTo(first.body().get("server").get("id"));
        Answer otherRequest = env.call(server, token, "POST", "/api/v1/servers", Map.of("name", "retry-other", "template", "small"),
                "key-retry-once", "lv");
        assertThat(otherRequest.status()).isEqualTo(422);
        assertThat(otherRequest.body().get("error").asText()).isEqualTo("idempotency.reused");
        Answer listed = env.call(token, "GET", "/api/v1/servers?name=retry-", null);
        assertThat(listed.body().get("servers")).hasSize(1);
    }
}
