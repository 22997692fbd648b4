package lv.pasvaldibas.audit.keycloak;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.directory.PlatformUserAttributes;
import org.jboss.logging.Logger;
import org.keycloak.events.EventListenerProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.UserModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * Writes what our own REST resources do (audit searches, trust changes) to this node's audit
 * stream, and waits until the record is durable: the action is acknowledged only then.
 */
public final class AuditTrail {

    private static final Logger LOG = Logger.getLogger(AuditTrail.class);

    private AuditTrail() {
    }

    /** False when the record could not be made durable (or no audit database is configured). */
    public static boolean record(KeycloakSession session, AuthenticationManager.AuthResult auth, String type,
                                 AuditEvent.Outcome outcome, String targetType, String targetId, Map<String, Object> details) {
        if (!(session.getKeycloakSessionFactory().getProviderFactory(EventListenerProvider.class, AuditListenerFactory.PROVIDER_ID)
                instanceof AuditListenerFactory factory) || factory.writer() == null) {
            return false;
        }
        AuditWriter writer = factory.writer();
        UserModel user = auth.user();
        AuditEvent event = new AuditEvent(Instant.now(), type, outcome,
                new AuditEvent.Actor(user.getId(), user.getUsername(), user.getFirstAttribute(PlatformUserAttributes.HOME_DIRECTORY),
                        user.getFirstAttribute(PlatformUserAttributes.MUNICIPALITY)),
                auth.client() == null ? null : auth.client().getClientId(), session.getContext().getConnection().getRemoteAddr(),
                auth.session() == null ? null : auth.session().getId(), targetType, targetId, details);
        try {
            writer.write(event).get(10, TimeUnit.SECONDS);
            return true;
        } catch (Exception e) {
            LOG.errorf("%s not recorded in the audit log: %s", type, e.getMessage());
            return false;
        }
    }
}
