package lv.pasvaldibas.provisioning.vertx;

import io.vertx.core.Future;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import io.vertx.ext.web.openapi.router.RequestExtractor;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.openapi.contract.OpenAPIContract;
import io.vertx.pgclient.PgBuilder;
import io.vertx.pgclient.PgConnectOptions;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.PoolOptions;
import lv.pasvaldibas.provisioning.access.nimbus.PlatformTokens;
import lv.pasvaldibas.provisioning.audit.ProvisioningAudit;
import lv.pasvaldibas.provisioning.i18n.Refusal;
import lv.pasvaldibas.provisioning.postgres.CatalogueStore;
import lv.pasvaldibas.provisioning.postgres.JobStore;
import lv.pasvaldibas.provisioning.postgres.ServerStore;

/**
 * The daemon on one event loop: the REST API (routes from openapi.yaml, requests validated by
 * Vert.x's OpenAPI router against it), the page for municipal IT staff ({@link Page}), the job
 * runner and the reconciliation loop. Everything that blocks (libvirt, the token's key fetch) runs
 * on worker threads.
 */
public final class ProvisioningVerticle extends VerticleBase {

    private final ProvisioningSettings settings;
    private final ProvisioningAudit audit;
    private Pool db;
    private HostConnections hosts;
    private HttpServer server;

    public ProvisioningVerticle(ProvisioningSettings settings, ProvisioningAudit audit) {
        this.settings = settings;
        this.audit = audit;
    }

    @Override
    public Future<?> start() {
        db = PgBuilder.pool().with(new PoolOptions().setMaxSize(8))
                .connectingTo(PgConnectOptions.fromUri(settings.database()).setUser(settings.databaseUser())
                        .setPassword(settings.databasePassword()).setCachePreparedStatements(true))
                .using(vertx).build();
        ProvisioningMetrics metrics = new ProvisioningMetrics(audit::spooled);
        ServerStore servers = new ServerStore();
        JobStore jobs = new JobStore();
        CatalogueStore catalogue = new CatalogueStore();
        Reconciler[] events = new Reconciler[1];
        hosts = new HostConnections((hostId, event) -> events[0].onEvent(hostId, event));
        JobRunner runner = new JobRunner(vertx, db, jobs, servers, catalogue, hosts, audit, metrics, settings);
        Reconciler reconciler = new Reconciler(vertx, db, servers, jobs, catalogue, hosts, audit, metrics, settings, runner::wake);
        events[0] = reconciler;
        Calls calls = new Calls(db, audit, metrics, runner::wake);
        PlatformTokens tokens = new PlatformTokens(settings.issuer(), settings.clients());
        return OpenAPIContract.from(vertx, "openapi.yaml").compose(contract -> {
            RouterBuilder api = RouterBuilder.create(vertx, contract, RequestExtractor.withBodyHandler());
            api.rootHandler(BodyHandler.create(false).setBodyLimit(settings.maxBodyBytes()));
            api.rootHandler(new Authentication(vertx, tokens, audit, settings));
            api.getRoutes().forEach(route -> route.setDoSecurity(false));
            new ServerRoutes(db, calls, servers, jobs, catalogue).mount(api);
            new CatalogueRoutes(db, calls, catalogue, servers, jobs, reconciler::pass).mount(api);
            Router router = api.createRouter();
            String document = contract.getRawContract().encodePrettily();
            router.get("/openapi.json").handler(rc -> rc.response().putHeader("Content-Type", "application/json; charset=utf-8").end(document));
            router.get("/metrics").handler(rc -> rc.response().putHeader("Content-Type", "text/plain; version=0.0.4; charset=utf-8")
                    .end(metrics.scrape()));
            router.get("/health").handler(rc -> db.query("SELECT 1").execute().onComplete(answer -> {
                boolean ready = answer.succeeded();
                JsonObject body = new JsonObject().put("status", ready ? "UP" : "DOWN").put("database", ready ? "UP" : "DOWN")
                        .put("audit", audit.databaseReachable() ? "UP" : "SPOOLING").put("auditSpooled", audit.spooled())
                        .put("node", settings.node());
                rc.response().setStatusCode(ready ? 200 : 503).putHeader("Content-Type", "application/json").end(body.encode());
            }));
            new Page(settings).mount(router);
            router.errorHandler(400, rc -> calls.refuse(rc, new lv.pasvaldibas.provisioning.i18n.RefusedException(Refusal.INVALID_REQUEST,
                    Problems.validationReason(rc.failure())), System.nanoTime()));
            router.errorHandler(413, rc -> Problems.send(rc, Refusal.BODY_TOO_LARGE, settings.maxBodyBytes()));
            router.errorHandler(404, rc -> Problems.send(rc, Refusal.NOT_FOUND));
            router.errorHandler(500, rc -> calls.refuse(rc, rc.failure() == null ? new IllegalStateException("500") : rc.failure(), System.nanoTime()));
            runner.start();
            reconciler.start();
            return vertx.createHttpServer(new HttpServerOptions().setHost(settings.host()).setPort(settings.port())
                    .setMaxHeaderSize(32 * 1024)).requestHandler(router).listen();
        }).onSuccess(s -> server = s);
    }

    @Override
    public Future<?> stop() {
        Future<Void> closed = server == null ? Future.succeededFuture() : server.close();
        return closed.eventually(() -> db.close()).eventually(() -> {
            hosts.close();
            return Future.succeededFuture();
        });
    }
}
