package lv.pasvaldibas.monitor.it;

import java.nio.file.Path;
import java.util.List;
import lv.pasvaldibas.audit.AuditSchema;
import lv.pasvaldibas.audit.keycloak.AuditSetup;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.Slapd;

/**
 * The platform a live monitor test watches: the demo directories in slapd, PostgreSQL with the audit
 * log, the platform's Keycloak writing every sign-in to it with the realm imported, and for the
 * monitor its own database and a login that reads the audit log and writes only {@code monitor/}
 * streams. One per test class: the classes change it (a directory stopped, a client's settings), and
 * a monitor started on a fresh database reads the log from its start.
 */
final class LivePlatform implements AutoCloseable {

    private static final String READER = "monitor_reader";
    private static final String READER_PASSWORD = "reader-pw";

    Slapd slapd;
    Postgres pg;
    AuditSetup audit;
    KeycloakServer keycloak;
    Postgres.Database monitorDb;

    private LivePlatform() {
    }

    /** Starts it all in {@code work}; {@code node} names Keycloak's audit stream. What started is stopped again when a part fails. */
    static LivePlatform start(Path work, String node) throws Exception {
        LivePlatform p = new LivePlatform();
        try {
            p.slapd = FederationEnvironment.demoDirectories(work.resolve("slapd"));
            p.pg = Postgres.start();
            p.audit = AuditSetup.create(p.pg, work.resolve("audit-keys"));
            p.pg.execute("CREATE ROLE " + READER + " LOGIN PASSWORD '" + READER_PASSWORD + "' IN ROLE audit_reader, audit_writer");
            AuditSchema.allowStreams(p.audit.database().jdbcUrl(), p.audit.database().user(), p.audit.database().password(), READER,
                    List.of("monitor/"));
            p.keycloak = p.audit.configure(FederationEnvironment.platformKeycloak().database(p.pg.createDatabase("keycloak", "keycloak", "kc-test-pw")),
                    node, work.resolve("kc-audit-spool")).start(work.resolve("keycloak"));
            FederationEnvironment.importRealm(p.keycloak, p.slapd);
            p.monitorDb = p.pg.createDatabase("monitor", "monitor", "monitor-pw");
            return p;
        } catch (Throwable failed) {
            p.close();
            throw failed;
        }
    }

    /** The monitor's own database: JDBC URL, user, password. */
    String[] monitorDatabase() {
        return new String[] {monitorDb.jdbcUrl(), monitorDb.user(), monitorDb.password()};
    }

    /** The monitor's login to the audit log: JDBC URL, user, password. */
    String[] auditReader() {
        return new String[] {audit.database().jdbcUrl(), READER, READER_PASSWORD};
    }

    @Override
    public void close() {
        closeAll(keycloak, pg, slapd);
    }

    /** Closes each in turn, going on past a failure (said on stderr), so that nothing is left running. */
    static void closeAll(AutoCloseable... parts) {
        for (AutoCloseable c : parts) {
            if (c != null) {
                try {
                    c.close();
                } catch (Exception e) {
                    System.err.println("Could not stop " + c + ": " + e);
                }
            }
        }
    }
}
