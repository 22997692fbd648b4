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
}
