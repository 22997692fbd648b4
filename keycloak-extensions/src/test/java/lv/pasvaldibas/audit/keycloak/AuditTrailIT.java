package lv.pasvaldibas.audit.keycloak;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditDatabase;
import lv.pasvaldibas.directory.keycloak.DirectoryComponent;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.DirectoryData;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.LdifBuilder;
import lv.pasvaldibas.testsupport.Slapd;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * Acceptance 1 of the audit log: sign-ins of every outcome and admin actions are in the log with
 * the right fields, and no password, token or directory secret is anywhere in the log or in
 * Keycloak's own log.
 */
@ExtendWith(FederationEnvironment.Extension.class)
class AuditTrailIT {

    private static final String WRONG_PASSWORD = "Nepareiza-Parole-ŽĀ-77";
    private static final String DIRECTORY_SECRET = "svc-dobele-Slepens-Ķ-91";
    private static final String INITIAL_PASSWORD = "Sākotnējā-Parole-Ģ-12";
    private static final String RESET_PASSWORD = "Jaunā-Parole-Ņ-34";

    private final FederationEnvironment env;
    private final AuditRecords audit;

    AuditTrailIT(FederationEnvironment env) {
        this.env = env;
        this.audit = new AuditRecords(env);
    }

    private static Map<String, String> only(List<Map<String, String>> rows) {
        assertThat(rows).hasSize(1);
        return rows.get(0);
    }

    @Test
    void signInsOfEveryOutcomeAreRecordedWithTheirFields() throws Exception {
        KeycloakClient.Response ok = env.signIn("anna.berzina@ventspils.lv", DemoDirectories.DEMO_PASSWORD);
        assertThat(ok.status()).isEqualTo(200);
        String sessionId = KeycloakClient.claims(ok.body().get("access_token").asText()).get("sid").asText();
        Map<String, String> login = only(audit.where("type = 'LOGIN' AND session = ?", sessionId));
        assertThat(login).containsEntry("outcome", "SUCCESS")
                .containsEntry("actor_username", "anna.berzina@ventspils.lv")
                .containsEntry("actor_directory", "ventspils")
                .containsEntry("actor_municipality", "ventspils")
                .containsEntry("client", FederationEnvironment.CLIENT)
                .containsEntry("source_ip", "127.0.0.1")
                .containsEntry("target_type", "user");
        assertThat(login.get("stream")).isEqualTo(FederationEnvironment.AUDIT_STREAM);
        assertThat(login.get("details")).contains("\"grant_type\":\"password\"", "\"realm\":\"pasvaldibas\"");

        assertThat(env.signIn("laura.vitola@kuldiga.lv", WRONG_PASSWORD).status()).isIn(400, 401);
        Map<String, String> wrong = only(audit.where("type = 'LOGIN_ERROR' AND actor_username = 'laura.vitola@kuldiga.lv'"));
        assertThat(wrong).containsEntry("outcome", "FAILURE").containsEntry("actor_municipality", "kuldiga");
        assertThat(wrong.get("details")).contains("\"error\":\"invalid_user_credentials\"");

        assertThat(env.signIn("jānis.nezināms@talsi.lv", DemoDirectories.DEMO_PASSWORD).status()).isIn(400, 401);
        Map<String, String> unknown = only(audit.where("type = 'LOGIN_ERROR' AND actor_username = 'jānis.nezināms@talsi.lv'"));
        assertThat(unknown).containsEntry("outcome", "FAILURE")
                .containsEntry("actor_user_id", null)
                .containsEntry("actor_directory", "talsi")
                .containsEntry("actor_municipality", "talsi");
        assertThat(unknown.get("details")).contains("\"error\":\"user_not_found\"");

        assertThat(env.signIn("juris.strautins@kuldiga.lv", DemoDirectories.DEMO_PASSWORD).status()).isIn(400, 401);
        Map<String, String> disabled = only(audit.where("type = 'LOGIN_ERROR' AND actor_username = 'juris.strautins@kuldiga.lv'"));
        assertThat(disabled).containsEntry("outcome", "DENIED").containsEntry("actor_directory", "kuldiga");
        assertThat(disabled.get("details")).contains("\"error\":\"user_disabled\"");

        assertThat(env.keycloak().log()).doesNotContain(DemoDirectories.DEMO_PASSWORD, WRONG_PASSWORD,
                ok.body().get("access_token").asText(), ok.body().get("refresh_token").asText());
        assertThat(audit.everything()).doesNotContain(DemoDirectories.DEMO_PASSWORD, WRONG_PASSWORD,
                ok.body().get("access_token").asText(), ok.body().get("refresh_token").asText());
    }

    @Test
    void adminActionsAreRecordedWithoutTheirSecrets() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "audit-admin");
        LdifBuilder dobele = new LdifBuilder("dobele.lv", DirectoryData.Flavor.OPENLDAP, DIRECTORY_SECRET);
        dobele.person(LdifBuilder.Person.of("ilze.ozolina", "Ilze", "Ozoliņa", DemoDirectories.DEMO_PASSWORD, "darbinieki"));
        try (Slapd slapd = Slapd.builder().directory(dobele.directory("dobele")).start(work.resolve("slapd"))) {
            String storage = env.client().adminGet("/realms/pasvaldibas/components?name=municipal-directories").body().get(0).get("id").asText();
            Map<String, List<String>> config = new HashMap<>();
            config.put("municipality", List.of("dobele"));
            config.put("dialect", List.of("openldap"));
            config.put("urls", List.of(slapd.ldapUrl("dobele")));
            config.put("bindDn", List.of(dobele.serviceAccountDn()));
            config.put("bindSecret", List.of(DIRECTORY_SECRET));
            config.put("usersDn", List.of("ou=people," + dobele.suffix()));
            config.put("domains", List.of("dobele.lv"));
            KeycloakClient.Response created = env.client().adminPost("/realms/pasvaldibas/components",
                    Map.of("name", "dobele", "parentId", storage, "providerType", DirectoryComponent.class.getName(),
                            "providerId", "ldap-directory", "config", config));
            assertThat(created.status()).as(created.raw()).isEqualTo(201);
            try {
                Map<String, String> create = only(audit.where("type = 'ADMIN_CREATE' AND target_type = 'COMPONENT' AND details LIKE ?",
                        "%dobele.lv%"));
                assertThat(create).containsEntry("outcome", "SUCCESS")
                        .containsEntry("actor_username", "admin")
                        .containsEntry("client", "admin-cli");
                assertThat(create.get("details")).contains("\"resourcePath\":\"components/", "dobele.lv", "**redacted**");
            } finally {
                for (JsonNode c : env.client().adminGet("/realms/pasvaldibas/components?parent=" + storage + "&name=dobele").body()) {
                    env.client().adminDelete("/realms/pasvaldibas/components/" + c.get("id").asText());
                }
            }
        }

        KeycloakClient.Response user = env.client().adminPost("/realms/pasvaldibas/users", Map.of("username", "audita.parbaude",
                "firstName", "Auditā", "lastName", "Pārbaude", "enabled", true,
                "credentials", List.of(Map.of("type", "password", "value", INITIAL_PASSWORD, "temporary", false))));
        assertThat(user.status()).as(user.raw()).isEqualTo(201);
        String userId = env.client().adminGet("/realms/pasvaldibas/users?exact=true&username=audita.parbaude").body().get(0).get("id").asText();
        try {
            assertThat(env.client().adminPut("/realms/pasvaldibas/users/" + userId + "/reset-password",
                    Map.of("type", "password", "value", RESET_PASSWORD, "temporary", false)).status()).isEqualTo(204);
            Map<String, String> reset = only(audit.where("type = 'ADMIN_ACTION' AND target_type = 'USER' AND details LIKE ?",
                    "%reset-password%"));
            assertThat(reset).containsEntry("outcome", "SUCCESS").containsEntry("actor_username", "admin");
            assertThat(only(audit.where("type = 'ADMIN_CREATE' AND target_type = 'USER' AND details LIKE ?", "%audita.parbaude%"))
                    .get("details")).contains("Pārbaude");
        } finally {
            env.client().adminDelete("/realms/pasvaldibas/users/" + userId);
        }

        String everything = audit.everything();
        assertThat(everything).doesNotContain(DIRECTORY_SECRET, INITIAL_PASSWORD, RESET_PASSWORD);
        assertThat(env.keycloak().log()).doesNotContain(DIRECTORY_SECRET, INITIAL_PASSWORD, RESET_PASSWORD);
    }

    @Test
    void theLogVerifiesAndIsCheckpointed() throws Exception {
        assertThat(env.signIn("karlis.liepins@talsi.lv", DemoDirectories.DEMO_PASSWORD).status()).isEqualTo(200);
        Thread.sleep(3000); // the test environment signs a checkpoint every 2 s
        try (Connection c = env.auditReader()) {
            assertThat(AuditDatabase.verify(c, env.auditPublicKey())).isEmpty();
            var rs = c.createStatement().executeQuery("SELECT count(*) FROM audit_checkpoint WHERE stream = '"
                    + FederationEnvironment.AUDIT_STREAM + "'");
            rs.next();
            assertThat(rs.getLong(1)).isPositive();
        }
    }
}
