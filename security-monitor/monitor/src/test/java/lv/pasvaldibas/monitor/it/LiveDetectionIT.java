package lv.pasvaldibas.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.MethodOrderer;
import org.junit.jupiter.api.Order;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.TestMethodOrder;

/**
 * Detections on the live platform (issue 14, acceptance 3): the platform's Keycloak with the demo
 * directories writes every sign-in to the audit log, the monitor (its jar) reads it. Twenty wrong
 * passwords on one account and one password tried on thirty accounts of three directories each raise
 * exactly one alert, by e-mail (a real SMTP server) and signed webhook, within 5 s; a sign-in to a
 * directory-disabled account raises one; the same attack again inside the suppression window none.
 */
@TestMethodOrder(MethodOrderer.OrderAnnotation.class)
class LiveDetectionIT {

    private static final String SPRAYING = "Password spraying from one address";
    private static final String DISABLED_SIGN_IN = "Sign-in to an account its directory has disabled";
    private static final Path WORK = Path.of("target", "it-work", "live-detection").toAbsolutePath();
    private static LivePlatform platform;
    private static AlertCatchers catchers;

    @BeforeAll
    static void platform() throws Exception {
        platform = LivePlatform.start(WORK, "kc-live");
        catchers = new AlertCatchers();
        catchers.startMonitor(WORK.resolve("monitor"), platform.monitorDatabase(), platform.auditReader());
    }

    @AfterAll
    static void stop() {
        LivePlatform.closeAll(catchers, platform);
    }

    private static KeycloakClient.Response signIn(String username, String password) {
        return platform.keycloak.client().passwordGrant(FederationEnvironment.REALM, FederationEnvironment.CLIENT, null, username, password);
    }

    @Test
    @Order(1)
    void twentyWrongPasswordsOnOneAccountRaiseOneAlertByMailAndWebhookWithinFiveSeconds() throws Exception {
        for (int i = 0; i < 10; i++) {
            assertThat(signIn("janis.berzins@kuldiga.lv", "Nepareiza-Parole-" + i).status()).isIn(400, 401);
        }
        // the tenth completes the finding: from its answer to the e-mail and the webhook
        Duration byMail = AlertCatchers.await(() -> catchers.subjects(AlertCatchers.BRUTE_FORCE).size(), 1);
        Duration byHook = AlertCatchers.await(() -> catchers.hookBodies(AlertCatchers.BRUTE_FORCE).size(), 1);
        System.out.printf("the alert's e-mail %d ms, its webhook %d ms after the tenth wrong password's answer%n", byMail.toMillis(),
                byHook.toMillis());
        assertThat(byMail).isLessThan(Duration.ofSeconds(5));
        assertThat(catchers.subjects(AlertCatchers.BRUTE_FORCE).get(0)).contains("janis.berzins@kuldiga.lv");
        assertThat(catchers.hookBodies(AlertCatchers.BRUTE_FORCE).get(0)).contains("\"municipality\":\"kuldiga\"");
        assertThat(catchers.badSignatures).isEmpty();
        for (int i = 10; i < 20; i++) {
            assertThat(signIn("janis.berzins@kuldiga.lv", "Nepareiza-Parole-" + i).status()).isIn(400, 401);
        }
        Thread.sleep(2000);
        assertThat(catchers.subjects(AlertCatchers.BRUTE_FORCE)).as("twenty wrong passwords, one alert").hasSize(1);
        assertThat(catchers.hookBodies(AlertCatchers.BRUTE_FORCE)).hasSize(1);
    }

    @Test
    @Order(2)
    void onePasswordOnThirtyAccountsOfThreeDirectoriesRaisesOneAlert() throws Exception {
        List<String> people = List.of("anna.berzina", "liga.kalnina", "ilze.ozolina", "kristine.liepina", "inese.krumina", "dace.zarina",
                "zane.jansone", "laura.vitola", "ieva.kenina", "mara.smite");
        for (String domain : List.of("kuldiga.lv", "talsi.lv", "ventspils.lv")) {
            for (String person : people) {
                signIn(person + "@" + domain, "Ziema2026!");
            }
        }
        AlertCatchers.await(() -> catchers.subjects(SPRAYING).size(), 1);
        assertThat(catchers.subjects(SPRAYING).get(0)).contains("127.0.0.1");
        // the same spraying again, inside the suppression window: nothing new
        for (String person : people) {
            signIn(person + "@talsi.lv", "Pavasaris2026!");
        }
        Thread.sleep(2000);
        assertThat(catchers.subjects(SPRAYING)).hasSize(1);
    }

    @Test
    @Order(3)
    void aSignInToADirectoryDisabledAccountRaisesOne() throws Exception {
        KeycloakClient.Response refused = signIn("juris.strautins@talsi.lv", DemoDirectories.DEMO_PASSWORD);
        assertThat(refused.status()).as(refused.raw()).isIn(400, 401);
        AlertCatchers.await(() -> catchers.subjects(DISABLED_SIGN_IN).size(), 1);
        assertThat(catchers.subjects(DISABLED_SIGN_IN).get(0)).contains("juris.strautins@talsi.lv");
    }
}
