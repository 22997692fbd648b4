package lv.pasvaldibas.realmconfig;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.ByteArrayOutputStream;
import java.io.PrintStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.SharedEnvironmentExtension;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * realm apply against a real Keycloak on PostgreSQL: what the admin API answers after an import compares
 * equal to the file, and what the file adds arrives through the admin API. A small realm of its own: the
 * platform's file needs the extensions' providers, and keycloak-extensions is built after this module
 * (PlatformCommandIT applies the platform's file through bin/platform).
 */
class RealmApplyIT {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final String API_SECRET = "it-api-secret";

    /** As Keycloak imports it: a realm role, a client and a role of that client. */
    private static final String REALM = """
            {'realm':'REALM','enabled':true,
             'roles':{'realm':[{'name':'employee','description':'Employee'}],
                      'client':{'portal':[{'name':'portal-viewer','description':'Sees the portal'}]}},
             'clients':[{'clientId':'portal','publicClient':true,'redirectUris':['http://127.0.0.1/portal/*']}]}
            """;

    private static Postgres postgres;
    private static KeycloakServer keycloak;

    @TempDir
    Path files;

    @BeforeAll
    static void start() throws Exception {
        Path work = Path.of("target", "it-work", "RealmApplyIT").toAbsolutePath();
        SharedEnvironmentExtension.deleteRecursively(work);
        Files.createDirectories(work);
        postgres = Postgres.start();
        keycloak = KeycloakServer.builder().database(postgres.createDatabase("keycloak", "keycloak", "keycloak-pw")).start(work);
    }

    @AfterAll
    static void stop() {
        // also after a start that failed half-way
        if (keycloak != null) {
            keycloak.close();
        }
        if (postgres != null) {
            postgres.close();
        }
    }

    private record Result(int exit, String out, String err) {
    }

    /** The realm file for {@code realm}, imported into Keycloak as bin/platform up's first start does. */
    private static ObjectNode imported(String realm) throws Exception {
        ObjectNode file = (ObjectNode) JSON.readTree(REALM.replace('\'', '"').replace("REALM", realm));
        KeycloakClient.Response created = keycloak.client().adminPost("/realms", file.toString());
        assertThat(created.status()).as(created.raw()).isEqualTo(201);
        return file;
    }

    private Result apply(JsonNode file, String... options) throws Exception {
        Path path = files.resolve("realm.json");
        JSON.writeValue(path.toFile(), file);
        List<String> args = new ArrayList<>(List.of("--url", keycloak.baseUrl(), "--file", path.toString()));
        args.addAll(List.of(options));
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        ByteArrayOutputStream err = new ByteArrayOutputStream();
        int exit = RealmApplyCommand.run(args.toArray(String[]::new),
                Map.of("REALM_APPLY_ADMIN_PASSWORD", keycloak.adminPassword(), "IT_API_SECRET", API_SECRET),
                new PrintStream(out, true, StandardCharsets.UTF_8), new PrintStream(err, true, StandardCharsets.UTF_8));
        Result result = new Result(exit, out.toString(StandardCharsets.UTF_8), err.toString(StandardCharsets.UTF_8));
        assertThat(result.exit()).as(result.out() + result.err()).isZero();
        return result;
    }

    /** The lines that name a change: create, update or delete. */
    private static List<String> changes(Result r) {
        return r.out().lines().map(String::strip).filter(l -> l.matches("(create|update|delete) .*")).toList();
    }

    private static JsonNode client(String realm, String clientId) {
        KeycloakClient.Response r = keycloak.client().adminGet("/realms/" + realm + "/clients?clientId=" + clientId);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        return r.body().path(0);
    }

    /** A client's roles on the platform: name to description. */
    private static Map<String, String> clientRoles(String realm, String clientId) {
        KeycloakClient.Response r = keycloak.client().adminGet("/realms/" + realm + "/clients/" + client(realm, clientId).path("id").asText() + "/roles");
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        Map<String, String> roles = new TreeMap<>();
        r.body().forEach(role -> roles.put(role.path("name").asText(), role.path("description").asText()));
        return roles;
    }

    @Test
    void anImportedRealmWithClientRolesHasNothingToDo() throws Exception {
        ObjectNode file = imported("unchanged");
        Result dryRun = apply(file, "--dry-run");
        assertThat(dryRun.out()).contains("Nothing to do.").doesNotContain("roles.client");
        assertThat(changes(dryRun)).isEmpty();
    }

    @Test
    void aClientAddedToTheFileIsCreatedWithItsRolesAndAnExtraRoleGoesOnlyWithDelete() throws Exception {
        ObjectNode file = imported("added");
        ((ArrayNode) file.get("clients")).addObject().put("clientId", "api").put("publicClient", false).put("secret", "${IT_API_SECRET}")
                .put("standardFlowEnabled", false);
        ArrayNode apiRoles = ((ObjectNode) file.get("roles").get("client")).putArray("api");
        apiRoles.addObject().put("name", "api-reader").put("description", "Reads");
        apiRoles.addObject().put("name", "api-operator").put("description", "Operates");

        Result dryRun = apply(file, "--dry-run");
        assertThat(changes(dryRun)).as(dryRun.out()).containsExactly("create client api",
                "create client role api-reader of client api", "create client role api-operator of client api");
        assertThat(client("added", "api").isMissingNode()).as("a dry run changes nothing").isTrue();

        Result created = apply(file);
        assertThat(created.out()).contains("Applied 3 changes.");
        assertThat(clientRoles("added", "api")).isEqualTo(Map.of("api-operator", "Operates", "api-reader", "Reads"));
        assertThat(changes(apply(file, "--dry-run"))).as("the secret and the roles compare equal once made").isEmpty();

        ((ObjectNode) file.get("roles").get("client").get("portal").get(0)).put("description", "Sees the whole portal");
        Result updated = apply(file);
        assertThat(changes(updated)).containsExactly(
                "update client role portal-viewer of client portal: description: \"Sees the portal\" -> \"Sees the whole portal\"");
        assertThat(clientRoles("added", "portal")).isEqualTo(Map.of("portal-viewer", "Sees the whole portal"));

        apiRoles.remove(1);
        Result kept = apply(file);
        assertThat(kept.out()).contains("keep client role api-operator of client api: not in realm-config (--delete removes it)",
                "Nothing to do.");
        assertThat(clientRoles("added", "api")).containsKey("api-operator");
        Result deleted = apply(file, "--delete");
        assertThat(changes(deleted)).containsExactly("delete client role api-operator of client api");
        assertThat(clientRoles("added", "api")).isEqualTo(Map.of("api-reader", "Reads"));
    }

    /** The client roles a client's service account holds on the platform, as {@code client/role}. */
    private static List<String> serviceAccountClientRoles(String realm, String clientId) {
        String user = keycloak.client().adminGet("/realms/" + realm + "/clients/" + client(realm, clientId).path("id").asText()
                + "/service-account-user").body().path("id").asText();
        List<String> roles = new ArrayList<>();
        keycloak.client().adminGet("/realms/" + realm + "/users/" + user + "/role-mappings").body().path("clientMappings")
                .forEach(c -> c.path("mappings").forEach(r -> roles.add(c.path("client").asText() + "/" + r.path("name").asText())));
        return roles;
    }

    @Test
    void aServiceAccountsRoleInTheFileIsGivenToAnExistingClientAndToOneCreatedInTheSameRun() throws Exception {
        ObjectNode file = imported("accounts");
        // a confidential client of the platform as imported before its service account needed a role
        ((ArrayNode) file.get("clients")).addObject().put("clientId", "observer").put("publicClient", false)
                .put("secret", "${IT_API_SECRET}").put("standardFlowEnabled", false).put("serviceAccountsEnabled", true);
        apply(file);
        assertThat(serviceAccountClientRoles("accounts", "observer")).isEmpty();

        ArrayNode users = file.putArray("users");
        users.addObject().put("username", "service-account-observer").put("serviceAccountClientId", "observer")
                .putObject("clientRoles").putArray("realm-management").add("view-realm");
        ((ArrayNode) file.get("clients")).addObject().put("clientId", "reporter").put("publicClient", false)
                .put("secret", "${IT_API_SECRET}").put("standardFlowEnabled", false).put("serviceAccountsEnabled", true);
        users.addObject().put("username", "service-account-reporter").put("serviceAccountClientId", "reporter")
                .putObject("clientRoles").putArray("realm-management").add("view-users");
        Result dryRun = apply(file, "--dry-run");
        assertThat(changes(dryRun)).as(dryRun.out()).containsExactly("create client reporter",
                "create service account role realm-management/view-realm of client observer",
                "create service account role realm-management/view-users of client reporter");
        assertThat(serviceAccountClientRoles("accounts", "observer")).as("a dry run changes nothing").isEmpty();

        assertThat(apply(file).out()).contains("Applied 3 changes.");
        assertThat(serviceAccountClientRoles("accounts", "observer")).containsExactly("realm-management/view-realm");
        assertThat(serviceAccountClientRoles("accounts", "reporter")).containsExactly("realm-management/view-users");
        assertThat(changes(apply(file, "--dry-run"))).as("given once, nothing more to do").isEmpty();
    }
}
