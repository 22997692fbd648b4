package lv.pasvaldibas.platform;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.stream.Stream;
import lv.pasvaldibas.testsupport.Ports;
import lv.pasvaldibas.testsupport.WildFlyServer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/platform} as a person uses it, on ports and in a state folder of its own so that it
 * does not disturb a platform already running on this machine. It lives in the reactor's last
 * module because {@code up} starts every part of the platform: here the provider jar, the realm
 * tool and the VPVKAC WAR are all built when it runs, in a fresh clone too.
 */
class PlatformCommandIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Path home;
    /** The checkout whose bin/platform runs: this one, or a stand-in for a clone in a closed folder. */
    private Path checkout = ROOT;
    private final Map<String, String> env = new HashMap<>();

    /** Exit code and everything the command printed. */
    record Result(int exit, String output) {
    }

    @BeforeEach
    void separatePlatform() throws IOException {
        // under /tmp: PostgreSQL runs as the postgres user, which must reach the folder
        home = Files.createTempDirectory("platform-it-");
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwxr-xr-x"));
        env.put("PLATFORM_HOME", home.toString());
        env.put("JAVA_HOME", System.getProperty("java.home"));
        env.put("PLATFORM_KC_PORT", Integer.toString(Ports.free()));
        env.put("PLATFORM_KC_MANAGEMENT_PORT", Integer.toString(Ports.free()));
        env.put("PLATFORM_PG_PORT", Integer.toString(Ports.free()));
        env.put("PLATFORM_LDAP_PORT", Integer.toString(Ports.free()));
        env.put("PLATFORM_LDAPS_PORT", Integer.toString(Ports.free()));
        env.put("PLATFORM_VPVKAC_PORT_OFFSET", Integer.toString(WildFlyServer.freePortOffset()));
        env.put("PLATFORM_PROVISIONING_PORT", Integer.toString(Ports.free()));
        env.put("PLATFORM_MONITOR_PORT", Integer.toString(Ports.free()));
        env.put("PLATFORM_MAIL_CATCHER_PORT", Integer.toString(Ports.free()));
        env.put("PLATFORM_MAIL_CATCHER_API_PORT", Integer.toString(Ports.free()));
    }

    @AfterEach
    void stopAndRemove() throws Exception {
        run("down");
        Path link = checkout.resolve(".platform");
        // only the test's own clone: this checkout's .platform may link to the state of a platform in use
        if (!checkout.equals(ROOT) && Files.isSymbolicLink(link)) {
            Path state = Files.readSymbolicLink(link);
            assertThat(state).startsWith(Path.of("/var/lib/pasvaldibas-platform"));
            // the state folder bin/platform made for the clone under /var/lib
            new ProcessBuilder("rm", "-rf", state.toString()).start().waitFor(60, TimeUnit.SECONDS);
        }
        new ProcessBuilder("rm", "-rf", home.toString()).start().waitFor(60, TimeUnit.SECONDS);
    }

    /**
     * A clone inside a folder of mode 700, as under /root: the postgres user cannot enter it. Stands in
     * for {@code git clone} without rebuilding: its folders link to this checkout's (built) ones, its
     * files are copies with their times kept, so bin/platform finds the build up to date.
     */
    private Path closedClone() throws IOException {
        Files.setPosixFilePermissions(home, PosixFilePermissions.fromString("rwx------"));
        Path clone = Files.createDirectory(home.resolve("pasvaldibas"));
        try (Stream<Path> entries = Files.list(ROOT)) {
            for (Path entry : entries.toList()) {
                String name = entry.getFileName().toString();
                if (name.equals(".platform") || name.equals(".git")) {
                    continue;
                }
                if (Files.isDirectory(entry)) {
                    Files.createSymbolicLink(clone.resolve(name), entry);
                } else {
                    Files.copy(entry, clone.resolve(name), StandardCopyOption.COPY_ATTRIBUTES);
                }
            }
        }
        return clone;
    }

    private Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(checkout.resolve("bin/platform").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(checkout.toFile()).redirectErrorStream(true);
        builder.environment().putAll(env);
        Process p = builder.start();
        String output = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(10, TimeUnit.MINUTES)).isTrue();
        return new Result(p.exitValue(), output);
    }

    private static void assertCleanFailure(Result r, String message) {
        assertThat(r.exit()).as(r.output()).isNotZero();
        assertThat(r.output()).contains(message).doesNotContain("Exception", "\tat ");
    }

    @Test
    void withoutAJdk21TheCommandSaysSoAndFails() throws Exception {
        env.put("JAVA_HOME", "/nonexistent");
        env.put("PLATFORM_JVM_DIR", Files.createDirectories(home.resolve("no-jdks")).toString());
        assertCleanFailure(run("up"), "no JDK 21 or newer found");
        assertCleanFailure(run("test"), "no JDK 21 or newer found");
    }

    @Test
    void aTakenPortIsNamedBeforeAnythingStarts() throws Exception {
        try (ServerSocket taken = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
            env.put("PLATFORM_LDAP_PORT", Integer.toString(taken.getLocalPort()));
            assertCleanFailure(run("up"), "port " + taken.getLocalPort() + " (demo LDAP) is already in use");
        }
        assertThat(Files.exists(home.resolve("postgres/data"))).isFalse();
    }

    @Test
    void aPostgresDataFolderOfAnotherUserIsRefused() throws Exception {
        Path data = Files.createDirectories(home.resolve("postgres/data"));
        assertThat(new ProcessBuilder("chown", "nobody", data.toString()).start().waitFor()).isZero();
        assertCleanFailure(run("up"), "is owned by 'nobody', expected 'postgres'");
    }

    @Test
    void upFromAFolderClosedToPostgresServesTheRealmAndTheDemoDirectoriesWithoutAnyVariableAndDownLeavesNothingRunning() throws Exception {
        // no PLATFORM_HOME: only the ports move, so that a platform already running here is not disturbed
        env.remove("PLATFORM_HOME");
        checkout = closedClone();
        Result up = run("up");
        assertThat(up.exit()).as(up.output()).isZero();
        assertThat(up.output()).contains("The platform is up", "janis.berzins@ventspils.lv", DemoDirectories.DEMO_PASSWORD)
                .contains("which cannot enter " + checkout, "/var/lib/pasvaldibas-platform/")
                .contains("Applying realm-config", "Nothing to do.");
        Path state = checkout.resolve(".platform").toRealPath();
        assertThat(Files.isSymbolicLink(checkout.resolve(".platform"))).isTrue();
        assertThat(state).startsWith(Path.of("/var/lib/pasvaldibas-platform"));
        assertThat(state.resolve("postgres/data")).isDirectory();
        assertThat(run("status").output()).contains("State             " + state);

        HttpResponse<String> ready = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                        URI.create("http://127.0.0.1:" + env.get("PLATFORM_KC_MANAGEMENT_PORT") + "/health/ready")).build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(ready.statusCode()).isEqualTo(200);

        String ldif = ldapsearch("(sn=Bērziņš)");
        assertThat(ldif).contains("uid: janis.berzins");
        assertThat(decodedValues(ldif)).contains("Jānis Bērziņš");

        KeycloakClient client = new KeycloakClient("http://127.0.0.1:" + env.get("PLATFORM_KC_PORT"), "admin", "unused");
        KeycloakClient.Response token = client.passwordGrant("pasvaldibas", "platform-cli", null,
                "KULDIGA\\laura.vitola", DemoDirectories.DEMO_PASSWORD);
        assertThat(token.status()).as(token.raw()).isEqualTo(200);
        assertThat(KeycloakClient.claims(token.body().get("access_token").asText()).get("name").asText()).isEqualTo("Laura Vītola");

        // a demo LDAP admin signs in with the second factor `up` set up, and the trust API takes the token
        Result code = run("admin-code");
        assertThat(code.exit()).as(code.output()).isZero();
        KeycloakClient.Response admin = client.passwordGrant("pasvaldibas", "platform-cli", null,
                "andris.kalnins@kuldiga.lv", DemoDirectories.DEMO_PASSWORD, code.output().strip());
        assertThat(admin.status()).as(admin.raw()).isEqualTo(200);
        KeycloakClient.Response trusts = client.withToken(admin.body().get("access_token").asText(), "GET",
                "/realms/pasvaldibas/municipal-trusts", null);
        assertThat(trusts.status()).as(trusts.raw()).isEqualTo(200);

        // the VPVKAC application runs on WildFly: open health, an API that wants a token for it
        String vpvkac = "http://127.0.0.1:" + (8080 + Integer.parseInt(env.get("PLATFORM_VPVKAC_PORT_OFFSET")));
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vpvkac + "/health")).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).isEqualTo(200);
        assertThat(HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(vpvkac + "/api/cases"))
                .header("Accept", "application/json").header("Authorization", "Bearer " + token.body().get("access_token").asText()).build(),
                HttpResponse.BodyHandlers.ofString()).statusCode()).as("a platform-cli token is not for VPVKAC").isEqualTo(401);
        assertThat(run("status").output()).contains("VPVKAC (WildFly)  ready");

        // the provisioning daemon runs with its demo hosts and templates; a Kuldīga operator signs in through provisioning-cli
        String provisioning = "http://127.0.0.1:" + env.get("PLATFORM_PROVISIONING_PORT");
        KeycloakClient.Response operator = client.authorizationCodeGrant("pasvaldibas", "provisioning-cli", null, provisioning + "/",
                "karlis.liepins@kuldiga.lv", "Demo-Parole-2026");
        assertThat(operator.status()).as(operator.raw()).isEqualTo(200);
        HttpResponse<String> templates = HttpClient.newHttpClient().send(HttpRequest.newBuilder(URI.create(provisioning + "/api/v1/templates"))
                .header("Authorization", "Bearer " + operator.body().get("access_token").asText()).header("Accept-Language", "lv").build(),
                HttpResponse.BodyHandlers.ofString());
        assertThat(templates.statusCode()).as(templates.body()).isEqualTo(200);
        assertThat(templates.body()).contains("Datubāzes serveris (Debian 12)");
        assertThat(run("status").output()).contains("Provisioning      ready");

        // the security monitor reads the audit log with the shipped rules
        HttpResponse<String> monitor = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + env.get("PLATFORM_MONITOR_PORT") + "/health")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(monitor.statusCode()).as(monitor.body()).isEqualTo(200);
        // every shipped rule file is loaded (a file holds one rule or more)
        java.util.regex.Matcher rules = java.util.regex.Pattern.compile("\"rules\":(\\d+)").matcher(monitor.body());
        assertThat(rules.find()).as(monitor.body()).isTrue();
        long ruleFiles;
        try (var files = Files.list(checkout.resolve("security-monitor/monitor/src/main/resources/rules"))) {
            ruleFiles = files.filter(f -> f.toString().endsWith(".yml")).count();
        }
        assertThat(Integer.parseInt(rules.group(1))).isGreaterThanOrEqualTo((int) ruleFiles).isGreaterThanOrEqualTo(10);
        assertThat(run("status").output()).contains("Security monitor  ready");
        // its sign-in: a request signed with the key up made, which Keycloak (holding the certificate from the import) accepts
        HttpClient noRedirects = HttpClient.newBuilder().followRedirects(HttpClient.Redirect.NEVER).build();
        HttpResponse<String> login = noRedirects.send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + env.get("PLATFORM_MONITOR_PORT") + "/login")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(login.statusCode()).as(login.body()).isEqualTo(302);
        String signOn = login.headers().firstValue("Location").orElseThrow();
        assertThat(signOn).startsWith("http://127.0.0.1:" + env.get("PLATFORM_KC_PORT") + "/realms/pasvaldibas/protocol/saml?SAMLRequest=")
                .contains("&Signature=");
        HttpResponse<String> loginPage = noRedirects.send(HttpRequest.newBuilder(URI.create(signOn)).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(loginPage.statusCode()).as(loginPage.body()).isEqualTo(200);
        assertThat(loginPage.body()).contains("id=\"username\"");
        // and its alerts' mail catcher
        HttpResponse<String> mailbox = HttpClient.newHttpClient().send(HttpRequest.newBuilder(
                URI.create("http://127.0.0.1:" + env.get("PLATFORM_MAIL_CATCHER_API_PORT") + "/api/user")).build(), HttpResponse.BodyHandlers.ofString());
        assertThat(mailbox.statusCode()).isEqualTo(200);

        // the sign-ins, the VPVKAC demo data and the provisioning call are in the platform's audit log, which verifies
        Result verify = run("audit", "verify");
        assertThat(verify.exit()).as(verify.output()).isZero();
        // three streams (keycloak, vpvkac, provisioning), four when the monitor has raised an alert (realm apply out of hours)
        assertThat(verify.output()).containsPattern("Audit log intact: [34] stream");

        realmApplyCreatesAndUpdatesWhatRealmConfigAddsAndDeletesNothingUnasked();

        Result again = run("up");
        assertThat(again.exit()).isZero();
        assertThat(again.output()).contains("already running");
        assertThat(run("status").output()).contains("Keycloak          ready");

        // a restart applies realm-config to the realm that exists (the revert above already did: nothing to do)
        assertThat(run("down").exit()).isZero();
        Result restarted = run("up");
        assertThat(restarted.exit()).as(restarted.output()).isZero();
        assertThat(restarted.output()).contains("Applying realm-config", "Nothing to do.");

        Result down = run("down");
        assertThat(down.exit()).as(down.output()).isZero();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(state.toString()))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList()).isEmpty();
        assertThat(Ports.accepting(Integer.parseInt(env.get("PLATFORM_KC_PORT")))).isFalse();
        assertThat(Ports.accepting(Integer.parseInt(env.get("PLATFORM_LDAP_PORT")))).isFalse();
        assertThat(Ports.accepting(Integer.parseInt(env.get("PLATFORM_PG_PORT")))).isFalse();
        assertThat(Ports.accepting(8080 + Integer.parseInt(env.get("PLATFORM_VPVKAC_PORT_OFFSET")))).isFalse();
        assertThat(Ports.accepting(Integer.parseInt(env.get("PLATFORM_PROVISIONING_PORT")))).isFalse();
        assertThat(Ports.accepting(Integer.parseInt(env.get("PLATFORM_MONITOR_PORT")))).isFalse();
        assertThat(Ports.accepting(Integer.parseInt(env.get("PLATFORM_MAIL_CATCHER_PORT")))).isFalse();
        assertThat(run("status").output()).contains("Keycloak          stopped", "VPVKAC (WildFly)  stopped", "Provisioning      stopped", "Security monitor  stopped");
    }

    private static final ObjectMapper JSON = new ObjectMapper();

    /** The lines that name a change: create, update or delete. */
    private static List<String> changes(Result r) {
        return r.output().lines().map(String::strip).filter(l -> l.matches("(create|update|delete) .*")).toList();
    }

    private void realmApplyCreatesAndUpdatesWhatRealmConfigAddsAndDeletesNothingUnasked() throws Exception {
        Result unchanged = run("realm", "apply", "--dry-run");
        assertThat(unchanged.exit()).as(unchanged.output()).isZero();
        assertThat(unchanged.output()).as(unchanged.output()).contains("Nothing to do.", "skip components:");
        assertThat(changes(unchanged)).isEmpty();

        KeycloakClient admin = new KeycloakClient("http://127.0.0.1:" + env.get("PLATFORM_KC_PORT"), "admin",
                Files.readString(checkout.resolve(".platform/secrets/keycloak-admin")).strip());
        Path copy = home.resolve("realm-copy.json");
        ObjectNode realm = (ObjectNode) JSON.readTree(ROOT.resolve("realm-config/pasvaldibas-realm.json").toFile());
        ((ArrayNode) realm.get("clients")).addObject().put("clientId", "it-new-app").put("publicClient", true)
                .put("description", "added by PlatformCommandIT").putArray("redirectUris").add("http://127.0.0.1/it/*");
        ((ObjectNode) realm.get("roles")).withObjectProperty("client").putArray("it-new-app").addObject()
                .put("name", "it-role").put("description", "added by PlatformCommandIT");
        JSON.writeValue(copy.toFile(), realm);

        Result dryRun = run("realm", "apply", "--dry-run", "--file", copy.toString());
        assertThat(dryRun.exit()).as(dryRun.output()).isZero();
        assertThat(changes(dryRun)).as(dryRun.output()).containsExactly("create client it-new-app",
                "create client role it-role of client it-new-app");
        assertThat(clients(admin, "it-new-app")).as("a dry run changes nothing").isEmpty();

        Result apply = run("realm", "apply", "--file", copy.toString());
        assertThat(apply.exit()).as(apply.output()).isZero();
        assertThat(apply.output()).contains("Applied 2 changes.");
        assertThat(clients(admin, "it-new-app")).hasSize(1);
        String newAppId = clients(admin, "it-new-app").get(0).get("id").asText();
        KeycloakClient.Response roles = admin.adminGet("/realms/pasvaldibas/clients/" + newAppId + "/roles");
        assertThat(roles.status()).as(roles.raw()).isEqualTo(200);
        assertThat(roles.body().findValuesAsText("name")).containsExactly("it-role");
        assertThat(changes(run("realm", "apply", "--dry-run", "--file", copy.toString()))).isEmpty();

        // a changed field of an existing client is shown with both values and updated
        ObjectNode cli = null;
        for (JsonNode client : realm.get("clients")) {
            if ("platform-cli".equals(client.get("clientId").asText())) {
                cli = (ObjectNode) client;
            }
        }
        assertThat(cli).as("platform-cli in realm-config").isNotNull();
        String before = cli.get("description").asText();
        cli.put("description", "changed by PlatformCommandIT");
        JSON.writeValue(copy.toFile(), realm);
        Result update = run("realm", "apply", "--file", copy.toString());
        assertThat(update.exit()).as(update.output()).isZero();
        assertThat(changes(update)).containsExactly("update client platform-cli: description: \"" + before + "\" -> \"changed by PlatformCommandIT\"");
        assertThat(clients(admin, "platform-cli").get(0).get("description").asText()).isEqualTo("changed by PlatformCommandIT");

        // back to the repository's file: platform-cli is reverted, the extra client is named but kept
        Result revert = run("realm", "apply");
        assertThat(revert.exit()).as(revert.output()).isZero();
        assertThat(changes(revert)).containsExactly("update client platform-cli: description: \"changed by PlatformCommandIT\" -> \"" + before + "\"");
        assertThat(revert.output()).contains("keep client it-new-app: not in realm-config (--delete removes it)");
        assertThat(clients(admin, "it-new-app")).as("nothing deleted without --delete").hasSize(1);
        assertThat(changes(run("realm", "apply", "--dry-run", "--delete"))).containsExactly("delete client it-new-app");
        assertThat(clients(admin, "it-new-app")).hasSize(1);
        assertThat(run("realm", "apply", "--delete").exit()).isZero();
        assertThat(clients(admin, "it-new-app")).isEmpty();
    }

    private static List<JsonNode> clients(KeycloakClient admin, String clientId) {
        KeycloakClient.Response r = admin.adminGet("/realms/pasvaldibas/clients?clientId=" + clientId);
        assertThat(r.status()).as(r.raw()).isEqualTo(200);
        List<JsonNode> out = new java.util.ArrayList<>();
        r.body().forEach(out::add);
        return out;
    }

    private String ldapsearch(String filter) throws Exception {
        Process p = new ProcessBuilder("ldapsearch", "-x", "-LLL", "-H", "ldap://127.0.0.1:" + env.get("PLATFORM_LDAP_PORT"),
                "-D", "cn=platform-svc,ou=system,dc=kuldiga,dc=lv", "-w", DemoDirectories.SERVICE_PASSWORD,
                "-b", "dc=kuldiga,dc=lv", filter, "uid", "cn").redirectErrorStream(true).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static String decodedValues(String ldif) {
        StringBuilder out = new StringBuilder();
        ldif.lines().filter(l -> l.contains(":: "))
                .forEach(l -> out.append(new String(Base64.getDecoder().decode(l.substring(l.indexOf(":: ") + 3)), StandardCharsets.UTF_8)).append('\n'));
        return out.toString();
    }
}
