package lv.pasvaldibas.monitor.vertx;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.AuditWriter;
import lv.pasvaldibas.monitor.alert.Alert;
import lv.pasvaldibas.monitor.signin.Officer;

/**
 * The monitor's own records in the audit log (stream {@code monitor/<node>}): with the monitor's node as
 * the actor, each alert raised (durable before the alert is committed), each delivery's outcome, and what
 * it observed of the federation (directories, trusts); with the security officer as the actor, each
 * sign-in, refusal, search, view, export, verification and alert handled on its pages.
 */
public final class MonitorAudit implements AutoCloseable {

    private static final String CLIENT = "security-monitor";
    private final AuditWriter writer;
    private final AuditEvent.Actor self;

    MonitorAudit(AuditWriter writer, String node) {
        this.writer = writer;
        this.self = new AuditEvent.Actor(null, "monitor/" + node, null, null);
    }

    /** On a worker thread: returns when every record is durable, else throws and the alerts are not committed. */
    void raised(List<Alert> alerts) {
        List<CompletableFuture<Void>> written = alerts.stream().map(a -> record("MONITOR_ALERT_RAISED", AuditEvent.Outcome.SUCCESS, a, null)).toList();
        try {
            CompletableFuture.allOf(written.toArray(CompletableFuture[]::new)).get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before the alerts' audit records were kept", e);
        } catch (Exception e) {
            throw new IllegalStateException("the alerts' audit records could not be kept: " + e.getMessage(), e);
        }
    }

    CompletableFuture<Void> delivery(Alert alert, String channel, boolean delivered) {
        return record(delivered ? "MONITOR_ALERT_DELIVERED" : "MONITOR_ALERT_NOT_DELIVERED",
                delivered ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE, alert, channel);
    }

    private CompletableFuture<Void> record(String type, AuditEvent.Outcome outcome, Alert a, String channel) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("rule", a.ruleId());
        details.put("title", a.title());
        details.put("level", a.level());
        details.put("group", a.group());
        if (a.municipality() != null) {
            details.put("municipality", a.municipality());
        }
        if (channel != null) {
            details.put("channel", channel);
        }
        return writer.write(new AuditEvent(Instant.now(), type, outcome, self, CLIENT, null, null, "alert", a.id().toString(), details));
    }

    /**
     * An officer's action (or a refused sign-in, whose actor may be unknown); completes when the record is
     * durable (in the database or the spool), and the page answers only then.
     */
    public CompletableFuture<Void> action(String type, AuditEvent.Outcome outcome, Officer officer, String sourceIp, String targetType,
                                          String targetId, Map<String, Object> details) {
        AuditEvent.Actor actor = officer == null ? AuditEvent.Actor.NONE : new AuditEvent.Actor(null, officer.username(), null, officer.municipality());
        return writer.write(new AuditEvent(Instant.now(), type, outcome, actor, CLIENT, sourceIp, null, targetType, targetId, details));
    }

    /** The monitor as the actor of its records, and their client: observations are made in its name. */
    AuditEvent.Actor self() {
        return self;
    }

    String client() {
        return CLIENT;
    }

    /** The monitor's observations of the federation (decision 106), in order; completes once every one is durable. */
    CompletableFuture<Void> observed(List<AuditEvent> events) {
        return CompletableFuture.allOf(events.stream().map(writer::write).toArray(CompletableFuture[]::new));
    }

    boolean databaseReachable() {
        return writer.databaseReachable();
    }

    @Override
    public void close() {
        writer.close();
    }
}
