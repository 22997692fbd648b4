package lv.pasvaldibas.audit;

import org.flywaydb.core.Flyway;

/**
 * Creates or upgrades the audit schema, roles and grants (the {@code db/audit} migrations). Run by
 * the schema owner at deployment ({@code bin/platform up}, {@code audit migrate}); components that
 * only write or read never need Flyway, which is why it lives apart from {@link AuditDatabase}.
 */
public final class AuditSchema {

    private AuditSchema() {
    }

    /** The owner needs CREATEROLE the first time: the migration creates the audit_writer and audit_reader roles. */
    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure(AuditSchema.class.getClassLoader()).dataSource(jdbcUrl, user, password)
                .locations("classpath:db/audit").table("audit_schema_history").load().migrate();
    }
}
