package lv.pasvaldibas.monitor.vertx;

import io.vertx.core.Future;
import io.vertx.core.MultiMap;
import io.vertx.core.VerticleBase;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.client.HttpResponse;
import io.vertx.ext.web.client.WebClient;
import io.vertx.ext.web.client.WebClientOptions;
import java.net.URI;
import java.net.URISyntaxException;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import lv.pasvaldibas.monitor.observe.FederationSnapshot;
import lv.pasvaldibas.monitor.observe.Observations;

/**
 * Watches what the audit log cannot show (decision 106): every {@code MONITOR_OBSERVE_SECONDS} it signs in
 * as its service account ({@code security-monitor-observer}, realm-management {@code view-realm}: it reads
 * every municipality's directories and trusts and may change nothing), lists the directories and trusts,
 * runs each active directory's connection test, reads the certificates of their LDAPS and StartTLS servers, and writes
 * what {@link Observations} makes of it to the audit log (stream {@code monitor/<node>}), where the
 * watcher reads it and the rules match it. A poll counts only once its records are durable. While the
 * federation cannot be read the monitor goes on with everything else and tries again every period; it
 * says so in its log once, and once when it can read it again.
 */
final class FederationObserver extends VerticleBase {

    private static final System.Logger LOG = System.getLogger(FederationObserver.class.getName());
    /** Each call to the federation and each TLS handshake: a hung server costs a poll this much, not forever. */
    private static final Duration CALL_TIMEOUT = Duration.ofSeconds(10);
    private static final Duration PROBE_TIMEOUT = Duration.ofSeconds(5);

    private final MonitorSettings.Observing settings;
    private final MonitorAudit audit;
    private final Observations observations;
    private WebClient web;
    private boolean polling;
    private boolean failing;
    private String token;
    private Instant tokenUntil = Instant.MIN;

    FederationObserver(MonitorSettings.Observing settings, MonitorAudit audit) {
        this.settings = settings;
        this.audit = audit;
        this.observations = new Observations(audit.self(), audit.client(), settings.certificateWarning(), Observations.DEFAULT_REPEAT);
    }

    /** Deploys the observer when {@code MONITOR_FEDERATION_URL} is set; else says that nothing is observed. */
    static void deploy(Vertx vertx, MonitorSettings settings, MonitorAudit audit) {
        if (settings.observing() == null) {
            LOG.log(System.Logger.Level.WARNING, "No MONITOR_FEDERATION_URL: directory reachability, directory certificates and trust reviews"
                    + " are not observed");
            return;
        }
        vertx.deployVerticle(new FederationObserver(settings.observing(), audit))
                .onFailure(e -> LOG.log(System.Logger.Level.ERROR, "The federation observer did not start: " + e.getMessage(), e));
    }

    @Override
    public Future<?> start() {
        web = WebClient.create(vertx, new WebClientOptions().setConnectTimeout((int) CALL_TIMEOUT.toMillis()).setUserAgent("security-monitor"));
        vertx.setTimer(1000, t -> poll());
        vertx.setPeriodic(settings.every().toMillis(), t -> poll());
        LOG.log(System.Logger.Level.INFO, "Observing the federation at " + settings.federationUrl() + " every " + settings.every().toSeconds() + " s");
        return Future.succeededFuture();
    }

    @Override
    public Future<?> stop() {
        web.close();
        return Future.succeededFuture();
    }

    /** One poll at a time: a slow one delays the next instead of overlapping it. */
    private void poll() {
        if (polling) {
            return;
        }
        polling = true;
        Instant now = Instant.now();
        token().compose(bearer -> Future.all(array(bearer, "/municipal-directories/directories"), array(bearer, "/municipal-trusts"))
                        .compose(both -> directories(bearer, both.resultAt(0))
                                .map(directories -> new FederationSnapshot(now, directories, trusts(both.resultAt(1))))))
                .compose(this::write)
                .onComplete(done -> {
                    polling = false;
                    if (done.failed()) {
                        if (!failing) {
                            LOG.log(System.Logger.Level.WARNING, "The federation at " + settings.federationUrl() + " cannot be read now ("
                                    + done.cause().getMessage() + "); the monitor goes on and tries again every " + settings.every().toSeconds()
                                    + " s");
                        }
                        failing = true;
                        return;
                    }
                    if (failing) {
                        LOG.log(System.Logger.Level.INFO, "The federation at " + settings.federationUrl() + " is read again");
                    }
                    failing = false;
                });
    }

    private Future<Integer> write(FederationSnapshot snapshot) {
        Observations.Report report = observations.observe(snapshot);
        if (report.events().isEmpty()) {
            observations.written(report);
            return Future.succeededFuture(0);
        }
        // back on this verticle's context: the observations are only ever touched from it
        return Future.fromCompletionStage(audit.observed(report.events()), context).map(v -> {
            observations.written(report);
            report.events().forEach(e -> LOG.log(System.Logger.Level.INFO, "Observed " + e.type() + " " + e.targetType() + " " + e.targetId()));
            return report.events().size();
        });
    }

    /** A token of the service account, fetched again shortly before it expires. */
    private Future<String> token() {
        if (token != null && Instant.now().isBefore(tokenUntil)) {
            return Future.succeededFuture(token);
        }
        MultiMap form = MultiMap.caseInsensitiveMultiMap().add("grant_type", "client_credentials").add("client_id", settings.clientId())
                .add("client_secret", settings.clientSecret());
        return web.postAbs(realmUrl("/protocol/openid-connect/token")).timeout(CALL_TIMEOUT.toMillis()).sendForm(form).map(r -> {
            if (r.statusCode() != 200) {
                throw new IllegalStateException("the token endpoint refused client " + settings.clientId() + ": " + r.statusCode() + " " + brief(r));
            }
            JsonObject body = r.bodyAsJsonObject();
            token = body.getString("access_token");
            tokenUntil = Instant.now().plusSeconds(Math.max(0, body.getLong("expires_in", 60L) - 15));
            return token;
        });
    }

    private Future<JsonArray> array(String bearer, String path) {
        return web.getAbs(realmUrl(path)).bearerTokenAuthentication(bearer).timeout(CALL_TIMEOUT.toMillis()).send()
                .map(r -> answered(r, path).bodyAsJsonArray());
    }

    private HttpResponse<Buffer> answered(HttpResponse<Buffer> r, String path) {
        if (r.statusCode() == 401) {
            token = null;
        }
        if (r.statusCode() != 200) {
            throw new IllegalStateException(path + " answered " + r.statusCode() + " " + brief(r));
        }
        return r;
    }

    /** Each directory with its connection test and, when active, its LDAPS and StartTLS servers' certificates; all at once. */
    private Future<List<FederationSnapshot.Directory>> directories(String bearer, JsonArray listed) {
        List<Future<FederationSnapshot.Directory>> each = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            JsonObject d = listed.getJsonObject(i);
            String id = d.getString("id");
            String municipality = d.getString("municipality");
            if (!d.getBoolean("active", true)) {
                each.add(Future.succeededFuture(new FederationSnapshot.Directory(id, municipality, false, true, null, List.of())));
                continue;
            }
            List<String> servers = new ArrayList<>(d.getJsonObject("servers", new JsonObject()).fieldNames());
            Future<JsonObject> test = web.postAbs(realmUrl("/municipal-directories/directories/" + segment(id) + "/test"))
                    .bearerTokenAuthentication(bearer).timeout(CALL_TIMEOUT.toMillis() * 2).send()
                    .map(r -> answered(r, "the connection test of " + id).bodyAsJsonObject());
            // "tls" is absent from a Keycloak older than the monitor: then only ldaps:// servers are read
            Future<List<FederationSnapshot.ServerCertificate>> certificates = certificates(servers, d.getString("tls", ""));
            each.add(Future.all(test, certificates).map(both -> {
                JsonObject result = test.result();
                boolean ok = result.getBoolean("ok", false);
                return new FederationSnapshot.Directory(id, municipality, true, ok, ok ? null : result.getString("error", ""),
                        certificates.result());
            }));
        }
        return Future.all(each).map(all -> each.stream().map(Future::result).toList());
    }

    /** The certificates the directory's servers present (LDAPS or StartTLS), read on worker threads; a server that does not answer has none. */
    private Future<List<FederationSnapshot.ServerCertificate>> certificates(List<String> servers, String tls) {
        List<Future<FederationSnapshot.ServerCertificate>> read = new ArrayList<>();
        for (String server : servers) {
            if (CertificateProbe.presentsCertificate(server, tls)) {
                read.add(vertx.executeBlocking(() -> CertificateProbe.read(server, PROBE_TIMEOUT), false)
                        .otherwise(e -> (FederationSnapshot.ServerCertificate) null));
            }
        }
        return Future.all(read).map(all -> read.stream().map(Future::result).filter(c -> c != null).toList());
    }

    private static List<FederationSnapshot.Trust> trusts(JsonArray listed) {
        List<FederationSnapshot.Trust> trusts = new ArrayList<>();
        for (int i = 0; i < listed.size(); i++) {
            JsonObject t = listed.getJsonObject(i);
            String review = t.getString("nextReview");
            trusts.add(new FederationSnapshot.Trust(t.getString("id"), t.getString("trustingMunicipality"), t.getString("trustedDirectory"),
                    t.getString("trustedMunicipality"), t.getString("state"), review == null ? null : Instant.parse(review)));
        }
        return trusts;
    }

    private String realmUrl(String path) {
        return settings.federationUrl() + "/realms/" + segment(settings.realm()) + path;
    }

    /** One path segment, percent-encoded by the JDK's URI rules. */
    private static String segment(String value) {
        try {
            return new URI(null, null, value, null).getRawPath().replace("/", "%2F");
        } catch (URISyntaxException e) {
            throw new IllegalArgumentException(value, e);
        }
    }

    private static String brief(HttpResponse<Buffer> r) {
        String body = r.bodyAsString();
        return body == null ? "" : body.length() > 300 ? body.substring(0, 300) + "…" : body;
    }
}
