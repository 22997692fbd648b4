package lv.pasvaldibas.audit;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * Removes secrets from a structure before it goes into the log: any value under a key that names
 * a password, secret, credential, token or private key, at any depth, and the {@code value} of a
 * credential-like object (one that also has a {@code type} or {@code temporary} key, as Keycloak's
 * CredentialRepresentation does). Component configuration ({@code "config": {"bindSecret": [..]}})
 * is covered by the key rule. Lists are walked too. Keys that only mention a secret's settings
 * ({@code passwordPolicy}, {@code accessTokenLifespan}) are kept: they are what an auditor looks for.
 * <p>
 * Checked against Keycloak's admin representations (SecretRedactionTest names each): credentials
 * ({@code value}, {@code secretData}, {@code credentialData}, {@code hashedSaltedValue}, {@code salt}),
 * a client's {@code secret}, {@code registrationAccessToken} and {@code client.secret.rotated}
 * attribute, SAML signing/encryption private keys, LDAP {@code bindCredential}, an identity
 * provider's {@code clientSecret}, key providers' {@code privateKey}, {@code secret},
 * {@code keystorePassword}, {@code keyPassword}, and the realm's SMTP {@code password}. Erring
 * towards redaction is deliberate: {@code client.secret.creation.time} goes too.
 */
public final class SecretRedaction {

    public static final String REDACTED = "**redacted**";
    private static final Pattern SECRET_KEY = Pattern.compile(
            "(?i)(.*password|.*passwd.*|.*passphrase|.*secret.*|.*credential|.*credentialdata|.*token|.*private.?key|.*salt.*|.*api.?key)");

    private SecretRedaction() {
    }

    /** A copy of {@code value} with every secret replaced by {@link #REDACTED}. */
    public static Object redact(Object value) {
        if (value instanceof Map<?, ?> map) {
            boolean credentialLike = map.containsKey("type") || map.containsKey("temporary");
            Map<String, Object> out = new LinkedHashMap<>();
            map.forEach((k, v) -> {
                String key = String.valueOf(k);
                boolean secret = SECRET_KEY.matcher(key).matches() || (credentialLike && key.equals("value"));
                out.put(key, secret && v != null ? REDACTED : redact(v));
            });
            return out;
        }
        if (value instanceof List<?> list) {
            return list.stream().map(SecretRedaction::redact).toList();
        }
        return value;
    }
}
