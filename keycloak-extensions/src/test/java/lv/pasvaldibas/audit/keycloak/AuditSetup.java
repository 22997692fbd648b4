package lv.pasvaldibas.audit.keycloak;

import java.nio.file.Path;
import java.security.PublicKey;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.SQLException;
import java.util.List;
import lv.pasvaldibas.audit.AuditSchema;
import lv.pasvaldibas.audit.CheckpointKeys;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.Postgres;

/**
 * An audit database as an operator sets one up: migrated by its owner, a writer login for
 * Keycloak (INSERT only) and a reader login for checks, and the checkpoint key pair in a folder of
 * its own; plus the Keycloak options that point the audit listener at it.
 */
public record AuditSetup(Postgres.Database database, Path keys) {

    private static final String WRITER_PASSWORD = "audit-kc-pw";
    private static final String READER_PASSWORD = "audit-officer-pw";

    public static AuditSetup create(Postgres postgres, Path keys) throws Exception {
        Postgres.Database db = postgres.createDatabase("audit", "audit_owner", "audit-owner-pw");
        postgres.execute("ALTER ROLE audit_owner CREATEROLE");
        AuditSchema.migrate(db.jdbcUrl(), db.user(), db.password());
        postgres.execute("CREATE ROLE audit_keycloak LOGIN PASSWORD '" + WRITER_PASSWORD + "' IN ROLE audit_writer",
                "CREATE ROLE audit_officer LOGIN PASSWORD '" + READER_PASSWORD + "' IN ROLE audit_reader");
        // as bin/platform does: Keycloak's login writes only keycloak/... streams (decision 40)
        AuditSchema.allowStreams(db.jdbcUrl(), db.user(), db.password(), "audit_keycloak", List.of("keycloak/"));
        CheckpointKeys.generate(keys);
        return new AuditSetup(db, keys);
    }

    /** Points the audit listener of {@code keycloak} at this database, as stream {@code keycloak/<node>}. */
    public KeycloakServer.Builder configure(KeycloakServer.Builder keycloak, String node, Path spool) {
        String option = "--spi-events-listener--municipal-audit--";
        return keycloak.runOption(option + "jdbc-url=" + database.jdbcUrl())
                .runOption(option + "username=audit_keycloak")
                .runOption(option + "node=" + node)
                .runOption(option + "checkpoint-key=" + keys.resolve(CheckpointKeys.PRIVATE_FILE))
                .runOption(option + "checkpoint-interval=2")
                .runOption(option + "spool-dir=" + spool)
                .runOption(option + "reader-username=audit_officer")
                .env("KC_SPI_EVENTS_LISTENER__MUNICIPAL_AUDIT__PASSWORD", WRITER_PASSWORD)
                .env("KC_SPI_EVENTS_LISTENER__MUNICIPAL_AUDIT__READER_PASSWORD", READER_PASSWORD);
    }

    /** A connection as a reader (SELECT only). */
    public Connection reader() throws SQLException {
        return DriverManager.getConnection(database.jdbcUrl(), "audit_officer", READER_PASSWORD);
    }

    public PublicKey publicKey() throws Exception {
        return CheckpointKeys.readPublic(keys.resolve(CheckpointKeys.PUBLIC_FILE));
    }
}
