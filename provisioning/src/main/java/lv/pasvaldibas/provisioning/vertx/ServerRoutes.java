package lv.pasvaldibas.provisioning.vertx;

import io.vertx.core.Future;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.openapi.router.RouterBuilder;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.Pool;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.UUID;
import java.util.stream.Collectors;
import lv.pasvaldibas.provisioning.access.Caller;
import lv.pasvaldibas.provisioning.i18n.Refusal;
import lv.pasvaldibas.provisioning.i18n.RefusedException;
import lv.pasvaldibas.provisioning.job.Job;
import lv.pasvaldibas.provisioning.job.JobKind;
import lv.pasvaldibas.provisioning.placement.HostLoad;
import lv.pasvaldibas.provisioning.placement.HostState;
import lv.pasvaldibas.provisioning.placement.Placement;
import lv.pasvaldibas.provisioning.postgres.CatalogueStore;
import lv.pasvaldibas.provisioning.postgres.JobStore;
import lv.pasvaldibas.provisioning.postgres.ServerStore;
import lv.pasvaldibas.provisioning.quota.QuotaCheck;
import lv.pasvaldibas.provisioning.quota.Resources;
import lv.pasvaldibas.provisioning.server.Operation;
import lv.pasvaldibas.provisioning.server.Phase;
import lv.pasvaldibas.provisioning.server.Power;
import lv.pasvaldibas.provisioning.server.Server;
import lv.pasvaldibas.provisioning.server.ServerName;
import lv.pasvaldibas.provisioning.vertx.Calls.Call;
import lv.pasvaldibas.provisioning.vertx.Calls.Outcome;

/**
 * Servers, their jobs and snapshots. A server of a municipality the caller may not view is "not
 * found" whatever its id, so guessed ids tell nothing; one the caller views but may not change is
 * "forbidden". Creating and growing a server take the municipality's quota row and then the hosts
 * in one transaction with the new server and its job, so concurrent requests (from any daemon on
 * the database) cannot overshoot a quota or a host.
 */
final class ServerRoutes {

    private final Pool db;
    private final Calls calls;
    private final ServerStore servers;
    private final JobStore jobs;
    private final CatalogueStore catalogue;

    ServerRoutes(Pool db, Calls calls, ServerStore servers, JobStore jobs, CatalogueStore catalogue) {
        this.db = db;
        this.calls = calls;
        this.servers = servers;
        this.jobs = jobs;
        this.catalogue = catalogue;
    }

    void mount(RouterBuilder api) {
        api.getRoute("listServers").addHandler(rc -> calls.read(rc, this::list));
        api.getRoute("getServer").addHandler(rc -> calls.read(rc, this::show));
        api.getRoute("createServer").addHandler(rc -> calls.change(rc, this::create));
        api.getRoute("deleteServer").addHandler(rc -> calls.change(rc, call -> act(call, Operation.DELETE, JobKind.DELETE, null)));
        api.getRoute("startServer").addHandler(rc -> calls.change(rc, call -> act(call, Operation.START, JobKind.START, null)));
        api.getRoute("stopServer").addHandler(rc -> calls.change(rc, call -> act(call, Operation.STOP, JobKind.STOP, null)));
        api.getRoute("rebootServer").addHandler(rc -> calls.change(rc, call -> act(call, Operation.REBOOT, JobKind.REBOOT, null)));
        api.getRoute("snapshotServer").addHandler(rc -> calls.change(rc, call -> act(call, Operation.SNAPSHOT, JobKind.SNAPSHOT,
                call.body().getString("name"))));
        api.getRoute("revertServer").addHandler(rc -> calls.change(rc, call -> act(call, Operation.REVERT, JobKind.REVERT, call.path("snapshot"))));
        api.getRoute("resizeServer").addHandler(rc -> calls.change(rc, this::resize));
        api.getRoute("listSnapshots").addHandler(rc -> calls.read(rc, this::snapshots));
        api.getRoute("listServerJobs").addHandler(rc -> calls.read(rc, this::serverJobs));
        api.getRoute("getJob").addHandler(rc -> calls.read(rc, this::job));
    }

    private Future<Outcome> list(Call call) {
        Caller caller = call.caller();
        ServerStore.Cursor after;
        try {
            after = call.query("cursor") == null ? null : ServerStore.Cursor.decode(call.query("cursor"));
        } catch (IllegalArgumentException e) {
            return Future.failedFuture(new RefusedException(Refusal.INVALID_REQUEST, "cursor"));
        }
        String limit = call.query("limit");
        ServerStore.Filter filter = new ServerStore.Filter(caller.isPlatformOperator() ? null : caller.viewableMunicipalities(),
                call.query("municipality"), call.query("phase") == null ? null : Phase.valueOf(call.query("phase")),
                call.query("power") == null ? null : Power.valueOf(call.query("power")), call.query("name"), call.query("host"),
                limit == null ? 50 : Integer.parseInt(limit), after);
        return servers.list(db, filter).map(page -> new Outcome(200, new JsonObject()
                .put("servers", new JsonArray(page.servers().stream().map(Json::server).toList())).put("next", page.next()),
                "servers", null, Map.of("count", page.servers().size())));
    }

    private Future<Outcome> show(Call call) {
        return visible(call, servers.find(db, call.pathId("serverId")))
                .map(s -> new Outcome(200, Json.server(s), "server", s.id().toString(), Map.of("municipality", s.municipality())));
    }

    private Future<Outcome> create(Call call) {
        Caller caller = call.caller();
        JsonObject body = call.body();
        String municipality = body.getString("municipality", caller.municipality());
        if (municipality == null || !caller.operates(municipality)) {
            return Future.failedFuture(new RefusedException(Refusal.FORBIDDEN));
        }
        String name = body.getString("name");
        if (!ServerName.valid(name)) {
            return Future.failedFuture(new RefusedException(Refusal.INVALID_NAME));
        }
        String templateId = body.getString("template");
        Power power = body.getBoolean("start", true) ? Power.RUNNING : Power.STOPPED;
        var tx = call.tx();
        return catalogue.template(tx, templateId).compose(template -> {
            if (template.isEmpty() || !template.get().active()) {
                return Future.failedFuture(new RefusedException(Refusal.UNKNOWN_TEMPLATE, templateId));
            }
            Resources size = template.get().size();
            return admit(tx, municipality, Resources.NONE, size)
                    .compose(v -> servers.lockHostLoads(tx))
                    .compose(hosts -> {
                        Placement.Choice choice = Placement.choose(hosts, size, municipality);
                        if (choice instanceof Placement.Choice.Refused(Placement.NoRoom reason)) {
                            return Future.failedFuture(new RefusedException(reason == Placement.NoRoom.NO_ACTIVE_HOST ? Refusal.NO_HOST : Refusal.NO_ROOM));
                        }
                        String hostId = ((Placement.Choice.OnHost) choice).hostId();
                        Instant now = Instant.now();
                        Server server = new Server(UUID.randomUUID(), municipality, name, templateId, size, hostId, Phase.CREATING, power,
                                null, false, null, now, caller.username(), now);
                        Job job = JobStore.queued(server.id(), municipality, JobKind.CREATE, null, caller.username());
                        return servers.insert(tx, server)
                                .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
                                        ? Future.failedFuture(new RefusedException(Refusal.NAME_TAKEN, name)) : Future.failedFuture(e))
                                .compose(v -> jobs.enqueue(tx, job))
                                .map(v -> accepted(server, job, Map.of("municipality", municipality, "name", name, "template", templateId,
                                        "host", hostId)));
                    });
        });
    }

    /** Refuses (with each dimension over) unless {@code municipality}'s quota allows a server to go from {@code before} to {@code after}. */
    private Future<Void> admit(io.vertx.sqlclient.SqlConnection tx, String municipality, Resources before, Resources after) {
        return servers.lockQuota(tx, municipality).compose(limit -> {
            if (limit.isEmpty()) {
                return Future.failedFuture(new RefusedException(Refusal.NO_QUOTA, municipality));
            }
            return servers.usage(tx, municipality).compose(used -> {
                if (QuotaCheck.change(limit.get(), used, before, after) instanceof QuotaCheck.Answer.Refused(List<QuotaCheck.Excess> excesses)) {
                    String over = excesses.stream().map(x -> dimensionName(x.dimension()) + " " + x.used() + " + " + x.asked() + " > " + x.limit())
                            .collect(Collectors.joining("; "));
                    return Future.failedFuture(new RefusedException(Refusal.QUOTA_EXCEEDED, municipality, over));
                }
                return Future.succeededFuture();
            });
        });
    }

    private static String dimensionName(Resources.Dimension d) {
        return switch (d) {
            case VCPUS -> "vCPU";
            case MEMORY -> "MiB";
            case DISK -> "GiB";
            case SERVERS -> "#";
        };
    }

    private Future<Outcome> act(Call call, Operation operation, JobKind kind, String snapshot) {
        var tx = call.tx();
        return changeable(call, servers.lock(tx, call.pathId("serverId"))).compose(server -> {
            if (!operation.allowedIn(server.phase())) {
                return Future.failedFuture(new RefusedException(Refusal.WRONG_PHASE, server.phase().name()));
            }
            Future<Void> ready = Future.succeededFuture();
            if (kind == JobKind.SNAPSHOT || kind == JobKind.REVERT) {
                ready = servers.snapshots(tx, server.id()).compose(names -> {
                    if (kind == JobKind.SNAPSHOT && names.contains(snapshot)) {
                        return Future.failedFuture(new RefusedException(Refusal.SNAPSHOT_EXISTS, snapshot));
                    }
                    if (kind == JobKind.REVERT && !names.contains(snapshot)) {
                        return Future.failedFuture(new RefusedException(Refusal.SNAPSHOT_UNKNOWN, snapshot));
                    }
                    return Future.succeededFuture();
                });
            }
            Phase phase = kind == JobKind.DELETE ? Phase.DELETING : server.phase();
            Power power = switch (kind) {
                case START, REBOOT -> Power.RUNNING;
                case STOP -> Power.STOPPED;
                default -> server.power();
            };
            Job job = JobStore.queued(server.id(), server.municipality(), kind, snapshot, call.caller().username());
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("municipality", server.municipality());
            if (snapshot != null) {
                details.put("snapshot", snapshot);
            }
            return ready.compose(v -> jobs.enqueue(tx, job))
                    .compose(v -> servers.update(tx, server.id(), phase, power, server.size()))
                    .map(v -> accepted(new Server(server.id(), server.municipality(), server.name(), server.templateId(), server.size(),
                            server.hostId(), phase, power, server.actualPower(), server.domainMissing(), server.actualSeenAt(),
                            server.createdAt(), server.createdBy(), Instant.now()), job, details));
        });
    }

    private Future<Outcome> resize(Call call) {
        var tx = call.tx();
        JsonObject body = call.body();
        return changeable(call, servers.lock(tx, call.pathId("serverId"))).compose(server -> {
            if (!Operation.RESIZE.allowedIn(server.phase())) {
                return Future.failedFuture(new RefusedException(Refusal.WRONG_PHASE, server.phase().name()));
            }
            Resources after = Resources.ofServer(body.getInteger("vcpus"), body.getLong("memoryMib"), server.size().diskGib());
            Job job = JobStore.queued(server.id(), server.municipality(), JobKind.RESIZE, null, call.caller().username());
            return admit(tx, server.municipality(), server.size(), after)
                    .compose(v -> servers.lockHostLoads(tx))
                    .compose(hosts -> fitsOnItsHost(hosts, server, after))
                    .compose(v -> jobs.enqueue(tx, job))
                    .compose(v -> servers.update(tx, server.id(), server.phase(), server.power(), after))
                    .map(v -> accepted(new Server(server.id(), server.municipality(), server.name(), server.templateId(), after,
                            server.hostId(), server.phase(), server.power(), server.actualPower(), server.domainMissing(),
                            server.actualSeenAt(), server.createdAt(), server.createdBy(), Instant.now()), job,
                            Map.of("municipality", server.municipality(), "vcpus", after.vcpus(), "memoryMib", after.memoryMib())));
        });
    }

    private static Future<Void> fitsOnItsHost(List<HostLoad> hosts, Server server, Resources after) {
        Optional<HostLoad> host = hosts.stream().filter(h -> h.hostId().equals(server.hostId())).findFirst();
        if (host.isEmpty() || host.get().state() != HostState.ACTIVE) {
            return Future.succeededFuture(); // a draining host keeps what it has; growth there is checked when it moves
        }
        Resources others = host.get().allocated().minus(server.size());
        HostLoad without = new HostLoad(host.get().hostId(), host.get().state(), true, host.get().capacity(), others, Map.of());
        return Placement.choose(List.of(without), after, server.municipality()) instanceof Placement.Choice.OnHost
                ? Future.succeededFuture() : Future.failedFuture(new RefusedException(Refusal.NO_ROOM));
    }

    private Future<Outcome> snapshots(Call call) {
        return visible(call, servers.find(db, call.pathId("serverId"))).compose(s -> servers.snapshots(db, s.id())
                .map(names -> new Outcome(200, new JsonObject().put("snapshots", new JsonArray(names)), "server", s.id().toString(),
                        Map.of("municipality", s.municipality()))));
    }

    private Future<Outcome> serverJobs(Call call) {
        return visible(call, servers.find(db, call.pathId("serverId"))).compose(s -> jobs.ofServer(db, s.id(), 50)
                .map(list -> new Outcome(200, new JsonObject().put("jobs", new JsonArray(list.stream().map(Json::job).toList())),
                        "server", s.id().toString(), Map.of("municipality", s.municipality()))));
    }

    private Future<Outcome> job(Call call) {
        return jobs.find(db, UUID.fromString(call.path("jobId"))).compose(job -> {
            if (job.isEmpty() || !call.caller().views(job.get().municipality())) {
                return Future.failedFuture(new RefusedException(Refusal.NOT_FOUND));
            }
            return Future.succeededFuture(new Outcome(200, Json.job(job.get()), "job", job.get().id().toString(),
                    Map.of("municipality", job.get().municipality())));
        });
    }

    /** The server if the caller may view it; otherwise "not found", as for an id that does not exist. */
    private static Future<Server> visible(Call call, Future<Optional<Server>> found) {
        return found.compose(s -> s.isPresent() && s.get().phase() != Phase.DELETED && call.caller().views(s.get().municipality())
                ? Future.succeededFuture(s.get()) : Future.failedFuture(new RefusedException(Refusal.NOT_FOUND)));
    }

    /** The server if the caller may change it: not found when they may not view it, forbidden when they only view it. */
    private static Future<Server> changeable(Call call, Future<Optional<Server>> found) {
        return visible(call, found).compose(s -> call.caller().operates(s.municipality())
                ? Future.succeededFuture(s) : Future.failedFuture(new RefusedException(Refusal.FORBIDDEN)));
    }

    private static Outcome accepted(Server server, Job job, Map<String, Object> details) {
        Map<String, Object> recorded = new LinkedHashMap<>(details);
        recorded.put("job", job.id().toString());
        return new Outcome(202, new JsonObject().put("server", Json.server(server)).put("job", Json.job(job)), "server",
                server.id().toString(), recorded);
    }
}
