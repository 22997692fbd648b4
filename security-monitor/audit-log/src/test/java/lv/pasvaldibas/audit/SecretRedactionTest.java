package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SecretRedactionTest {

    @Test
    void secretsGoAtAnyDepthAndTheRestStays() {
        Map<String, Object> component = Map.of(
                "name", "Kuldīgas novads",
                "config", Map.of("bindSecret", List.of("demo-svc-parole"), "connectionUrl", List.of("ldap://127.0.0.1:389")),
                "credentials", List.of(Map.of("type", "password", "value", "Slepena-Parole-1", "temporary", false)),
                "clientSecret", "abc", "accessToken", "eyJ", "privateKey", "MIIE");

        String text = redactedText(component);

        assertThat(text).doesNotContain("demo-svc-parole", "Slepena-Parole-1", "abc", "eyJ", "MIIE")
                .contains("Kuldīgas novads", "ldap://127.0.0.1:389", "password", SecretRedaction.REDACTED);
    }

    @Test
    void settingsAboutSecretsAreKept() {
        Map<String, Object> realm = Map.of("passwordPolicy", "length(12)", "accessTokenLifespan", 300);
        assertThat(SecretRedaction.redact(realm)).isEqualTo(realm);
    }

    @Test
    void aPlainValueKeyIsKeptOutsideCredentials() {
        assertThat(SecretRedaction.redact(Map.of("name", "municipality", "value", "Talsi")))
                .isEqualTo(Map.of("name", "municipality", "value", "Talsi"));
    }

    @Test
    void aMissingSecretStaysMissing() {
        assertThat(SecretRedaction.redact(Map.of("password", List.of()))).isEqualTo(Map.of("password", SecretRedaction.REDACTED));
        java.util.Map<String, Object> withNull = new java.util.HashMap<>();
        withNull.put("secret", null);
        assertThat(SecretRedaction.redact(withNull)).isEqualTo(withNull);
    }

    private static String redactedText(Object value) {
        return String.valueOf(SecretRedaction.redact(value));
    }
}
