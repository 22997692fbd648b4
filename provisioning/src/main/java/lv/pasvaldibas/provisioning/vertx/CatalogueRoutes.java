package lv.pasvaldibas.provisioning.vertx;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.sqlclient.Pool;
import java.net.URI;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import java.util.stream.Collectors;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorDriver;
import lv.pasvaldibas.provisioning.i18n.Refusal;
import lv.pasvaldibas.provisioning.i18n.RefusedException;
import lv.pasvaldibas.provisioning.job.Job;
import lv.pasvaldibas.provisioning.placement.Host;
import lv.pasvaldibas.provisioning.placement.HostLoad;
import lv.pasvaldibas.provisioning.placement.Placement;
import lv.pasvaldibas.provisioning.placement.HostState;
import lv.pasvaldibas.provisioning.postgres.CatalogueStore;
import lv.pasvaldibas.provisioning.postgres.JobStore;
import lv.pasvaldibas.provisioning.postgres.ServerStore;
import lv.pasvaldibas.provisioning.quota.Resources;
import lv.pasvaldibas.provisioning.server.Server;
import lv.pasvaldibas.provisioning.server.Template;
import lv.pasvaldibas.provisioning.vertx.Calls.Call;
import lv.pasvaldibas.provisioning.vertx.Calls.Outcome;

/** Templates, quotas and hosts: read by their users, set by platform operators only. */
final class CatalogueRoutes {

    private final Pool db;
    private final Calls calls;
    private final CatalogueStore catalogue;
    private final ServerStore servers;
    private final JobStore jobs;
    /** Looks at the hosts at once: a host just added is reached (and takes servers) without waiting for the next pass. */
    private final Runnable lookAtHosts;

    CatalogueRoutes(Pool db, Calls calls, CatalogueStore catalogue, ServerStore servers, JobStore jobs, Runnable lookAtHosts) {
        this.db = db;
        this.calls = calls;
        this.catalogue = catalogue;
        this.servers = servers;
        this.jobs = jobs;
        this.lookAtHosts = lookAtHosts;
    }

    void mount(RouterBuilder api) {
        api.getRoute("listTemplates").addHandler(rc -> calls.read(rc, this::templates));
        api.getRoute("putTemplate").addHandler(rc -> calls.change(rc, this::putTemplate));
        api.getRoute("getQuota").addHandler(rc -> calls.read(rc, this::quota));
        api.getRoute("putQuota").addHandler(rc -> calls.change(rc, this::putQuota));
        api.getRoute("listHosts").addHandler(rc -> calls.read(rc, this::hosts));
        api.getRoute("addHost").addHandler(rc -> calls.change(rc, call -> addHost(call)
                .onSuccess(added -> call.rc().addEndHandler(ended -> lookAtHosts.run()))));
        api.getRoute("drainHost").addHandler(rc -> calls.change(rc, this::drainHost));
        api.getRoute("removeHost").addHandler(rc -> calls.change(rc, this::removeHost));
    }

    private Future<Outcome> templates(Call call) {
        boolean all = call.caller().isPlatformOperator();
        return catalogue.templates(db).map(list -> new Outcome(200, new JsonObject().put("templates", new JsonArray(list.stream()
                .filter(t -> all || t.active()).map(t -> Json.template(t, Problems.language(call.rc()))).toList())), "templates", null, Map.of()));
    }

    private Future<Outcome> putTemplate(Call call) {
        operatorOnly(call);
        JsonObject b = call.body();
        Template t = new Template(call.path("templateId"), b.getString("nameLv"), b.getString("nameEn"),
                Resources.ofServer(b.getInteger("vcpus"), b.getLong("memoryMib"), b.getLong("diskGib")), b.getString("baseImage"),
                b.getBoolean("active", true));
        return catalogue.putTemplate(call.tx(), t).map(v -> new Outcome(200, Json.template(t, Problems.language(call.rc())), "template",
                t.id(), Map.of("vcpus", t.size().vcpus(), "memoryMib", t.size().memoryMib(), "diskGib", t.size().diskGib())));
    }

    private Future<Outcome> quota(Call call) {
        String municipality = call.path("municipality");
        if (!call.caller().views(municipality)) {
            return Future.failedFuture(new RefusedException(Refusal.NOT_FOUND));
        }
        return quotaAnswer(db, municipality).map(body -> new Outcome(200, body, "quota", municipality, Map.of("municipality", municipality)));
    }

    private Future<Outcome> putQuota(Call call) {
        operatorOnly(call);
        String municipality = call.path("municipality");
        JsonObject b = call.body();
        Resources limit = new Resources(b.getInteger("vcpus"), b.getLong("memoryMib"), b.getLong("diskGib"), b.getInteger("servers"));
        return servers.lockQuota(call.tx(), municipality)
                .compose(old -> catalogue.putQuota(call.tx(), municipality, limit, call.caller().username()))
                .compose(v -> quotaAnswer(call.tx(), municipality))
                .map(body -> new Outcome(200, body, "quota", municipality, Map.of("municipality", municipality, "limit", Json.resources(limit).getMap())));
    }

    private Future<JsonObject> quotaAnswer(io.vertx.sqlclient.SqlClient client, String municipality) {
        return servers.quota(client, municipality).compose(limit -> servers.usage(client, municipality)
                .map(used -> new JsonObject().put("municipality", municipality).put("limit", Json.resources(limit.orElse(Resources.NONE)))
                        .put("used", Json.resources(used))));
    }

    private Future<Outcome> hosts(Call call) {
        operatorOnly(call);
        return catalogue.hosts(db).compose(list -> db.query("SELECT host_id, sum(vcpus) AS vcpus, sum(memory_mib) AS memory_mib, "
                        + "sum(disk_gib) AS disk_gib, count(*) AS servers FROM server WHERE phase <> 'DELETED' GROUP BY host_id").execute()
                .map(rows -> {
                    Map<String, Resources> allocated = new HashMap<>();
                    rows.forEach(r -> allocated.put(r.getString("host_id"), new Resources(r.getLong("vcpus").intValue(),
                            r.getLong("memory_mib"), r.getLong("disk_gib"), r.getLong("servers").intValue())));
                    return new Outcome(200, new JsonObject().put("hosts", new JsonArray(list.stream()
                            .map(h -> Json.host(h, allocated.getOrDefault(h.id(), Resources.NONE))).toList())), "hosts", null, Map.of());
                }));
    }

    private Future<Outcome> addHost(Call call) {
        operatorOnly(call);
        JsonObject b = call.body();
        String uri = b.getString("uri");
        try {
            HypervisorDriver.forHost(URI.create(uri));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new RefusedException(Refusal.INVALID_REQUEST, "uri"));
        }
        Host host = new Host(b.getString("id"), uri, HostState.ACTIVE,
                new Resources(b.getInteger("vcpus"), b.getLong("memoryMib"), b.getLong("diskGib"), 0), false, null, null);
        return catalogue.addHost(call.tx(), host, call.caller().username())
                .map(v -> new Outcome(201, Json.host(host, Resources.NONE), "host", host.id(), Map.of("uri", uri)));
    }

    /**
     * Plans moving every server off the host ({@link Placement#evacuate}) and queues one move per server,
     * or refuses as a whole, naming the servers that fit nowhere or are busy, and changes nothing. Locks:
     * the host's servers, then the hosts, the order every request keeps (see {@link ServerStore}). The
     * host takes nothing new from then on; it is removed once empty.
     */
    private Future<Outcome> drainHost(Call call) {
        operatorOnly(call);
        String id = call.path("hostId");
        var tx = call.tx();
        return servers.lockOnHost(tx, id).compose(locked -> servers.lockHostLoads(tx).compose(loads -> {
            Optional<HostLoad> draining = loads.stream().filter(h -> h.hostId().equals(id)).findFirst();
            if (draining.isEmpty()) {
                return catalogue.host(tx, id).compose(removed -> Future.failedFuture(removed.isPresent()
                        ? new RefusedException(Refusal.HOST_REMOVED, id) : new RefusedException(Refusal.NOT_FOUND)));
            }
            // read again under the hosts' lock: a server created meanwhile is there now, and busy with its create
            return servers.onHost(tx, id).compose(residents -> jobs.busy(tx, residents.stream().map(Server::id).toList()).compose(busy -> {
                Set<UUID> lockedIds = locked.stream().map(Server::id).collect(Collectors.toSet());
                List<Server> notFree = residents.stream().filter(s -> busy.contains(s.id()) || !lockedIds.contains(s.id())).toList();
                if (!notFree.isEmpty()) {
                    return Future.failedFuture(new RefusedException(Refusal.DRAIN_BUSY, names(notFree)));
                }
                List<Placement.Resident> moving = residents.stream().map(s -> new Placement.Resident(s.id().toString(), s.municipality(), s.size())).toList();
                Placement.Evacuation plan = Placement.evacuate(id, moving, loads);
                if (plan instanceof Placement.Evacuation.Refused(List<String> withoutRoom)) {
                    return Future.failedFuture(new RefusedException(Refusal.DRAIN_REFUSED,
                            names(residents.stream().filter(s -> withoutRoom.contains(s.id().toString())).toList())));
                }
                Map<String, String> targets = ((Placement.Evacuation.Moves) plan).targetByServer();
                JsonArray moves = new JsonArray();
                Future<Void> queued = catalogue.setHostState(tx, id, HostState.DRAINING);
                for (Server s : residents) {
                    Job job = JobStore.queuedMove(s.id(), s.municipality(), new Job.Move(id, targets.get(s.id().toString())), call.caller().username());
                    moves.add(new JsonObject().put("server", s.id().toString()).put("name", s.name()).put("municipality", s.municipality())
                            .put("to", job.move().toHost()).put("job", Json.job(job)));
                    queued = queued.compose(v -> jobs.enqueue(tx, job));
                }
                Map<String, Object> details = new LinkedHashMap<>();
                details.put("servers", residents.size());
                details.put("moves", new LinkedHashMap<>(targets));
                return queued.map(v -> new Outcome(202, new JsonObject().put("host", id).put("state", HostState.DRAINING.name())
                        .put("moves", moves), "host", id, details));
            }));
        }));
    }

    /** Servers as a person names them: municipality/name, for a refusal's text. */
    private static String names(List<Server> list) {
        return list.stream().map(s -> s.municipality() + "/" + s.name()).sorted().collect(Collectors.joining(", "));
    }

    private Future<Outcome> removeHost(Call call) {
        operatorOnly(call);
        String id = call.path("hostId");
        return catalogue.host(call.tx(), id).compose(host -> {
            if (host.isEmpty()) {
                return Future.failedFuture(new RefusedException(Refusal.NOT_FOUND));
            }
            return servers.onHost(call.tx(), id).compose(placed -> {
                if (!placed.isEmpty()) {
                    return Future.failedFuture(new RefusedException(Refusal.HOST_NOT_EMPTY, placed.size()));
                }
                Host removed = new Host(id, host.get().uri(), HostState.REMOVED, host.get().capacity(), host.get().reachable(),
                        host.get().lastSeen(), host.get().lastError());
                return catalogue.setHostState(call.tx(), id, HostState.REMOVED)
                        .map(v -> new Outcome(200, Json.host(removed, Resources.NONE), "host", id, Map.of()));
            });
        });
    }

    private static void operatorOnly(Call call) {
        if (!call.caller().isPlatformOperator()) {
            throw new RefusedException(Refusal.FORBIDDEN);
        }
    }
}
