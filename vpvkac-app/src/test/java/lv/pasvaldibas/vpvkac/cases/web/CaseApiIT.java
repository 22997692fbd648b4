package lv.pasvaldibas.vpvkac.cases.web;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.Statement;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment;
import lv.pasvaldibas.vpvkac.VpvkacEnvironment.Answer;
import lv.pasvaldibas.vpvkac.client.PersonalCode;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The case API on a real WildFly with real platform tokens: a case registered and moved through
 * every status to delivered, each step audited with its actor and without the personal code in
 * clear; another municipality's specialist sees none of it; tokens not meant for VPVKAC get 401;
 * bad input is refused in the caller's language and changes nothing (issue 12, acceptance 1–4).
 */
@ExtendWith(VpvkacEnvironment.Extension.class)
class CaseApiIT {

    private static final String VENTSPILS_SPECIALIST = "janis.berzins@ventspils.lv";
    private static final String KULDIGA_SPECIALIST = "janis.berzins@kuldiga.lv";
    /** A Ventspils employee with no VPVKAC role. */
    private static final String VENTSPILS_CLERK = "ilze.ozolina@ventspils.lv";

    private final VpvkacEnvironment env;

    CaseApiIT(VpvkacEnvironment env) {
        this.env = env;
    }

    private Answer call(String token, String method, String path, Object body, String language) throws Exception {
        return env.call(token, method, path, body, language);
    }

    private Answer call(String token, String method, String path, Object body) throws Exception {
        return env.call(token, method, path, body, null);
    }

    static String validCode(String date, String serial) {
        return VpvkacEnvironment.personalCode(date, Integer.parseInt(serial));
    }

    private long ventspilsCentre(String token) throws Exception {
        Answer centres = call(token, "GET", "/api/centres", null);
        assertThat(centres.status()).as(centres.raw()).isEqualTo(200);
        assertThat(centres.body()).hasSize(1);
        return centres.body().get(0).get("id").asLong();
    }

    private String inPersonService(String token) throws Exception {
        Answer services = call(token, "GET", "/api/services", null);
        assertThat(services.status()).as(services.raw()).isEqualTo(200);
        for (JsonNode service : services.body()) {
            for (JsonNode channel : service.get("channels")) {
                if (channel.asText().equals("IN_PERSON")) {
                    return service.get("code").asText();
                }
            }
        }
        throw new AssertionError("no in-person service in the demo catalogue: " + services.raw());
    }

    private Answer register(String token, String personalCode, String serviceCode, long centre) throws Exception {
        return call(token, "POST", "/api/cases", Map.of("personalCode", personalCode, "givenName", "Ērika", "surname", "Šķēle-Ņikitina",
                "email", "erika@example.lv", "phone", "+37120000000", "serviceCode", serviceCode, "centreId", centre,
                "channel", "IN_PERSON", "note", "Klients lūdz ziņu pa tālruni; ā č ē ģ ī ķ ļ ņ š ū ž"));
    }

    @Test
    void aSpecialistTakesACaseFromReceivedToDeliveredAndEveryStepIsAuditedWithoutThePersonalCode() throws Exception {
        String token = env.token(VENTSPILS_SPECIALIST);
        String code = validCode("150385", "234");
        Answer created = register(token, code, inPersonService(token), ventspilsCentre(token));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        assertThat(created.body().get("status").asText()).isEqualTo("RECEIVED");
        assertThat(created.body().get("clientCode").asText()).isEqualTo("150385-*****");
        assertThat(created.body().get("clientName").asText()).isEqualTo("Ērika Šķēle-Ņikitina");
        assertThat(created.body().get("notes").asText()).endsWith("ā č ē ģ ī ķ ļ ņ š ū ž");
        assertThat(created.raw()).doesNotContain(code).doesNotContain(code.replace("-", ""));

        int version = created.body().get("version").asInt();
        for (String status : List.of("IN_PROGRESS", "FORWARDED", "RESULT_READY", "DELIVERED")) {
            Answer moved = call(token, "POST", "/api/cases/" + id + "/status", Map.of("status", status, "version", version));
            assertThat(moved.status()).as(status + ": " + moved.raw()).isEqualTo(200);
            assertThat(moved.body().get("status").asText()).isEqualTo(status);
            version = moved.body().get("version").asInt();
        }
        Answer delivered = call(token, "GET", "/api/cases/" + id, null);
        assertThat(delivered.body().get("history")).hasSize(5);
        assertThat(delivered.body().get("history").get(4).get("actor").asText()).isEqualTo(VENTSPILS_SPECIALIST);

        Answer shown = call(token, "POST", "/api/cases/" + id + "/personal-code", null);
        assertThat(shown.status()).as(shown.raw()).isEqualTo(200);
        assertThat(shown.body().get("personalCode").asText()).isEqualTo(code);

        List<String> types = new ArrayList<>();
        String reference = PersonalCode.parse(code).auditReference(VpvkacEnvironment.CLIENT_REF_KEY);
        try (Connection audit = env.auditReader(); Statement s = audit.createStatement();
             ResultSet rows = s.executeQuery("SELECT * FROM audit_record WHERE stream = 'vpvkac/vpvkac-test' AND target_type = 'case' AND target_id = '" + id
                     + "' ORDER BY seq")) {
            while (rows.next()) {
                StringBuilder whole = new StringBuilder();
                for (int c = 1; c <= rows.getMetaData().getColumnCount(); c++) {
                    whole.append(rows.getString(c)).append('|');
                }
                assertThat(whole.toString()).as("audit record").doesNotContain(code).doesNotContain(code.replace("-", ""))
                        .contains(VENTSPILS_SPECIALIST).contains(reference);
                types.add(rows.getString("type"));
            }
        }
        assertThat(types).containsExactly("VPVKAC_CASE_REGISTERED", "VPVKAC_CASE_MOVED", "VPVKAC_CASE_MOVED", "VPVKAC_CASE_MOVED",
                "VPVKAC_CASE_MOVED", "VPVKAC_CASE_READ", "VPVKAC_PERSONAL_CODE_SHOWN");
        assertThat(env.wildfly().log()).doesNotContain(code).doesNotContain(code.replace("-", ""));
    }

    @Test
    void anotherMunicipalitysSpecialistFindsNoVentspilsCase() throws Exception {
        String ventspils = env.token(VENTSPILS_SPECIALIST);
        Answer created = register(ventspils, validCode("010190", "111"), inPersonService(ventspils), ventspilsCentre(ventspils));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().get("id").asLong();
        int version = created.body().get("version").asInt();

        String kuldiga = env.token(KULDIGA_SPECIALIST);
        assertThat(call(kuldiga, "GET", "/api/cases/" + id, null).status()).isEqualTo(404);
        assertThat(call(kuldiga, "POST", "/api/cases/" + id + "/status", Map.of("status", "IN_PROGRESS", "version", version)).status())
                .isEqualTo(404);
        assertThat(call(kuldiga, "POST", "/api/cases/" + id + "/personal-code", null).status()).isEqualTo(404);
        Answer queue = call(kuldiga, "GET", "/api/cases?size=200", null);
        assertThat(queue.status()).isEqualTo(200);
        queue.body().forEach(row -> assertThat(row.get("id").asLong()).isNotEqualTo(id));
        // nor may Kuldīga register a case at Ventspils' centre
        Answer atVentspils = register(kuldiga, validCode("020290", "222"), inPersonService(kuldiga), ventspilsCentre(ventspils));
        assertThat(atVentspils.status()).as(atVentspils.raw()).isEqualTo(400);
        assertThat(atVentspils.body().get("error").asText()).isEqualTo("case.unknownCentre");
        // the case is untouched
        assertThat(call(ventspils, "GET", "/api/cases/" + id, null).body().get("status").asText()).isEqualTo("RECEIVED");
    }

    @Test
    void clientSearchFindsOnlyTheCallersMunicipalitysClientsAndNeverLogsWhatWasTyped() throws Exception {
        String ventspils = env.token(VENTSPILS_SPECIALIST);
        String code = validCode("121287", "432");
        Answer created = register(ventspils, code, inPersonService(ventspils), ventspilsCentre(ventspils));
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        long id = created.body().get("id").asLong();

        for (String typed : List.of(code, code.replace("-", ""), " " + code + " ")) {
            Answer byCode = call(ventspils, "GET", "/api/clients?q=" + enc(typed), null);
            assertThat(byCode.status()).as(byCode.raw()).isEqualTo(200);
            assertThat(byCode.body()).hasSize(1);
            assertThat(byCode.body().get(0).get("code").asText()).isEqualTo("121287-*****");
            assertThat(byCode.body().get(0).get("cases").toString()).contains(Long.toString(id));
            assertThat(byCode.raw()).doesNotContain(code).doesNotContain(code.replace("-", ""));
        }
        // by the start of the surname, diacritics and case as people type them
        Answer byName = call(ventspils, "GET", "/api/clients?q=" + enc("šķēle-ņ"), null);
        assertThat(byName.status()).as(byName.raw()).isEqualTo(200);
        assertThat(byName.raw()).contains("Ērika Šķēle-Ņikitina");
        // LIKE's wildcards are text, not patterns
        assertThat(call(ventspils, "GET", "/api/clients?q=" + enc("%%"), null).body()).isEmpty();

        // Kuldīga finds nobody of Ventspils, by code or by name
        String kuldiga = env.token(KULDIGA_SPECIALIST);
        assertThat(call(kuldiga, "GET", "/api/clients?q=" + enc(code), null).body()).isEmpty();
        Answer kuldigasOwn = call(kuldiga, "GET", "/api/clients?q=" + enc("Šķēle"), null);
        assertThat(kuldigasOwn.status()).isEqualTo(200);
        kuldigasOwn.body().forEach(row -> assertThat(row.get("municipality").asText()).as(kuldigasOwn.raw()).isEqualTo("kuldiga"));
        assertThat(kuldigasOwn.raw()).doesNotContain("Šķēle-Ņikitina");

        Answer tooShort = call(ventspils, "GET", "/api/clients?q=%C5%A0", null, "lv");
        assertThat(tooShort.status()).isEqualTo(400);
        assertThat(tooShort.body().get("error").asText()).isEqualTo("clientSearch.tooShort");
        assertThat(tooShort.body().get("message").asText()).contains("vismaz 2");
        assertThat(call(ventspils, "GET", "/api/clients?q=" + "x".repeat(101), null, "en").body().get("error").asText())
                .isEqualTo("clientSearch.tooLong");
        assertThat(call(env.token(VENTSPILS_CLERK), "GET", "/api/clients?q=" + enc(code), null).status()).isEqualTo(403);

        String reference = PersonalCode.parse(code).auditReference(VpvkacEnvironment.CLIENT_REF_KEY);
        try (Connection audit = env.auditReader(); Statement st = audit.createStatement();
             ResultSet rows = st.executeQuery("SELECT details FROM audit_record WHERE type = 'VPVKAC_CLIENT_SEARCH'")) {
            int byThisCode = 0;
            while (rows.next()) {
                String details = rows.getString(1);
                assertThat(details).doesNotContain(code).doesNotContain(code.replace("-", "")).doesNotContainIgnoringCase("šķēle");
                if (details.contains(reference)) {
                    byThisCode++;
                }
            }
            assertThat(byThisCode).as("searches for this person, found by the audit reference").isEqualTo(4);
        }
    }

    private static String enc(String text) {
        return java.net.URLEncoder.encode(text, StandardCharsets.UTF_8);
    }

    @Test
    void anEmployeeWithoutAVpvkacRoleCannotReadOrWrite() throws Exception {
        String clerk = env.token(VENTSPILS_CLERK);
        assertThat(call(clerk, "GET", "/api/cases", null).status()).isEqualTo(403);
        Answer refused = register(clerk, validCode("030390", "333"), "X", 1);
        assertThat(refused.status()).as(refused.raw()).isEqualTo(403);
    }

    @Test
    void tokensNotIssuedForVpvkacAreRefused() throws Exception {
        assertThat(call(null, "GET", "/api/cases", null).status()).isEqualTo(401);

        // a real, valid token of the same realm, but for another client (audience)
        KeycloakClient.Response platformCli = env.keycloak().client().passwordGrant(VpvkacEnvironment.REALM, "platform-cli", null,
                VENTSPILS_SPECIALIST, lv.pasvaldibas.testsupport.DemoDirectories.DEMO_PASSWORD);
        assertThat(call(platformCli.body().get("access_token").asText(), "GET", "/api/cases", null).status()).isEqualTo(401);

        // another issuer: the master realm's own token
        KeycloakClient.Response master = env.keycloak().client().passwordGrant("master", "admin-cli", null,
                lv.pasvaldibas.testsupport.KeycloakServer.ADMIN_USER, env.keycloak().adminPassword());
        assertThat(call(master.body().get("access_token").asText(), "GET", "/api/cases", null).status()).isEqualTo(401);

        String good = env.token(VENTSPILS_SPECIALIST);
        assertThat(call(good, "GET", "/api/cases", null).status()).isEqualTo(200);
        String[] parts = good.split("\\.");
        // tampered: the payload names another municipality, the signature is the old one
        String payload = new String(Base64.getUrlDecoder().decode(parts[1]), StandardCharsets.UTF_8).replace("\"ventspils\"", "\"kuldiga\"");
        String tampered = parts[0] + "." + Base64.getUrlEncoder().withoutPadding().encodeToString(payload.getBytes(StandardCharsets.UTF_8))
                + "." + parts[2];
        assertThat(call(tampered, "GET", "/api/cases", null).status()).isEqualTo(401);
        // alg none, no signature
        String none = Base64.getUrlEncoder().withoutPadding().encodeToString("{\"alg\":\"none\",\"typ\":\"JWT\"}".getBytes(StandardCharsets.UTF_8))
                + "." + parts[1] + ".";
        assertThat(call(none, "GET", "/api/cases", null).status()).isEqualTo(401);

        // expired: the test client's tokens made to live 1 second
        String clientId = env.keycloak().client().adminGet("/realms/" + VpvkacEnvironment.REALM + "/clients?clientId="
                + VpvkacEnvironment.TEST_CLIENT).body().get(0).get("id").asText();
        KeycloakClient.Response shortLived = env.keycloak().client().adminPut("/realms/" + VpvkacEnvironment.REALM + "/clients/" + clientId,
                Map.of("clientId", VpvkacEnvironment.TEST_CLIENT, "attributes", Map.of("access.token.lifespan", "1")));
        assertThat(shortLived.status()).as(shortLived.raw()).isEqualTo(204);
        try {
            String expiring = env.token(VENTSPILS_SPECIALIST);
            Thread.sleep(3000);
            assertThat(call(expiring, "GET", "/api/cases", null).status()).isEqualTo(401);
        } finally {
            env.keycloak().client().adminPut("/realms/" + VpvkacEnvironment.REALM + "/clients/" + clientId,
                    Map.of("clientId", VpvkacEnvironment.TEST_CLIENT, "attributes", Map.of("access.token.lifespan", "300")));
        }
    }

    @Test
    void badInputIsRefusedInTheCallersLanguageAndChangesNothing() throws Exception {
        String token = env.token(VENTSPILS_SPECIALIST);
        long centre = ventspilsCentre(token);
        String service = inPersonService(token);
        long before = cases();

        Answer wrongCode = call(token, "POST", "/api/cases", Map.of("personalCode", "150385-23450", "givenName", "A", "surname", "B",
                "serviceCode", service, "centreId", centre, "channel", "IN_PERSON"), "lv");
        assertThat(wrongCode.status()).as(wrongCode.raw()).isEqualTo(400);
        assertThat(wrongCode.body().get("message").asText()).contains("ersonas kod");
        assertThat(call(token, "POST", "/api/cases", Map.of("personalCode", "310285-12345", "givenName", "A", "surname", "B",
                "serviceCode", service, "centreId", centre, "channel", "IN_PERSON"), "en").body().get("error").asText())
                .isEqualTo("personalCode.date");

        Answer script = call(token, "POST", "/api/cases", Map.of("personalCode", validCode("070790", "777"),
                "givenName", "<script>alert(1)</script>", "surname", "B", "serviceCode", service, "centreId", centre, "channel", "IN_PERSON"), "lv");
        assertThat(script.status()).as(script.raw()).isEqualTo(400);
        assertThat(script.body().get("error").asText()).isEqualTo("client.nameMarkup");
        assertThat(script.body().get("message").asText()).contains("nedrīkst");

        Answer unknownService = register(token, validCode("040490", "444"), "NO-SUCH-SERVICE", centre);
        assertThat(unknownService.status()).isEqualTo(400);
        assertThat(unknownService.body().get("error").asText()).isEqualTo("case.unknownService");

        Answer wrongType = call(token, "POST", "/api/cases", Map.of("personalCode", validCode("050590", "555"), "givenName", "A",
                "surname", "B", "serviceCode", service, "centreId", "not a number", "channel", "IN_PERSON"));
        assertThat(wrongType.status()).as(wrongType.raw()).isEqualTo(400);

        Answer created = register(token, validCode("060690", "666"), service, centre);
        long id = created.body().get("id").asLong();
        int version = created.body().get("version").asInt();
        long withOne = cases();
        Answer jump = call(token, "POST", "/api/cases/" + id + "/status", Map.of("status", "DELIVERED", "version", version), "lv");
        assertThat(jump.status()).isEqualTo(400);
        assertThat(jump.body().get("error").asText()).isEqualTo("case.illegalTransition");
        assertThat(jump.body().get("message").asText()).contains("Saņemts").doesNotContain("RECEIVED");

        Answer huge = call(token, "POST", "/api/cases/" + id + "/status", Map.of("status", "IN_PROGRESS", "version", version,
                "note", "x".repeat(1_000_000)));
        assertThat(huge.status()).as(huge.raw().substring(0, Math.min(300, huge.raw().length()))).isIn(400, 413);

        // two specialists with the same version: the second is told, not lost
        Answer first = call(token, "POST", "/api/cases/" + id + "/status", Map.of("status", "IN_PROGRESS", "version", version));
        assertThat(first.status()).isEqualTo(200);
        Answer second = call(env.token("liga.kalnina@ventspils.lv"), "POST", "/api/cases/" + id + "/status",
                Map.of("status", "REJECTED", "version", version), "lv");
        assertThat(second.status()).isEqualTo(409);
        assertThat(second.body().get("error").asText()).isEqualTo("case.changedMeanwhile");

        Answer after = call(token, "GET", "/api/cases/" + id, null);
        assertThat(after.body().get("status").asText()).isEqualTo("IN_PROGRESS");
        assertThat(after.body().get("history")).hasSize(2);
        assertThat(cases()).isEqualTo(withOne).isEqualTo(before + 1);
    }

    /**
     * Two desks register the same new client at the same moment: every registration succeeds and the
     * client exists once (one row per municipality and personal code), not a database error for one
     * desk or a second copy of the person.
     */
    @Test
    void simultaneousRegistrationsOfOneNewClientMakeOneClient() throws Exception {
        String token = env.token(VENTSPILS_SPECIALIST);
        long centre = ventspilsCentre(token);
        String service = inPersonService(token);
        String code = validCode("300377", "640");
        int desks = 6;
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(desks);
        try {
            java.util.concurrent.CountDownLatch start = new java.util.concurrent.CountDownLatch(1);
            List<java.util.concurrent.Future<Answer>> answers = new ArrayList<>();
            for (int i = 0; i < desks; i++) {
                answers.add(pool.submit(() -> {
                    start.await();
                    return register(token, code, service, centre);
                }));
            }
            start.countDown();
            for (java.util.concurrent.Future<Answer> answer : answers) {
                assertThat(answer.get().status()).as(answer.get().raw()).isEqualTo(201);
            }
        } finally {
            pool.shutdownNow();
        }
        try (Connection db = env.database(); java.sql.PreparedStatement s = db.prepareStatement(
                "SELECT count(DISTINCT c.id), count(k.id) FROM client c JOIN service_case k ON k.client_id = c.id WHERE c.personal_code = ?")) {
            s.setString(1, PersonalCode.parse(code).canonical());
            try (ResultSet r = s.executeQuery()) {
                r.next();
                assertThat(r.getLong(1)).as("clients with the code").isEqualTo(1);
                assertThat(r.getLong(2)).as("their cases").isEqualTo(desks);
            }
        }
    }

    private long cases() throws Exception {
        try (Connection db = env.database(); Statement s = db.createStatement();
             ResultSet count = s.executeQuery("SELECT count(*) FROM service_case")) {
            count.next();
            return count.getLong(1);
        }
    }
}
