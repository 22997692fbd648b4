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
import java.nio.file.attribute.PosixFilePermissions;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.Ports;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * {@code bin/platform} as a person uses it, on ports and in a state folder of its own so that it
 * does not disturb a platform already running on this machine.
 */
class PlatformCommandIT {

    private static final Path ROOT = Path.of("..").toAbsolutePath().normalize();

    private Path home;
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
    }

    @AfterEach
    void stopAndRemove() throws Exception {
        run("down");
        new ProcessBuilder("rm", "-rf", home.toString()).start().waitFor(60, TimeUnit.SECONDS);
    }

    private Result run(String... args) throws Exception {
        List<String> command = new java.util.ArrayList<>(List.of(ROOT.resolve("bin/platform").toString()));
        command.addAll(List.of(args));
        ProcessBuilder builder = new ProcessBuilder(command).directory(ROOT.toFile()).redirectErrorStream(true);
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
    void upServesTheRealmAndTheDemoDirectoriesAndDownLeavesNothingRunning() throws Exception {
        Result up = run("up");
        assertThat(up.exit()).as(up.output()).isZero();
        assertThat(up.output()).contains("The platform is up", "janis.berzins@ventspils.lv", DemoDirectories.DEMO_PASSWORD);

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

        // the sign-ins are in the platform's audit log, which verifies
        Result verify = run("audit", "verify");
        assertThat(verify.exit()).as(verify.output()).isZero();
        assertThat(verify.output()).contains("Audit log intact", "1 stream");

        Result again = run("up");
        assertThat(again.exit()).isZero();
        assertThat(again.output()).contains("already running");
        assertThat(run("status").output()).contains("Keycloak          ready");

        Result down = run("down");
        assertThat(down.exit()).as(down.output()).isZero();
        assertThat(ProcessHandle.allProcesses()
                .filter(p -> p.info().commandLine().orElse("").contains(home.toString()))
                .map(p -> p.pid() + " " + p.info().commandLine().orElse("")).toList()).isEmpty();
        assertThat(Ports.accepting(Integer.parseInt(env.get("PLATFORM_KC_PORT")))).isFalse();
        assertThat(Ports.accepting(Integer.parseInt(env.get("PLATFORM_LDAP_PORT")))).isFalse();
        assertThat(Ports.accepting(Integer.parseInt(env.get("PLATFORM_PG_PORT")))).isFalse();
        assertThat(run("status").output()).contains("Keycloak          stopped");
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
