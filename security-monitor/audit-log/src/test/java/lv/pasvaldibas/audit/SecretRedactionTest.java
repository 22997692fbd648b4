package lv.pasvaldibas.audit;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

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

    private static final String SECRET = "Slepenība-ĶĒŅ-42";

    /** Every credential field of Keycloak's admin representations, placed where Keycloak puts it. */
    static Stream<Arguments> keycloakSecrets() {
        return Stream.of(
                Arguments.of("a credential's value", Map.of("type", "password", "value", SECRET, "temporary", true)),
                Arguments.of("a credential's secretData", Map.of("type", "otp", "secretData", SECRET)),
                Arguments.of("a credential's credentialData", Map.of("type", "password", "credentialData", SECRET)),
                Arguments.of("a legacy credential's hashedSaltedValue", Map.of("hashedSaltedValue", SECRET, "algorithm", "pbkdf2")),
                Arguments.of("a legacy credential's salt", Map.of("salt", SECRET, "hashIterations", 27500)),
                Arguments.of("a user's credentials", Map.of("username", "anna", "credentials", List.of(Map.of("type", "password", "value", SECRET)))),
                Arguments.of("a client's secret", Map.of("clientId", "kuldiga-app", "secret", SECRET)),
                Arguments.of("a client's registrationAccessToken", Map.of("clientId", "kuldiga-app", "registrationAccessToken", SECRET)),
                Arguments.of("a client's rotated secret attribute", Map.of("attributes", Map.of("client.secret.rotated", SECRET))),
                Arguments.of("a SAML client's signing private key", Map.of("attributes", Map.of("saml.signing.private.key", SECRET))),
                Arguments.of("a SAML client's encryption private key", Map.of("attributes", Map.of("saml.encryption.private.key", SECRET))),
                Arguments.of("an LDAP component's bindCredential", Map.of("providerId", "ldap", "config", Map.of("bindCredential", List.of(SECRET)))),
                Arguments.of("an identity provider's clientSecret", Map.of("alias", "latvija-lv", "config", Map.of("clientSecret", SECRET))),
                Arguments.of("an RSA key provider's privateKey", Map.of("providerId", "rsa", "config", Map.of("privateKey", List.of(SECRET)))),
                Arguments.of("an HMAC or AES key provider's secret", Map.of("providerId", "hmac-generated", "config", Map.of("secret", List.of(SECRET)))),
                Arguments.of("a keystore provider's keystorePassword", Map.of("providerId", "java-keystore", "config", Map.of("keystorePassword", List.of(SECRET)))),
                Arguments.of("a keystore provider's keyPassword", Map.of("providerId", "java-keystore", "config", Map.of("keyPassword", List.of(SECRET)))),
                Arguments.of("the realm's SMTP password", Map.of("realm", "pasvaldibas", "smtpServer", Map.of("host", "smtp", "password", SECRET))),
                Arguments.of("the realm's SMTP token client secret", Map.of("smtpServer", Map.of("authTokenClientSecret", SECRET))),
                Arguments.of("an initial access token", Map.of("initialAccessToken", SECRET)),
                Arguments.of("a reset-password body", Map.of("type", "password", "value", SECRET, "temporary", false)));
    }

    @ParameterizedTest(name = "{0} is redacted")
    @MethodSource("keycloakSecrets")
    void everyKeycloakCredentialFieldIsRedacted(String what, Map<String, Object> representation) {
        assertThat(redactedText(representation)).as(what).doesNotContain(SECRET).contains(SecretRedaction.REDACTED);
    }

    @Test
    void publicKeyMaterialAndSettingsStay() {
        Map<String, Object> client = Map.of("attributes", Map.of("saml.signing.certificate", "MIIC-cert", "jwt.credential.certificate", "MIIC-jwt"),
                "config", Map.of("certificate", List.of("MIIC-rsa"), "bindDn", List.of("cn=svc,dc=kuldiga,dc=lv")));
        assertThat(SecretRedaction.redact(client)).isEqualTo(client);
    }

    private static String redactedText(Object value) {
        return String.valueOf(SecretRedaction.redact(value));
    }
}
