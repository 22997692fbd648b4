package lv.pasvaldibas.provisioning.vertx;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Base64;
import java.util.Map;
import java.util.Set;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.provisioning.access.Caller;
import lv.pasvaldibas.provisioning.access.Role;
import lv.pasvaldibas.provisioning.access.nimbus.PlatformTokens;
import lv.pasvaldibas.provisioning.audit.ProvisioningAudit;
import lv.pasvaldibas.provisioning.i18n.Refusal;

/**
 * Runs before anything else on {@code /api/}: checks the bearer token ({@link PlatformTokens}) and
 * puts the {@link Caller} on the request. A token that carries trust grants is introspected on every
 * request, so a suspended trust stops lent access at once (the platform's trust mapper answers
 * introspection afresh); if the platform cannot be asked, the grants are not used (the caller
 * keeps their own municipality's roles): lent access fails closed. A refused token is audited with
 * the reason, never the token.
 */
final class Authentication implements Handler<RoutingContext> {

    static final String CALLER = "caller";
    private static final System.Logger LOG = System.getLogger(Authentication.class.getName());
    private static final int MAX_TOKEN_CHARS = 16 * 1024;

    private final Vertx vertx;
    private final PlatformTokens tokens;
    private final ProvisioningAudit audit;
    private final ProvisioningSettings settings;
    private final HttpClient http = HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();

    Authentication(Vertx vertx, PlatformTokens tokens, ProvisioningAudit audit, ProvisioningSettings settings) {
        this.vertx = vertx;
        this.tokens = tokens;
        this.audit = audit;
        this.settings = settings;
    }

    @Override
    public void handle(RoutingContext rc) {
        if (!rc.normalizedPath().startsWith("/api/")) {
            rc.next();
            return;
        }
        String header = rc.request().getHeader("Authorization");
        if (header == null || !header.regionMatches(true, 0, "Bearer ", 0, 7) || header.length() > MAX_TOKEN_CHARS) {
            refuse(rc, "no bearer token");
            return;
        }
        String token = header.substring(7).trim();
        vertx.executeBlocking(() -> tokens.check(token), false)
                .compose(checked -> checked.carriesGrants() ? confirmGrants(token, checked.caller()) : Future.succeededFuture(checked.caller()))
                .onSuccess(caller -> {
                    rc.put(CALLER, caller);
                    rc.next();
                })
                .onFailure(e -> refuse(rc, e.getMessage()));
    }

    private void refuse(RoutingContext rc, String reason) {
        String shortReason = reason == null ? "refused" : reason.length() > 200 ? reason.substring(0, 200) : reason;
        Problems.send(rc, Refusal.UNAUTHENTICATED);
        audit.call(null, rc.request().remoteAddress() == null ? null : rc.request().remoteAddress().hostAddress(),
                        "PROVISIONING_TOKEN_REFUSED", AuditEvent.Outcome.DENIED, "api", rc.normalizedPath(), Map.of("reason", shortReason))
                .exceptionally(e -> {
                    LOG.log(System.Logger.Level.WARNING, "A refused token could not be audited: " + e);
                    return null;
                });
    }

    /** The caller with the grants the platform confirms now; an inactive token is refused. */
    private Future<Caller> confirmGrants(String token, Caller fromToken) {
        Caller withoutGrants = new Caller(fromToken.username(), fromToken.municipality(), fromToken.roles(), Map.of());
        if (settings.apiSecret() == null) {
            return Future.succeededFuture(withoutGrants);
        }
        String credentials = PlatformTokens.AUDIENCE + ":" + settings.apiSecret();
        HttpRequest request = HttpRequest.newBuilder(URI.create(settings.issuer() + "/protocol/openid-connect/token/introspect"))
                .timeout(Duration.ofSeconds(3))
                .header("Authorization", "Basic " + Base64.getEncoder().encodeToString(credentials.getBytes(StandardCharsets.UTF_8)))
                .header("Content-Type", "application/x-www-form-urlencoded")
                .POST(HttpRequest.BodyPublishers.ofString("token=" + URLEncoder.encode(token, StandardCharsets.UTF_8)))
                .build();
        return Future.fromCompletionStage(http.sendAsync(request, HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8)), vertx.getOrCreateContext())
                .compose(response -> {
                    if (response.statusCode() != 200) {
                        LOG.log(System.Logger.Level.WARNING, "Trust grants not used: introspection answered HTTP " + response.statusCode());
                        return Future.succeededFuture(withoutGrants);
                    }
                    JsonObject answer = new JsonObject(response.body());
                    if (!answer.getBoolean("active", false)) {
                        return Future.failedFuture(new IllegalStateException("the token is no longer active"));
                    }
                    JsonObject grants = answer.getJsonObject(PlatformTokens.GRANTS_CLAIM);
                    Map<String, Set<Role>> confirmed = grants == null ? Map.of() : PlatformTokens.grantsOf(grants.getMap());
                    return Future.succeededFuture(new Caller(fromToken.username(), fromToken.municipality(), fromToken.roles(), confirmed));
                }, unreachable -> {
                    LOG.log(System.Logger.Level.WARNING, "Trust grants not used: introspection failed: " + unreachable);
                    return Future.succeededFuture(withoutGrants);
                });
    }
}
