package lv.pasvaldibas.audit.keycloak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import jakarta.ws.rs.WebApplicationException;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.AuditWriter;
import org.jboss.logging.Logger;
import org.keycloak.events.Event;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.models.AbstractKeycloakTransaction;
import org.keycloak.models.KeycloakSession;

/**
 * Per Keycloak session: turns events into audit records at once (while the realm and user are at
 * hand) and writes them when the session's transaction ends, waiting until each is durable, so
 * that the client is answered only after its sign-in is in the log. A rolled-back transaction's
 * events are written too, marked {@code "transaction": "rolled-back"}: attempts are evidence.
 * <p>
 * Records that cannot be made durable (fail-closed with the database down, or even the spool
 * failing) fail the request (decision 39): Keycloak closes the session, and with it runs this
 * after-completion transaction, in its response filter ({@code CloseSessionFilter}) before the
 * body is written, and {@code DefaultKeycloakSession.close} rethrows what a commit threw, so the
 * client gets the 503 below instead of its tokens.
 */
final class AuditListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(AuditListener.class);
    static final String NOT_RECORDED = "Darbība nav pabeigta: audita žurnāls to šobrīd nevar reģistrēt. Mēģiniet vēlreiz pēc dažām minūtēm."
            + " / Not completed: the audit log cannot record it right now. Try again in a few minutes.";

    private final KeycloakSession session;
    private final AuditWriter writer;
    private final Duration ackTimeout;
    private WriteAtEnd pending;

    AuditListener(KeycloakSession session, AuditWriter writer, Duration ackTimeout) {
        this.session = session;
        this.writer = writer;
        this.ackTimeout = ackTimeout;
    }

    @Override
    public void onEvent(Event event) {
        if (writer != null) {
            add(KeycloakAuditEvents.user(session, event));
        }
    }

    @Override
    public void onEvent(AdminEvent event, boolean includeRepresentation) {
        if (writer != null) {
            add(KeycloakAuditEvents.admin(session, event, includeRepresentation));
        }
    }

    private void add(AuditEvent event) {
        if (!session.getTransactionManager().isActive()) {
            writeOrRefuse(List.of(event));
            return;
        }
        if (pending == null) {
            pending = new WriteAtEnd();
            session.getTransactionManager().enlistAfterCompletion(pending);
        }
        pending.events.add(event);
    }

    /** Waits until the records are durable; false (logged) when they are not. */
    private boolean write(List<AuditEvent> events) {
        List<CompletableFuture<Void>> written = new ArrayList<>(events.size());
        events.forEach(e -> written.add(writer.write(e)));
        try {
            CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
            return true;
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // never the event itself here: it may name a person; the writer's state is what matters
            LOG.errorf("%d audit record(s) not durable, the request is refused: %s", events.size(),
                    e.getCause() == null ? e : e.getCause().getMessage());
        }
        return false;
    }

    /**
     * Fails the request when a success could not be recorded: the client must not be told it
     * succeeded. A refusal whose record is lost stays a refusal (logged above): failing it too would
     * only replace the person's message with this one.
     */
    private void writeOrRefuse(List<AuditEvent> events) {
        if (!write(events) && events.stream().anyMatch(e -> e.outcome() == AuditEvent.Outcome.SUCCESS)) {
            throw new WebApplicationException(Response.status(Response.Status.SERVICE_UNAVAILABLE)
                    .type(MediaType.APPLICATION_JSON_TYPE.withCharset("UTF-8"))
                    .entity(Map.of("error", "temporarily_unavailable", "error_description", NOT_RECORDED))
                    .build());
        }
    }

    private final class WriteAtEnd extends AbstractKeycloakTransaction {
        private final List<AuditEvent> events = new ArrayList<>();

        @Override
        protected void commitImpl() {
            writeOrRefuse(events);
        }

        @Override
        protected void rollbackImpl() {
            // the request failed already; Keycloak only logs what a rollback throws
            write(events.stream().map(KeycloakAuditEvents::rolledBack).toList());
        }
    }

    @Override
    public void close() {
        // the writer belongs to the factory
    }
}
