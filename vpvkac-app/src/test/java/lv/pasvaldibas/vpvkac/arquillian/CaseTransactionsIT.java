package lv.pasvaldibas.vpvkac.arquillian;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import jakarta.enterprise.concurrent.ManagedExecutorService;
import jakarta.inject.Inject;
import jakarta.persistence.OptimisticLockException;
import jakarta.transaction.Status;
import jakarta.transaction.UserTransaction;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Properties;
import java.util.Set;
import java.util.concurrent.Future;
import java.util.concurrent.ThreadLocalRandom;
import java.util.concurrent.TimeUnit;
import javax.naming.InitialContext;
import lv.pasvaldibas.vpvkac.access.Caller;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.CaseView;
import lv.pasvaldibas.vpvkac.cases.Channel;
import lv.pasvaldibas.vpvkac.cases.IllegalTransitionException;
import lv.pasvaldibas.vpvkac.cases.NewCase;
import lv.pasvaldibas.vpvkac.cases.jpa.CaseService;
import lv.pasvaldibas.vpvkac.catalogue.Service;
import lv.pasvaldibas.vpvkac.catalogue.jpa.CatalogueService;
import lv.pasvaldibas.vpvkac.client.Client;
import lv.pasvaldibas.vpvkac.client.PersonalCode;
import org.jboss.arquillian.container.test.api.Deployment;
import org.jboss.arquillian.junit5.ArquillianExtension;
import org.jboss.shrinkwrap.api.spec.WebArchive;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.extension.ExtendWith;

/**
 * The case service inside the server (Arquillian: the built WAR in the WildFly that vpvkac.cli
 * configures, on the test environment's PostgreSQL and audit log), where a test holds transactions
 * open, which no HTTP test can: two transactions moving one case from the same version end in one
 * conflict, not a lost update (JPA's {@code @Version}, decision 74); a refused move leaves the case,
 * its history and the audit log as they were; a registration's audit record is stored before the
 * registration commits (decision 79). The tests' callers are made here, not signed in: sign-in is
 * {@link DeployedApiIT}'s.
 */
@ExtendWith({ArquillianWildFly.class, ArquillianExtension.class})
class CaseTransactionsIT {

    private static final Caller SPECIALIST = new Caller("janis.berzins@ventspils.lv", "ventspils", Set.of(Caller.Role.SPECIALIST));
    private static final Caller COLLEAGUE = new Caller("liga.kalnina@ventspils.lv", "ventspils", Set.of(Caller.Role.SPECIALIST));

    @Deployment
    static WebArchive deployment() {
        return VpvkacArchive.withTests(CaseTransactionsIT.class);
    }

    @Inject
    CaseService cases;
    @Inject
    CatalogueService catalogue;
    @Inject
    UserTransaction transaction;

    /** An error nobody foresaw is answered with an incident number, never with its own text (a database error quotes values). */
    @Test
    void anUnforeseenErrorIsAnsweredWithAnIncidentNumberAndNotItsText() {
        jakarta.ws.rs.core.Response answer = new lv.pasvaldibas.vpvkac.platform.web.UnexpectedErrorMapper().toResponse(new IllegalStateException(
                "duplicate key value violates unique constraint: Key (municipality, personal_code)=(ventspils, 300377-16406)"));
        assertThat(answer.getStatus()).isEqualTo(500);
        assertThat(answer.getEntity().toString()).contains("error.internal").containsPattern("incident [0-9a-f]{8}")
                .doesNotContain("300377", "personal_code", "duplicate");
        assertThat(new lv.pasvaldibas.vpvkac.platform.web.UnexpectedErrorMapper().toResponse(new jakarta.ws.rs.NotFoundException()).getStatus())
                .isEqualTo(404);
    }

    @Test
    void twoTransactionsMovingOneCaseFromTheSameVersionEndInOneConflictAndNoLostUpdate() throws Exception {
        CaseView registered = cases.register(SPECIALIST, newCase());
        long id = registered.id();
        int version = registered.version();
        ManagedExecutorService executor = InitialContext.doLookup("java:comp/DefaultManagedExecutorService");

        Future<Throwable> colleague;
        transaction.begin();
        try {
            // flushed: the first transaction holds the case's row until it commits
            cases.move(SPECIALIST, id, CaseStatus.IN_PROGRESS, "first", version);
            // the colleague read the same version and gets past the version check, then waits for the row
            colleague = executor.submit(() -> inTransaction(() -> cases.move(COLLEAGUE, id, CaseStatus.REJECTED, "second", version)));
            awaitASessionWaitingForALock();
            transaction.commit();
        } finally {
            rollbackIfActive();
        }
        Throwable refused = colleague.get(60, TimeUnit.SECONDS);

        assertThat(refused).as("the colleague's move, committed after the first from the same version: a lost update unless refused")
                .isInstanceOf(OptimisticLockException.class);
        try (Connection db = database(); PreparedStatement s = db.prepareStatement(
                "SELECT c.status, c.version, c.assignee, (SELECT string_agg(to_status, ',' ORDER BY id) FROM status_change WHERE case_id = c.id)"
                        + " FROM service_case c WHERE c.id = ?")) {
            s.setLong(1, id);
            try (ResultSet row = s.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).isEqualTo("IN_PROGRESS");
                assertThat(row.getInt(2)).isEqualTo(version + 1);
                assertThat(row.getString(3)).isEqualTo(SPECIALIST.username());
                assertThat(row.getString(4)).as("history").isEqualTo("RECEIVED,IN_PROGRESS");
            }
        }
        assertThat(auditRecords(id)).containsExactly("VPVKAC_CASE_REGISTERED", "VPVKAC_CASE_MOVED to IN_PROGRESS by " + SPECIALIST.username());
    }

    @Test
    void aRefusedMoveLeavesTheCaseItsHistoryAndTheAuditLogAsTheyWere() throws Exception {
        CaseView registered = cases.register(SPECIALIST, newCase());
        String before = caseRow(registered.id());

        assertThatThrownBy(() -> cases.move(SPECIALIST, registered.id(), CaseStatus.DELIVERED, "straight to delivered", registered.version()))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> cases.move(COLLEAGUE, registered.id(), CaseStatus.IN_PROGRESS, "an old version", registered.version() - 1))
                .hasMessageContaining("changed since");

        assertThat(caseRow(registered.id())).isEqualTo(before).contains("|RECEIVED|0|");
        assertThat(auditRecords(registered.id())).containsExactly("VPVKAC_CASE_REGISTERED");
    }

    @Test
    void aRegistrationsAuditRecordIsStoredBeforeTheRegistrationCommits() throws Exception {
        PersonalCode code = PersonalCode.parse(newFormCode());
        long id;
        transaction.begin();
        try {
            id = cases.register(SPECIALIST, newCase(code)).id();
            // seen from outside the transaction: the record is in the audit log, the case is not yet in the database
            assertThat(auditRecords(id)).containsExactly("VPVKAC_CASE_REGISTERED");
            assertThat(caseRow(id)).isNull();
            transaction.commit();
        } finally {
            rollbackIfActive();
        }
        assertThat(caseRow(id)).contains("|RECEIVED|0|");
        try (Connection audit = auditLog(); PreparedStatement s = audit.prepareStatement(
                "SELECT details FROM audit_record WHERE stream = ? AND target_type = 'case' AND target_id = ?")) {
            s.setString(1, auditStream());
            s.setString(2, Long.toString(id));
            try (ResultSet row = s.executeQuery()) {
                assertThat(row.next()).isTrue();
                assertThat(row.getString(1)).as("the client by reference, never by code").doesNotContain(code.canonical())
                        .doesNotContain(code.canonical().replace("-", "")).contains("\"client\"");
            }
        }
    }

    // ---------------------------------------------------------------------------------------------

    /** A new person (a new-form code, which has no check digit) at Ventspils' centre, for a service it offers in person. */
    private NewCase newCase() {
        return newCase(PersonalCode.parse(newFormCode()));
    }

    private NewCase newCase(PersonalCode code) {
        Service service = catalogue.services().stream().filter(s -> s.channels().contains(Channel.IN_PERSON)).findFirst().orElseThrow();
        long centre = catalogue.centres(SPECIALIST).get(0).id();
        return new NewCase(new Client.Person(code, "Ērika", "Šķēle", null), service.code(), centre, Channel.IN_PERSON, null);
    }

    private static String newFormCode() {
        return "32" + String.format("%09d", ThreadLocalRandom.current().nextInt(1_000_000_000));
    }

    private interface Work {
        void run() throws Exception;
    }

    /** Runs {@code work} in a transaction of its own; returns what it threw (the transaction rolled back), or null. */
    private Throwable inTransaction(Work work) {
        try {
            transaction.begin();
            work.run();
            transaction.commit();
            return null;
        } catch (Throwable e) {
            rollbackIfActive();
            return e;
        }
    }

    private void rollbackIfActive() {
        try {
            if (transaction.getStatus() != Status.STATUS_NO_TRANSACTION) {
                transaction.rollback();
            }
        } catch (Exception e) {
            throw new IllegalStateException("Could not roll back", e);
        }
    }

    /** Until PostgreSQL shows one of the application's sessions waiting for a row lock. */
    private static void awaitASessionWaitingForALock() throws SQLException, InterruptedException {
        Instant deadline = Instant.now().plus(Duration.ofSeconds(30));
        try (Connection db = database(); PreparedStatement s = db.prepareStatement(
                "SELECT count(*) FROM pg_stat_activity WHERE datname = current_database() AND wait_event_type = 'Lock'")) {
            while (Instant.now().isBefore(deadline)) {
                try (ResultSet count = s.executeQuery()) {
                    count.next();
                    if (count.getInt(1) > 0) {
                        return;
                    }
                }
                Thread.sleep(50);
            }
        }
        throw new AssertionError("The second transaction never waited for the case's row");
    }

    /** status, version and history of a case as committed, {@code |id|status|version|first action|assignee|history|}; null if none. */
    private static String caseRow(long id) throws SQLException {
        try (Connection db = database(); PreparedStatement s = db.prepareStatement(
                "SELECT c.id, c.status, c.version, c.first_action_at, c.assignee,"
                        + " (SELECT string_agg(to_status, ',' ORDER BY id) FROM status_change WHERE case_id = c.id)"
                        + " FROM service_case c WHERE c.id = ?")) {
            s.setLong(1, id);
            try (ResultSet row = s.executeQuery()) {
                if (!row.next()) {
                    return null;
                }
                StringBuilder text = new StringBuilder("|");
                for (int c = 1; c <= 6; c++) {
                    text.append(row.getString(c)).append('|');
                }
                return text.toString();
            }
        }
    }

    /** The audit log's records of a case, oldest first: the type, for moves with where to and by whom. */
    private static List<String> auditRecords(long id) throws SQLException {
        List<String> records = new ArrayList<>();
        try (Connection audit = auditLog(); PreparedStatement s = audit.prepareStatement(
                "SELECT type, details::jsonb ->> 'to', actor_username FROM audit_record WHERE stream = ? AND target_type = 'case' AND target_id = ?"
                        + " ORDER BY seq")) {
            s.setString(1, auditStream());
            s.setString(2, Long.toString(id));
            try (ResultSet row = s.executeQuery()) {
                while (row.next()) {
                    records.add(row.getString(2) == null ? row.getString(1)
                            : row.getString(1) + " to " + row.getString(2) + " by " + row.getString(3));
                }
            }
        }
        return records;
    }

    /** The stream the application writes: {@code vpvkac/<node>}, the node as the server's settings name it. */
    private static String auditStream() {
        return "vpvkac/" + System.getProperty("env.VPVKAC_NODE");
    }

    /**
     * The application's database on a connection of its own, outside any transaction of the test:
     * what is committed. With the login the server has (system properties {@code env.VPVKAC_DB_*}).
     */
    private static Connection database() throws SQLException {
        return connect(System.getProperty("env.VPVKAC_DB_URL"), System.getProperty("env.VPVKAC_DB_USER"),
                System.getProperty("env.VPVKAC_DB_PASSWORD"));
    }

    /** The audit log, as a login that may only read it ({@link ArquillianServer}). */
    private static Connection auditLog() throws SQLException {
        return connect(System.getProperty(ArquillianServer.AUDIT_READER_URL), System.getProperty(ArquillianServer.AUDIT_READER_USER),
                System.getProperty(ArquillianServer.AUDIT_READER_PASSWORD));
    }

    /** The WAR's own driver: DriverManager does not see drivers of other class loaders (as AuditTrail says). */
    private static Connection connect(String url, String user, String password) throws SQLException {
        Properties login = new Properties();
        login.setProperty("user", user);
        login.setProperty("password", password);
        return new org.postgresql.Driver().connect(url, login);
    }
}
