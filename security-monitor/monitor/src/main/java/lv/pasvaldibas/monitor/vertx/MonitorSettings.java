package lv.pasvaldibas.monitor.vertx;

import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * The monitor's settings, from its environment ({@code MONITOR_*}). A missing required setting or a
 * channel half configured stops the start with the setting's name.
 *
 * @param mailTo        who gets alerts by e-mail; empty: no e-mail channel
 * @param webhookUrl    where alerts are posted, signed; null: no webhook channel
 * @param pageUrl       the monitor's address as people open it, for links in messages
 * @param checkpointKey the audit log's checkpoint public key (PEM file); null: the log's integrity is not checked
 * @param verifyEvery   how often the whole audit log is verified
 * @param auditSpool    where the monitor's own audit records wait while the audit database is down
 * @param signIn        security officers' sign-in over SAML; null: no pages, only {@code /health} and {@code /metrics}
 */
public record MonitorSettings(String host, int port, String node, String databaseUrl, String databaseUser, String databasePassword,
                              String auditUrl, String auditUser, String auditPassword, Path rules, Duration poll,
                              String smtpHost, int smtpPort, String mailFrom, List<String> mailTo,
                              String webhookUrl, byte[] webhookSecret, String pageUrl, Path checkpointKey, Duration verifyEvery, Path auditSpool,
                              SignIn signIn) {

    public static final int DEFAULT_PORT = 8380;

    /**
     * @param idpMetadataUrl  the identity provider's SAML metadata (Keycloak: {@code /realms/<realm>/protocol/saml/descriptor})
     * @param entityId        this service provider's entity id (Keycloak: the client id)
     * @param key             the PEM (PKCS#8) private key that signs our requests
     * @param certificate     its PEM certificate, as registered with the identity provider
     * @param skew            how far the identity provider's clock may be from ours
     * @param sessionIdle     a session unused this long ends
     * @param sessionLifetime a session ends this long after sign-in, used or not
     */
    public record SignIn(String idpMetadataUrl, String entityId, Path key, Path certificate, Duration skew, Duration sessionIdle,
                         Duration sessionLifetime) {
    }

    public static MonitorSettings fromEnvironment(Map<String, String> env) {
        String why = "the security monitor needs it";
        String webhook = optional(env, "MONITOR_WEBHOOK_URL", null);
        String secret = optional(env, "MONITOR_WEBHOOK_SECRET", null);
        if (webhook != null && (secret == null || secret.length() < 32)) {
            throw new IllegalStateException("MONITOR_WEBHOOK_SECRET (at least 32 characters) signs what is posted to MONITOR_WEBHOOK_URL");
        }
        List<String> mailTo = new ArrayList<>();
        for (String to : optional(env, "MONITOR_MAIL_TO", "").split("\\s*,\\s*")) {
            if (!to.isBlank()) {
                mailTo.add(to);
            }
        }
        String smtp = optional(env, "MONITOR_SMTP_HOST", null);
        if (!mailTo.isEmpty() && smtp == null) {
            throw new IllegalStateException("MONITOR_SMTP_HOST is needed to send alerts to MONITOR_MAIL_TO");
        }
        int port = Integer.parseInt(optional(env, "MONITOR_PORT", String.valueOf(DEFAULT_PORT)));
        String host = optional(env, "MONITOR_HOST", "127.0.0.1");
        return new MonitorSettings(host, port, optional(env, "MONITOR_NODE", "monitor-1"),
                required(env, "MONITOR_DB_URL", why), required(env, "MONITOR_DB_USER", why), required(env, "MONITOR_DB_PASSWORD", why),
                required(env, "MONITOR_AUDIT_JDBC_URL", why), required(env, "MONITOR_AUDIT_USER", why),
                required(env, "MONITOR_AUDIT_PASSWORD", why), Path.of(required(env, "MONITOR_RULES", "the rules are read from this folder")),
                Duration.ofMillis(Long.parseLong(optional(env, "MONITOR_POLL_MILLIS", "500"))),
                smtp, Integer.parseInt(optional(env, "MONITOR_SMTP_PORT", "25")), optional(env, "MONITOR_MAIL_FROM", "monitor@localhost"),
                List.copyOf(mailTo), webhook, secret == null ? null : secret.getBytes(StandardCharsets.UTF_8),
                optional(env, "MONITOR_PAGE_URL", "http://" + host + ":" + port),
                env.containsKey("MONITOR_AUDIT_PUBLIC_KEY") && !env.get("MONITOR_AUDIT_PUBLIC_KEY").isBlank() ? Path.of(env.get("MONITOR_AUDIT_PUBLIC_KEY")) : null,
                Duration.ofSeconds(Long.parseLong(optional(env, "MONITOR_VERIFY_SECONDS", "3600"))),
                Path.of(optional(env, "MONITOR_AUDIT_SPOOL", "audit-spool")), signIn(env));
    }

    private static SignIn signIn(Map<String, String> env) {
        String metadata = optional(env, "MONITOR_SAML_IDP_METADATA_URL", null);
        if (metadata == null) {
            return null;
        }
        String why = "security officers sign in over SAML (MONITOR_SAML_IDP_METADATA_URL is set)";
        return new SignIn(metadata, optional(env, "MONITOR_SAML_ENTITY_ID", "security-monitor"), Path.of(required(env, "MONITOR_SAML_KEY", why)),
                Path.of(required(env, "MONITOR_SAML_CERTIFICATE", why)),
                Duration.ofSeconds(Long.parseLong(optional(env, "MONITOR_SAML_CLOCK_SKEW_SECONDS", "30"))),
                Duration.ofMinutes(Long.parseLong(optional(env, "MONITOR_SESSION_IDLE_MINUTES", "30"))),
                Duration.ofHours(Long.parseLong(optional(env, "MONITOR_SESSION_HOURS", "8"))));
    }

    /** The channels each raised alert is delivered on. */
    public List<String> channels() {
        List<String> channels = new ArrayList<>();
        if (!mailTo.isEmpty()) {
            channels.add("mail");
        }
        if (webhookUrl != null) {
            channels.add("webhook");
        }
        return List.copyOf(channels);
    }

    private static String required(Map<String, String> env, String name, String why) {
        String value = env.get(name);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(name + " is not set: " + why);
        }
        return value;
    }

    private static String optional(Map<String, String> env, String name, String fallback) {
        String value = env.get(name);
        return value == null || value.isBlank() ? fallback : value;
    }
}
