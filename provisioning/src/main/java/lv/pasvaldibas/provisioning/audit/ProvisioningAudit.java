package lv.pasvaldibas.provisioning.audit;

import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.provisioning.access.Caller;

/**
 * The daemon's records in the platform's audit log (stream {@code provisioning/<node>}): every API
 * call with the caller from the token, every job step before it runs, every reconciliation repair
 * with the daemon as the actor. A record is durable (committed or spooled) when its future completes;
 * an action whose record cannot be kept is refused.
 */
public final class ProvisioningAudit implements AutoCloseable {

    public static final String CLIENT = "provisioning-api";

    private final AuditWriter writer;
    private final String node;

    public ProvisioningAudit(AuditWriter writer, String node) {
        this.writer = writer;
        this.node = node;
    }

    /** An API call by {@code caller} (null: the token was refused, so nobody is known). */
    public CompletableFuture<Void> call(Caller caller, String sourceIp, String type, AuditEvent.Outcome outcome, String targetType,
                                        String targetId, Map<String, Object> details) {
        AuditEvent.Actor actor = caller == null ? AuditEvent.Actor.NONE
                : new AuditEvent.Actor(null, caller.username(), null, caller.municipality());
        return writer.write(new AuditEvent(Instant.now(), type, outcome, actor, CLIENT, sourceIp, null, targetType, targetId, details));
    }

    /** Something the daemon does by itself (a job step, a repair): the actor is the daemon's node. */
    public CompletableFuture<Void> daemon(String type, AuditEvent.Outcome outcome, String targetType, String targetId, Map<String, Object> details) {
        return writer.write(new AuditEvent(Instant.now(), type, outcome, new AuditEvent.Actor(null, "provisioning/" + node, null, null),
                CLIENT, null, null, targetType, targetId, details));
    }

    public boolean databaseReachable() {
        return writer.databaseReachable();
    }

    public long spooled() {
        return writer.spooled();
    }

    @Override
    public void close() {
        writer.close();
    }
}
