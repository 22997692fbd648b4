package lv.pasvaldibas.provisioning.it;

import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.KULDIGA_OPERATOR;
import static lv.pasvaldibas.provisioning.it.ProvisioningEnvironment.PLATFORM_OPERATOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The command line ({@code bin/platform provision}, {@code ProvisionCommand} in the daemon's jar):
 * signed in with the device authorization grant through the platform's real login pages, it creates,
 * lists and deletes a server and tells why a request was refused.
 */
@ExtendWith(ProvisioningEnvironment.Extension.class)
class ProvisionCommandIT {

    private final ProvisioningEnvironment env;
    private final Path tokenFile;

    ProvisionCommandIT(ProvisioningEnvironment env) {
        this.env = env;
        this.tokenFile = env.workDir().resolve("cli-" + UUID.randomUUID()).resolve("token.json");
    }

    private record Run(int exit, String output) {
    }

    private ProcessBuilder command(Path token, String... arguments) {
        List<String> command = new ArrayList<>(List.of(Path.of(System.getProperty("java.home"), "bin", "java").toString(),
                "-Duser.language=en", "-cp", System.getProperty("provisioning.jar"), "lv.pasvaldibas.provisioning.cli.ProvisionCommand",
                "--url", env.daemon().baseUrl(), "--issuer", env.keycloak().baseUrl() + "/realms/pasvaldibas", "--token-file", token.toString()));
        command.addAll(List.of(arguments));
        return new ProcessBuilder(command).redirectErrorStream(true);
    }

    private Run run(Path token, String... arguments) throws Exception {
        Process p = command(token, arguments).start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(120, TimeUnit.SECONDS)).isTrue();
        return new Run(p.exitValue(), out);
    }

    private void logIn() throws Exception {
        logIn(KULDIGA_OPERATOR, tokenFile);
    }

    private void logIn(String username, Path tokenFile) throws Exception {
        Process login = command(tokenFile, "login").start();
        StringBuilder shown = new StringBuilder();
        try (BufferedReader out = new BufferedReader(new InputStreamReader(login.getInputStream(), StandardCharsets.UTF_8))) {
            String address = null;
            String line;
            while (address == null && (line = out.readLine()) != null) {
                shown.append(line).append('\n');
                Matcher m = Pattern.compile("(http\\S+device\\S*)").matcher(line);
                if (m.find()) {
                    address = m.group(1);
                }
            }
            assertThat(address).as(shown.toString()).isNotNull();
            KeycloakClient.Response approved = env.keycloak().client().approveDevice(address, username, DemoDirectories.DEMO_PASSWORD);
            assertThat(approved.status()).as(approved.raw()).isEqualTo(200);
            while ((line = out.readLine()) != null) {
                shown.append(line).append('\n');
            }
        }
        assertThat(login.waitFor(60, TimeUnit.SECONDS)).isTrue();
        assertThat(login.exitValue()).as(shown.toString()).isZero();
        assertThat(shown.toString()).contains("signed in");
        assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(tokenFile))).isEqualTo("rw-------");
    }

    @Test
    void aKuldigaOperatorSignsInWithTheDeviceGrantThenCreatesListsAndDeletesAServer() throws Exception {
        logIn();
        Run created = run(tokenFile, "create", "no-komandrindas", "small");
        assertThat(created.exit()).as(created.output()).isZero();
        assertThat(created.output()).contains("100%", "done"); // the steps between may pass faster than the command polls
        String id = created.output().substring(0, 36);
        Run listed = run(tokenFile, "servers");
        assertThat(listed.exit()).isZero();
        assertThat(listed.output()).contains(id, "no-komandrindas", "kuldiga", "READY", "RUNNING");
        Run quota = run(tokenFile, "quota");
        assertThat(quota.output()).contains("servers");
        Run deleted = run(tokenFile, "delete", id);
        assertThat(deleted.exit()).as(deleted.output()).isZero();
        assertThat(run(tokenFile, "servers").output()).doesNotContain(id);
    }

    @Test
    void refusalsAndMistakesAreToldAndChangeNothing() throws Exception {
        Run notSignedIn = run(env.workDir().resolve("nobody-" + UUID.randomUUID() + ".json"), "servers");
        assertThat(notSignedIn.exit()).isEqualTo(1);
        assertThat(notSignedIn.output()).contains("Not signed in");
        Run usage = run(tokenFile, "start", "not-an-id");
        assertThat(usage.exit()).isEqualTo(2);
        assertThat(usage.output()).contains("not a server id", "usage:");
        logIn();
        Run unknown = run(tokenFile, "create", "nezinams", "no-such-template");
        assertThat(unknown.exit()).isEqualTo(1);
        assertThat(unknown.output()).contains("400", "Template 'no-such-template' is not known.");
    }

    @Test
    void aPlatformOperatorListsAddsDrainsAndRemovesAHostAndMunicipalStaffMayNot() throws Exception {
        Path operatorToken = env.workDir().resolve("cli-" + UUID.randomUUID()).resolve("token.json");
        logIn(PLATFORM_OPERATOR, operatorToken);
        // an in-process test host too small for any template: it takes no server, so its drain moves nothing
        Run added = run(operatorToken, "add-host", "cli-host", "test:///default", "1", "512", "10");
        assertThat(added.exit()).as(added.output()).isZero();
        Run hosts = run(operatorToken, "hosts");
        assertThat(hosts.output()).contains("host-0", "cli-host", "ACTIVE");
        Run drained = run(operatorToken, "drain", "cli-host");
        assertThat(drained.exit()).as(drained.output()).isZero();
        assertThat(drained.output()).contains("cli-host: 0 servers moved, failed 0");
        Run removed = run(operatorToken, "remove-host", "cli-host");
        assertThat(removed.exit()).as(removed.output()).isZero();
        assertThat(run(operatorToken, "hosts").output()).containsPattern("cli-host\\s+REMOVED");
        Run again = run(operatorToken, "drain", "cli-host");
        assertThat(again.exit()).isEqualTo(1);
        assertThat(again.output()).contains("409", "Host 'cli-host' has been taken out of use already.");

        logIn();
        Run municipal = run(tokenFile, "drain", "host-0");
        assertThat(municipal.exit()).isEqualTo(1);
        assertThat(municipal.output()).contains("403", "Your roles do not allow this.");
    }
}
