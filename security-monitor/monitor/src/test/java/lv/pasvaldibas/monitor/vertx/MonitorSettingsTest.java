package lv.pasvaldibas.monitor.vertx;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.HashMap;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** A monitor set up halfway does not start: each missing or half-given setting is named. */
class MonitorSettingsTest {

    private static Map<String, String> minimal() {
        Map<String, String> env = new HashMap<>();
        env.put("MONITOR_DB_URL", "jdbc:postgresql://127.0.0.1:5432/monitor");
        env.put("MONITOR_DB_USER", "monitor");
        env.put("MONITOR_DB_PASSWORD", "pw");
        env.put("MONITOR_AUDIT_JDBC_URL", "jdbc:postgresql://127.0.0.1:5432/audit");
        env.put("MONITOR_AUDIT_USER", "audit_monitor");
        env.put("MONITOR_AUDIT_PASSWORD", "pw");
        env.put("MONITOR_RULES", "/rules");
        return env;
    }

    @Test
    void withoutChannelsTheMonitorRunsAndDeliversNowhere() {
        MonitorSettings settings = MonitorSettings.fromEnvironment(minimal());
        assertThat(settings.channels()).isEmpty();
        assertThat(settings.port()).isEqualTo(8380);
        assertThat(settings.checkpointKey()).isNull();
    }

    @Test
    void aMissingOrHalfGivenSettingIsNamed() {
        Map<String, String> noRules = minimal();
        noRules.remove("MONITOR_RULES");
        assertThatThrownBy(() -> MonitorSettings.fromEnvironment(noRules)).hasMessageContaining("MONITOR_RULES is not set");
        Map<String, String> unsignedHook = minimal();
        unsignedHook.put("MONITOR_WEBHOOK_URL", "https://siem.example.lv/alerts");
        unsignedHook.put("MONITOR_WEBHOOK_SECRET", "short");
        assertThatThrownBy(() -> MonitorSettings.fromEnvironment(unsignedHook)).hasMessageContaining("MONITOR_WEBHOOK_SECRET (at least 32 characters)");
        Map<String, String> mailNowhere = minimal();
        mailNowhere.put("MONITOR_MAIL_TO", "drosiba@talsi.lv");
        assertThatThrownBy(() -> MonitorSettings.fromEnvironment(mailNowhere)).hasMessageContaining("MONITOR_SMTP_HOST");
        mailNowhere.put("MONITOR_SMTP_HOST", "smtp.talsi.lv");
        assertThat(MonitorSettings.fromEnvironment(mailNowhere).channels()).containsExactly("mail");
    }

    @Test
    void withoutAFederationUrlNothingIsObservedWithOneTheDefaultsApply() {
        assertThat(MonitorSettings.fromEnvironment(minimal()).observing()).isNull();
        Map<String, String> env = minimal();
        env.put("MONITOR_FEDERATION_URL", "http://127.0.0.1:8080/");
        env.put("MONITOR_OBSERVER_SECRET", "observer-secret");
        MonitorSettings.Observing observing = MonitorSettings.fromEnvironment(env).observing();
        assertThat(observing.federationUrl()).isEqualTo("http://127.0.0.1:8080");
        assertThat(observing.realm()).isEqualTo("pasvaldibas");
        assertThat(observing.clientId()).isEqualTo("security-monitor-observer");
        assertThat(observing.every()).isEqualTo(java.time.Duration.ofSeconds(60));
        assertThat(observing.certificateWarning()).isEqualTo(java.time.Duration.ofDays(30));
        assertThat(observing.toString()).doesNotContain("observer-secret");
        env.put("MONITOR_OBSERVE_SECONDS", "15");
        env.put("MONITOR_CERTIFICATE_WARNING_DAYS", "45");
        observing = MonitorSettings.fromEnvironment(env).observing();
        assertThat(observing.every()).isEqualTo(java.time.Duration.ofSeconds(15));
        assertThat(observing.certificateWarning()).isEqualTo(java.time.Duration.ofDays(45));
    }

    @Test
    void aHalfGivenOrOutOfRangeObservingSettingIsNamed() {
        Map<String, String> noSecret = minimal();
        noSecret.put("MONITOR_FEDERATION_URL", "http://127.0.0.1:8080");
        assertThatThrownBy(() -> MonitorSettings.fromEnvironment(noSecret)).hasMessageContaining("MONITOR_OBSERVER_SECRET is not set");
        Map<String, String> noUrl = minimal();
        noUrl.put("MONITOR_OBSERVER_SECRET", "observer-secret");
        assertThatThrownBy(() -> MonitorSettings.fromEnvironment(noUrl)).hasMessageContaining("MONITOR_FEDERATION_URL is not set");
        Map<String, String> notHttp = minimal();
        notHttp.put("MONITOR_FEDERATION_URL", "ldap://127.0.0.1:10389");
        notHttp.put("MONITOR_OBSERVER_SECRET", "observer-secret");
        assertThatThrownBy(() -> MonitorSettings.fromEnvironment(notHttp)).hasMessageContaining("MONITOR_FEDERATION_URL must be");
        for (String bad : new String[] {"0", "4", "86401", "ten", "-60"}) {
            Map<String, String> env = minimal();
            env.put("MONITOR_OBSERVE_SECONDS", bad);
            assertThatThrownBy(() -> MonitorSettings.fromEnvironment(env)).as(bad).hasMessageContaining("MONITOR_OBSERVE_SECONDS must be a whole number from 5");
        }
        Map<String, String> days = minimal();
        days.put("MONITOR_CERTIFICATE_WARNING_DAYS", "0");
        assertThatThrownBy(() -> MonitorSettings.fromEnvironment(days)).hasMessageContaining("MONITOR_CERTIFICATE_WARNING_DAYS must be a whole number from 1 to 365");
    }
}
