package lv.pasvaldibas.provisioning.it;

import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.KULDIGA_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.Answer;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/** Issue 13, acceptance 5: bad input gets 400 with a message in the caller's language, and changes nothing. */
@ExtendWith(ProvisioningEnvironment.Extension.class)
class BadInputIT {

    private final ProvisioningEnvironment env;

    BadInputIT(ProvisioningEnvironment env) {
        this.env = env;
    }

    private int serversOfKuldiga() throws Exception {
        try (var c = env.database(); var q = c.createStatement();
             var rs = q.executeQuery("SELECT count(*) FROM server WHERE municipality = 'kuldiga'")) {
            rs.next();
            return rs.getInt(1);
        }
    }

    private Answer create(Object body, String language) throws Exception {
        return env.call(URI.create(env.daemon().baseUrl()), env.token(KULDIGA_OPERATOR), "POST", "/api/v1/servers", body,
                UUID.randomUUID().toString(), language);
    }

    @Test
    void everyKindOfBadServerRequestIs400WithAMessageAndMakesNothing() throws Exception {
        int before = serversOfKuldiga();
        List<Object> bad = List.of(
                Map.of("name", "nezinams", "template", "no-such-template"),
                Map.of("name", "Lielie-Burti", "template", "small"),
                Map.of("name", "a".repeat(64), "template", "small"),
                Map.of("name", "kuldīga", "template", "small"),
                Map.of("name", 42, "template", "small"),
                Map.of("name", "lieks", "template", "small", "vcpus", 64),
                Map.of("template", "small"),
                "{\"name\": \"nepabeigts\", ",
                "[1, 2, 3]",
                "");
        for (Object body : bad) {
            Answer refused = create(body, "lv");
            assertThat(refused.status()).as(body + " → " + refused.raw()).isEqualTo(400);
            assertThat(refused.body()).as(body + " → " + refused.raw()).isNotNull();
            assertThat(refused.body().get("error").asText()).as(body.toString()).isNotBlank();
            assertThat(refused.body().get("message").asText()).as(body.toString()).isNotBlank();
        }
        Answer unknownTemplate = create(Map.of("name", "nezinams", "template", "no-such-template"), "lv");
        assertThat(unknownTemplate.body().get("message").asText()).isEqualTo("Šablons „no-such-template” nav zināms.");
        Answer english = create(Map.of("name", "nezinams", "template", "no-such-template"), "en");
        assertThat(english.body().get("message").asText()).isEqualTo("Template 'no-such-template' is not known.");
        assertThat(serversOfKuldiga()).isEqualTo(before);
    }

    @Test
    void negativeAndHugeSizesAreRefused() throws Exception {
        String token = env.token(KULDIGA_OPERATOR);
        Answer created = env.call(token, "POST", "/api/v1/servers", Map.of("name", "izmeri", "template", "small"));
        String id = created.body().get("server").get("id").asText();
        env.finished(token, created.body().get("job").get("id").asText());
        for (Map<String, Object> size : List.of(Map.<String, Object>of("vcpus", -1, "memoryMib", 1024), Map.<String, Object>of("vcpus", 1, "memoryMib", -5),
                Map.<String, Object>of("vcpus", 100000, "memoryMib", 1024), Map.<String, Object>of("vcpus", 1, "memoryMib", Long.MAX_VALUE),
                Map.<String, Object>of("vcpus", "two", "memoryMib", 1024))) {
            Answer refused = env.call(token, "POST", "/api/v1/servers/" + id + "/resize", size);
            assertThat(refused.status()).as(size + " → " + refused.raw()).isEqualTo(400);
        }
        Answer server = env.call(token, "GET", "/api/v1/servers/" + id, null);
        assertThat(server.body().get("vcpus").asInt()).isEqualTo(1);
        assertThat(server.body().get("memoryMib").asLong()).isEqualTo(1024);
    }

    @Test
    void aBodyOfAMegabyteIs413AndUnknownPathsAndIdsAreRefusedCleanly() throws Exception {
        Answer huge = create("{\"name\":\"" + "x".repeat(1024 * 1024) + "\",\"template\":\"small\"}", "en");
        assertThat(huge.status()).isEqualTo(413);
        assertThat(huge.body().get("error").asText()).isEqualTo("invalid.tooLarge");
        String token = env.token(KULDIGA_OPERATOR);
        assertThat(env.call(token, "GET", "/api/v1/servers/not-a-uuid", null).status()).isEqualTo(400);
        assertThat(env.call(token, "GET", "/api/v1/servers?limit=100000", null).status()).isEqualTo(400);
        assertThat(env.call(token, "GET", "/api/v1/servers?cursor=Zm9v", null).status()).isEqualTo(400);
        assertThat(env.call(token, "GET", "/api/v1/nothing-here", null).status()).isEqualTo(404);
        // a change without an Idempotency-Key
        Answer noKey = env.call(URI.create(env.daemon().baseUrl()), token, "POST", "/api/v1/servers",
                Map.of("name", "bez-atslegas", "template", "small"), null, "en");
        assertThat(noKey.status()).isEqualTo(400);
    }
}
