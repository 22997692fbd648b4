package lv.pasvaldibas.audit;

import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import java.sql.Statement;
import java.util.List;
import java.util.regex.Pattern;
import org.flywaydb.core.Flyway;

/**
 * Creates or upgrades the audit schema, roles and grants (the {@code db/audit} migrations). Run by
 * the schema owner at deployment ({@code bin/platform up}, {@code audit migrate}); components that
 * only write or read never need Flyway, which is why it lives apart from {@link AuditDatabase}.
 */
public final class AuditSchema {

    private AuditSchema() {
    }

    private static final Pattern ROLE_NAME = Pattern.compile("[a-z_][a-z0-9_]{0,62}");

    /** The owner needs CREATEROLE the first time: the migration creates the audit_writer and audit_reader roles. */
    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure(AuditSchema.class.getClassLoader()).dataSource(jdbcUrl, user, password)
                .locations("classpath:db/audit").table("audit_schema_history").load().migrate();
    }

    /**
     * Puts existing logins into the writer or reader role (as the schema owner, after {@link #migrate}).
     * A login in audit_writer can only append; one in audit_reader can only read.
     */
    public static void grant(String jdbcUrl, String user, String password, String role, String login) throws SQLException {
        if (!role.equals("audit_writer") && !role.equals("audit_reader")) {
            throw new IllegalArgumentException("role must be audit_writer or audit_reader");
        }
        if (!ROLE_NAME.matcher(login).matches()) {
            throw new IllegalArgumentException("a login name is lower-case letters, digits and _, at most 63: " + login);
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             Statement s = c.createStatement()) {
            s.execute("GRANT " + role + " TO " + login);
        }
    }

    /**
     * Lets writer login {@code login} append to the streams whose names start with one of
     * {@code prefixes} (e.g. {@code keycloak/}, or {@code keycloak/kc-1} for one node), and to no
     * others (V3, decision 40). Adds to what the login may already write.
     */
    public static void allowStreams(String jdbcUrl, String user, String password, String login, List<String> prefixes)
            throws SQLException {
        if (!ROLE_NAME.matcher(login).matches()) {
            throw new IllegalArgumentException("a login name is lower-case letters, digits and _, at most 63: " + login);
        }
        if (prefixes.isEmpty() || prefixes.stream().anyMatch(p -> p.isBlank() || p.length() > 200)) {
            throw new IllegalArgumentException("a writer needs at least one stream prefix of 1-200 characters, e.g. keycloak/");
        }
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password);
             PreparedStatement s = c.prepareStatement(
                     "INSERT INTO audit_writer_stream (login, stream_prefix) VALUES (?, ?) ON CONFLICT DO NOTHING")) {
            for (String prefix : prefixes) {
                s.setString(1, login);
                s.setString(2, prefix);
                s.executeUpdate();
            }
        }
    }
}
