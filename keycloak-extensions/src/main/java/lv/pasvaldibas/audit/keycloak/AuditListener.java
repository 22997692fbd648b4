package lv.pasvaldibas.audit.keycloak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
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
 */
final class AuditListener implements EventListenerProvider {

    private static final Logger LOG = Logger.getLogger(AuditListener.class);

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
            write(List.of(event));
            return;
        }
        if (pending == null) {
            pending = new WriteAtEnd();
            session.getTransactionManager().enlistAfterCompletion(pending);
        }
        pending.events.add(event);
    }

    private void write(List<AuditEvent> events) {
        List<CompletableFuture<Void>> written = new ArrayList<>(events.size());
        events.forEach(e -> written.add(writer.write(e)));
        try {
            CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(ackTimeout.toMillis(), TimeUnit.MILLISECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (Exception e) {
            // never the event itself here: it may name a person; the writer's state is what matters
            LOG.errorf("%d audit record(s) not confirmed durable: %s", events.size(), e.getCause() == null ? e : e.getCause().getMessage());
        }
    }

    private final class WriteAtEnd extends AbstractKeycloakTransaction {
        private final List<AuditEvent> events = new ArrayList<>();

        @Override
        protected void commitImpl() {
            write(events);
        }

        @Override
        protected void rollbackImpl() {
            write(events.stream().map(KeycloakAuditEvents::rolledBack).toList());
        }
    }

    @Override
    public void close() {
        // the writer belongs to the factory
    }
}
