package lv.pasvaldibas.provisioning.vertx;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.Operation;
import io.vertx.openapi.validation.ValidatedRequest;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.time.Duration;
import java.util.HexFormat;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;
import java.util.function.Function;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.provisioning.access.Caller;
import lv.pasvaldibas.provisioning.audit.ProvisioningAudit;
import lv.pasvaldibas.provisioning.i18n.Refusal;
import lv.pasvaldibas.provisioning.i18n.RefusedException;
import lv.pasvaldibas.provisioning.postgres.CatalogueStore;
import lv.pasvaldibas.provisioning.postgres.JobStore;

/**
 * How every API operation is carried out and recorded. A read runs, is audited, then answered. A
 * change runs in one transaction with its {@code Idempotency-Key} (the first answer is kept and
 * replayed to a retry; a concurrent retry waits on the key's row and then gets it) and its audit
 * record, which is durable before the commit: a change whose record cannot be kept is not made. A
 * refusal is audited with its reason and answered in the caller's language; it changes nothing.
 */
final class Calls {

    /** What an operation did: the answer, and what the audit record names. */
    record Outcome(int status, JsonObject body, String targetType, String targetId, Map<String, Object> details) {
    }

    /** One request, as the operation sees it. */
    record Call(RoutingContext rc, Caller caller, ValidatedRequest request, SqlConnection tx) {
        JsonObject body() {
            return request.getBody().getJsonObject();
        }

        String path(String name) {
            return request.getPathParameters().get(name).getString();
        }

        UUID pathId(String name) {
            return UUID.fromString(path(name));
        }

        String query(String name) {
            var parameter = request.getQuery().get(name);
            return parameter == null || parameter.isNull() ? null : String.valueOf(parameter.get());
        }
    }

    private static final System.Logger LOG = System.getLogger(Calls.class.getName());
    /** How long an action waits for its audit record to be durable before it is refused. */
    private static final Duration DURABLE_WITHIN = Duration.ofSeconds(10);

    private final Pool db;
    private final ProvisioningAudit audit;
    private final ProvisioningMetrics metrics;
    private final Runnable afterChange;

    Calls(Pool db, ProvisioningAudit audit, ProvisioningMetrics metrics, Runnable afterChange) {
        this.db = db;
        this.audit = audit;
        this.metrics = metrics;
        this.afterChange = afterChange;
    }

    void read(RoutingContext rc, Function<Call, Future<Outcome>> operation) {
        long began = System.nanoTime();
        Call call = new Call(rc, rc.get(Authentication.CALLER), rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST), null);
        attempt(operation, call)
                .compose(outcome -> record(call, AuditEvent.Outcome.SUCCESS, outcome.targetType(), outcome.targetId(), outcome.details())
                        .map(outcome))
                .onSuccess(outcome -> answer(rc, outcome, began))
                .onFailure(e -> refuse(rc, e, began));
    }

    void change(RoutingContext rc, Function<Call, Future<Outcome>> operation) {
        long began = System.nanoTime();
        Caller caller = rc.get(Authentication.CALLER);
        ValidatedRequest request = rc.get(RouterBuilder.KEY_META_DATA_VALIDATED_REQUEST);
        String key = rc.request().getHeader("Idempotency-Key");
        if (key == null) {
            refuse(rc, new RefusedException(Refusal.IDEMPOTENCY_MISSING), began);
            return;
        }
        String fingerprint = fingerprint(rc, request);
        db.withTransaction(tx -> firstAnswer(tx, caller, key, fingerprint).compose(kept -> {
                    if (kept != null) {
                        return Future.succeededFuture(kept);
                    }
                    Call call = new Call(rc, caller, request, tx);
                    return attempt(operation, call).compose(outcome -> {
                        Map<String, Object> details = new LinkedHashMap<>(outcome.details());
                        details.put("idempotencyKey", key);
                        return record(call, AuditEvent.Outcome.SUCCESS, outcome.targetType(), outcome.targetId(), details)
                                .compose(v -> keep(tx, caller, key, outcome)).map(outcome);
                    });
                }))
                .onSuccess(outcome -> {
                    answer(rc, outcome, began);
                    afterChange.run();
                })
                .onFailure(e -> refuse(rc, e, began));
    }

    /** The operation's future; a refusal thrown before it had one becomes its failure. */
    private static Future<Outcome> attempt(Function<Call, Future<Outcome>> operation, Call call) {
        try {
            return operation.apply(call);
        } catch (RuntimeException e) {
            return Future.failedFuture(e);
        }
    }

    /** The answer kept for this key, or null when the key is new (its row now held by this transaction). */
    private Future<Outcome> firstAnswer(SqlConnection tx, Caller caller, String key, String fingerprint) {
        return tx.preparedQuery("INSERT INTO idempotency (caller, key, request_hash, status, body) VALUES ($1, $2, $3, 0, '{}') "
                        + "ON CONFLICT DO NOTHING RETURNING key")
                .execute(Tuple.of(caller.username(), key, fingerprint))
                .compose(inserted -> {
                    if (inserted.rowCount() == 1) {
                        return Future.succeededFuture();
                    }
                    return tx.preparedQuery("SELECT request_hash, status, body FROM idempotency WHERE caller = $1 AND key = $2")
                            .execute(Tuple.of(caller.username(), key)).compose(rows -> {
                                var row = rows.iterator().next();
                                if (!row.getString("request_hash").equals(fingerprint)) {
                                    return Future.failedFuture(new RefusedException(Refusal.IDEMPOTENCY_REUSED));
                                }
                                return Future.succeededFuture(new Outcome(row.getInteger("status"), row.getJsonObject("body"), "api", key,
                                        Map.of("replayed", true)));
                            });
                });
    }

    private Future<Void> keep(SqlConnection tx, Caller caller, String key, Outcome outcome) {
        return tx.preparedQuery("UPDATE idempotency SET status = $3, body = $4 WHERE caller = $1 AND key = $2")
                .execute(Tuple.of(caller.username(), key, outcome.status(), outcome.body())).mapEmpty();
    }

    /** The operation and its input: the same key with another request is refused, not replayed. */
    private static String fingerprint(RoutingContext rc, ValidatedRequest request) {
        String body = request.getBody() == null || request.getBody().isNull() ? "" : String.valueOf(request.getBody().get());
        String text = rc.request().method() + " " + rc.normalizedPath() + "\n" + body;
        try {
            return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(text.getBytes(StandardCharsets.UTF_8)));
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException(e);
        }
    }

    private Future<Void> record(Call call, AuditEvent.Outcome outcome, String targetType, String targetId, Map<String, Object> details) {
        return Future.fromCompletionStage(audit.call(call.caller(), sourceIp(call.rc()), type(call.rc()), outcome, targetType, targetId, details))
                .timeout(DURABLE_WITHIN.toMillis(), java.util.concurrent.TimeUnit.MILLISECONDS)
                .recover(e -> Future.failedFuture(new AuditUnavailable(e)));
    }

    private void answer(RoutingContext rc, Outcome outcome, long began) {
        metrics.request(operationId(rc), outcome.status(), Duration.ofNanos(System.nanoTime() - began));
        rc.response().setStatusCode(outcome.status()).putHeader("Content-Type", "application/json; charset=utf-8").end(outcome.body().encode());
    }

    /**
     * Answers a failure: a refusal with its reason, an unforeseen error as 500 with an incident number
     * only. The refusal changed nothing, so its audit record follows the answer instead of holding it up.
     */
    void refuse(RoutingContext rc, Throwable failure, long began) {
        Refusal refusal;
        Object[] arguments;
        if (failure instanceof RefusedException refused) {
            refusal = refused.refusal();
            arguments = refused.arguments();
        } else if (failure instanceof JobStore.Busy busy) {
            refusal = Refusal.BUSY;
            arguments = new Object[] {String.valueOf(busy.openJob())};
        } else if (failure instanceof CatalogueStore.HostExists) {
            refusal = Refusal.HOST_EXISTS;
            arguments = new Object[] {""};
        } else if (failure instanceof AuditUnavailable) {
            refusal = Refusal.AUDIT_UNAVAILABLE;
            arguments = new Object[0];
        } else {
            String incident = UUID.randomUUID().toString().substring(0, 8);
            LOG.log(System.Logger.Level.ERROR, "Incident " + incident + " in " + operationId(rc), failure);
            refusal = Refusal.INTERNAL;
            arguments = new Object[] {incident};
        }
        metrics.request(operationId(rc), refusal.status(), Duration.ofNanos(System.nanoTime() - began));
        Caller caller = rc.get(Authentication.CALLER);
        AuditEvent.Outcome outcome = refusal.status() == 403 || refusal.status() == 404 ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.FAILURE;
        Map<String, Object> details = Map.of("refusal", refusal.key(), "status", refusal.status());
        // answered at once (an error handler must end the response before it returns); the refusal is recorded after it
        Problems.send(rc, refusal, arguments);
        audit.call(caller, sourceIp(rc), type(rc), outcome, "api", rc.normalizedPath(), details)
                .exceptionally(e -> {
                    LOG.log(System.Logger.Level.WARNING, "The refusal of " + operationId(rc) + " could not be audited: " + e);
                    return null;
                });
    }

    /** The audit record could not be kept: the action was not done. */
    static final class AuditUnavailable extends RuntimeException {
        AuditUnavailable(Throwable cause) {
            super("audit record not kept", cause);
        }
    }

    static String operationId(RoutingContext rc) {
        if (rc.currentRoute() != null && rc.currentRoute().getMetadata(RouterBuilder.KEY_META_DATA_OPERATION) instanceof Operation op) {
            return op.getOperationId();
        }
        return "unknown";
    }

    /** The audit type of an operation: {@code createServer} → {@code PROVISIONING_CREATE_SERVER}. */
    static String type(RoutingContext rc) {
        return "PROVISIONING_" + operationId(rc).replaceAll("([a-z])([A-Z])", "$1_$2").toUpperCase(java.util.Locale.ROOT);
    }

    private static String sourceIp(RoutingContext rc) {
        return rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress();
    }
}
