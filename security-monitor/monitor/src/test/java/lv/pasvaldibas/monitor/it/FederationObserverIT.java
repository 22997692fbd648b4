package lv.pasvaldibas.monitor.it;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.TcpGate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * The monitor observes the live federation (decision 106): it starts while Keycloak is out of its
 * reach (behind a shut gate) and says so once; once it reaches Keycloak it reads the directories as
 * its service account from realm-config, and when one demo directory's slapd stops, the
 * {@code directory-unreachable} rule raises exactly one alert by e-mail, from the monitor's own
 * {@code DIRECTORY_UNREACHABLE} record, and the directory's return is recorded once. Overdue trusts
 * are not made here: the trust API gives every approval a review a year ahead and offers no way to
 * date one in the past, so {@code ObservationsTest} and {@code ShippedRulesTest} cover them.
 */
class FederationObserverIT {

    private static final String UNREACHABLE = "Direktorija nav sasniedzama / Directory unreachable";
    private static final String CERTIFICATE_EXPIRING = "Direktorijas sertifikāta derīgums beidzas / Directory certificate close to expiry";
    private static final String REVIEW_OVERDUE = "Uzticības pārskatīšana nokavēta / Trust review overdue";
    private static final Path WORK = Path.of("target", "it-work", "federation-observer").toAbsolutePath();
    private static LivePlatform platform;
    private static TcpGate gate;
    private static AlertCatchers catchers;

    @BeforeAll
    static void platform() throws Exception {
        platform = LivePlatform.start(WORK, "kc-observe");
        gate = TcpGate.to(URI.create(platform.keycloak.baseUrl()).getPort());
        catchers = new AlertCatchers();
        catchers.startMonitor(WORK.resolve("monitor"), platform.monitorDatabase(), platform.auditReader(),
                Map.of("MONITOR_FEDERATION_URL", "http://127.0.0.1:" + gate.port(),
                        "MONITOR_OBSERVER_SECRET", FederationEnvironment.MONITOR_OBSERVER_SECRET,
                        "MONITOR_OBSERVE_SECONDS", "5"));
    }

    @AfterAll
    static void stop() {
        LivePlatform.closeAll(catchers, gate, platform);
    }

    private static List<String> monitorRecords(String type) throws Exception {
        List<String> found = new ArrayList<>();
        try (Connection c = platform.audit.reader();
             PreparedStatement q = c.prepareStatement("SELECT stream, target_id, details FROM audit_record WHERE type = ? ORDER BY seq")) {
            q.setString(1, type);
            try (ResultSet rs = q.executeQuery()) {
                while (rs.next()) {
                    found.add(rs.getString(1) + " " + rs.getString(2) + " " + rs.getString(3));
                }
            }
        }
        return found;
    }

    private static String monitorLog() throws Exception {
        return Files.readString(WORK.resolve("monitor").resolve("monitor.log"), StandardCharsets.UTF_8);
    }

    private static int count(String text, String part) {
        int n = 0;
        for (int i = text.indexOf(part); i >= 0; i = text.indexOf(part, i + 1)) {
            n++;
        }
        return n;
    }

    @Test
    void anUnreachableDirectoryRaisesOneAlertFromTheMonitorsOwnObservationEvenWhenKeycloakCameLater() throws Exception {
        // the monitor started with Keycloak out of reach: healthy all the same, and it said so once
        Thread.sleep(12_000);
        assertThat(catchers.health()).startsWith("200 ");
        assertThat(count(monitorLog(), "cannot be read now")).as(monitorLog()).isEqualTo(1);
        gate.open();
        long deadline = System.nanoTime() + 30_000_000_000L;
        while (!monitorLog().contains("is read again") && System.nanoTime() < deadline) {
            Thread.sleep(200);
        }
        assertThat(monitorLog()).contains("is read again");
        for (String federationRule : List.of(UNREACHABLE, CERTIFICATE_EXPIRING, REVIEW_OVERDUE)) {
            assertThat(catchers.subjects(federationRule)).as("every directory answers, no trust is overdue: nothing to say").isEmpty();
        }

        platform.slapd.stop("talsi");
        AlertCatchers.await(() -> catchers.subjects(UNREACHABLE).size(), 1);
        assertThat(catchers.subjects(UNREACHABLE).get(0)).contains("talsi");
        AlertCatchers.await(() -> catchers.hookBodies(UNREACHABLE).size(), 1);
        // the monitor has no municipality of its own: the alert's is the directory's
        assertThat(catchers.hookBodies(UNREACHABLE).get(0)).contains("\"municipality\":\"talsi\"");
        assertThat(monitorRecords("DIRECTORY_UNREACHABLE")).singleElement().satisfies(r -> {
            assertThat(r).startsWith("monitor/monitor-1 talsi ");
            assertThat(r).contains("\"municipality\":\"talsi\"");
        });
        // three more polls while it stays down: no new record, no new alert
        Thread.sleep(16_000);
        assertThat(monitorRecords("DIRECTORY_UNREACHABLE")).hasSize(1);
        assertThat(catchers.subjects(UNREACHABLE)).hasSize(1);

        platform.slapd.restart("talsi");
        deadline = System.nanoTime() + 30_000_000_000L;
        while (monitorRecords("DIRECTORY_REACHABLE_AGAIN").isEmpty() && System.nanoTime() < deadline) {
            Thread.sleep(500);
        }
        assertThat(monitorRecords("DIRECTORY_REACHABLE_AGAIN")).singleElement().satisfies(r -> assertThat(r).startsWith("monitor/monitor-1 talsi "));
        assertThat(catchers.subjects(UNREACHABLE)).hasSize(1);
    }
}
