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
 * @param observing     how the federation's states are read (directories, trusts); null: they are not
 */
public record MonitorSettings(String host, int port, String node, String databaseUrl, String databaseUser, String databasePassword,
                              String auditUrl, String auditUser, String auditPassword, Path rules, Duration poll,
                              String smtpHost, int smtpPort, String mailFrom, List<String> mailTo,
                              String webhookUrl, byte[] webhookSecret, String pageUrl, Path checkpointKey, Duration verifyEvery, Path auditSpool,
                              SignIn signIn, Observing observing) {

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
                Path.of(optional(env, "MONITOR_AUDIT_SPOOL", "audit-spool")), signIn(env), Observing.fromEnvironment(env));
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

    /**
     * Where the monitor reads the federation's states that the audit log does not hold (decision 106):
     * the directories' reachability and certificates, and the trusts' reviews.
     *
     * @param federationUrl      Keycloak's base URL ({@code MONITOR_FEDERATION_URL}, e.g. {@code http://127.0.0.1:8080})
     * @param realm              the realm ({@code MONITOR_FEDERATION_REALM}, default {@code pasvaldibas})
     * @param clientId           the monitor's service account client ({@code MONITOR_OBSERVER_CLIENT}, default
     *                           {@code security-monitor-observer})
     * @param clientSecret       its secret ({@code MONITOR_OBSERVER_SECRET})
     * @param every              how often ({@code MONITOR_OBSERVE_SECONDS}, default 60)
     * @param certificateWarning how long before a directory certificate ends it is reported
     *                           ({@code MONITOR_CERTIFICATE_WARNING_DAYS}, default 30)
     */
    public record Observing(String federationUrl, String realm, String clientId, String clientSecret, Duration every,
                            Duration certificateWarning) {

        public static final String DEFAULT_CLIENT = "security-monitor-observer";

        @Override
        public String toString() {
            // the secret stays out of logs
            return "Observing[" + federationUrl + ", realm " + realm + ", client " + clientId + ", every " + every + "]";
        }

        /** Null when {@code MONITOR_FEDERATION_URL} is not set; a half-given or out-of-range setting is named. */
        static Observing fromEnvironment(Map<String, String> env) {
            long seconds = bounded(env, "MONITOR_OBSERVE_SECONDS", 60, 5, 86_400);
            long days = bounded(env, "MONITOR_CERTIFICATE_WARNING_DAYS", lv.pasvaldibas.monitor.observe.Observations.DEFAULT_CERTIFICATE_WARNING_DAYS,
                    1, 365);
            String url = optional(env, "MONITOR_FEDERATION_URL", null);
            String secret = optional(env, "MONITOR_OBSERVER_SECRET", null);
            if (url == null) {
                if (secret != null) {
                    throw new IllegalStateException("MONITOR_FEDERATION_URL is not set: MONITOR_OBSERVER_SECRET is given for reading the federation");
                }
                return null;
            }
            java.net.URI uri;
            try {
                uri = new java.net.URI(url);
            } catch (java.net.URISyntaxException e) {
                throw new IllegalStateException("MONITOR_FEDERATION_URL is not a URL: " + e.getMessage(), e);
            }
            if (!("http".equals(uri.getScheme()) || "https".equals(uri.getScheme())) || uri.getHost() == null) {
                throw new IllegalStateException("MONITOR_FEDERATION_URL must be Keycloak's http or https address, e.g. http://127.0.0.1:8080");
            }
            if (secret == null) {
                throw new IllegalStateException("MONITOR_OBSERVER_SECRET is not set: the monitor reads the federation at MONITOR_FEDERATION_URL with it");
            }
            return new Observing(url.replaceAll("/+$", ""), optional(env, "MONITOR_FEDERATION_REALM", "pasvaldibas"),
                    optional(env, "MONITOR_OBSERVER_CLIENT", DEFAULT_CLIENT), secret, Duration.ofSeconds(seconds), Duration.ofDays(days));
        }

        private static long bounded(Map<String, String> env, String name, long fallback, long min, long max) {
            String value = optional(env, name, null);
            if (value == null) {
                return fallback;
            }
            try {
                long n = Long.parseLong(value.trim());
                if (n >= min && n <= max) {
                    return n;
                }
            } catch (NumberFormatException e) {
                // named below
            }
            throw new IllegalStateException(name + " must be a whole number from " + min + " to " + max + ", not '" + value + "'");
        }
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
