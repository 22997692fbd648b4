package lv.pasvaldibas.provisioning.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.provisioning.audit.ProvisioningAudit;
import lv.pasvaldibas.provisioning.hypervisor.DomainStatus;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorDriver.DomainEvent;
import lv.pasvaldibas.provisioning.job.JobKind;
import lv.pasvaldibas.provisioning.placement.Host;
import lv.pasvaldibas.provisioning.placement.HostState;
import lv.pasvaldibas.provisioning.postgres.CatalogueStore;
import lv.pasvaldibas.provisioning.postgres.JobStore;
import lv.pasvaldibas.provisioning.postgres.ServerStore;
import lv.pasvaldibas.provisioning.reconcile.Reconciliation;
import lv.pasvaldibas.provisioning.reconcile.Reconciliation.Repair;
import lv.pasvaldibas.provisioning.server.DomainNames;
import lv.pasvaldibas.provisioning.server.Power;
import lv.pasvaldibas.provisioning.server.Server;

/**
 * The loop from desired to actual state: on every host, every {@code reconcileEvery} and soon after a
 * lifecycle event, the host's domains are compared with the database ({@link Reconciliation}). What
 * the host reports is written to the servers at once (a domain undefined behind the daemon's back
 * shows as MISSING within the event's delivery); repairs become {@code REPAIR} jobs in the shared
 * queue, where the one-open-job-per-server rule keeps two daemons from repairing the same server
 * twice. Orphaned domains of the daemon's are removed directly (removing one twice is harmless).
 */
final class Reconciler {

    private static final System.Logger LOG = System.getLogger(Reconciler.class.getName());
    private static final long EVENT_SETTLE_MS = 200;
    static final String ACTOR_PREFIX = "provisioning/";

    private final Vertx vertx;
    private final Pool db;
    private final ServerStore servers;
    private final JobStore jobs;
    private final CatalogueStore catalogue;
    private final HostConnections hosts;
    private final ProvisioningAudit audit;
    private final ProvisioningMetrics metrics;
    private final ProvisioningSettings settings;
    private final Runnable wakeJobs;
    private final Set<String> inFlight = ConcurrentHashMap.newKeySet();
    private final Set<String> scheduled = ConcurrentHashMap.newKeySet();

    Reconciler(Vertx vertx, Pool db, ServerStore servers, JobStore jobs, CatalogueStore catalogue, HostConnections hosts,
               ProvisioningAudit audit, ProvisioningMetrics metrics, ProvisioningSettings settings, Runnable wakeJobs) {
        this.vertx = vertx;
        this.db = db;
        this.servers = servers;
        this.jobs = jobs;
        this.catalogue = catalogue;
        this.hosts = hosts;
        this.audit = audit;
        this.metrics = metrics;
        this.settings = settings;
        this.wakeJobs = wakeJobs;
    }

    void start() {
        pass();
        vertx.setPeriodic(settings.reconcileEvery().toMillis(), t -> pass());
    }

    /** One pass over every host in use; returns when all are done (tests and the benchmark wait on it). */
    Future<Void> pass() {
        long began = System.nanoTime();
        return catalogue.hosts(db).compose(all -> {
            List<Host> used = all.stream().filter(h -> h.state() != HostState.REMOVED).toList();
            List<Future<Boolean>> done = new ArrayList<>();
            used.forEach(h -> done.add(reconcile(h)));
            return Future.join(done).map(f -> {
                int reachable = (int) done.stream().filter(d -> d.succeeded() && d.result()).count();
                metrics.hosts(reachable, used.size() - reachable);
                Duration took = Duration.ofNanos(System.nanoTime() - began);
                metrics.reconciliationPass(took);
                LOG.log(System.Logger.Level.INFO, "Reconciliation pass over " + used.size() + " hosts (" + reachable + " reached) in "
                        + took.toMillis() + " ms");
                return (Void) null;
            });
        }).onFailure(e -> LOG.log(System.Logger.Level.WARNING, "Reconciliation pass failed: " + e.getMessage()));
    }

    /** A lifecycle event from a host (on libvirt's thread): record it now, look at the host soon. */
    void onEvent(String hostId, DomainEvent event) {
        UUID server = DomainNames.serverOf(event.domainName()).orElse(null);
        if (server == null) {
            return;
        }
        vertx.runOnContext(v -> {
            if (event.kind() != DomainEvent.Kind.DEFINED) {
                Power power = switch (event.kind()) {
                    case STARTED -> Power.RUNNING;
                    case UNDEFINED -> null;
                    default -> Power.STOPPED;
                };
                servers.observed(db, server, power).onFailure(e -> LOG.log(System.Logger.Level.WARNING, "Event not recorded: " + e.getMessage()));
            }
            if (scheduled.add(hostId)) {
                vertx.setTimer(EVENT_SETTLE_MS, t -> {
                    scheduled.remove(hostId);
                    catalogue.host(db, hostId).onSuccess(h -> h.ifPresent(this::reconcile));
                });
            }
        });
    }

    /** @return whether the host was reached */
    private Future<Boolean> reconcile(Host host) {
        if (!inFlight.add(host.id())) {
            return Future.succeededFuture(host.reachable());
        }
        // the host's domains first, then the database: see Reconciliation
        Instant listed = Instant.now();
        return vertx.executeBlocking(() -> hosts.get(host.id(), host.uri()).domains(), false)
                .compose(domains -> servers.onHost(db, host.id()).compose(placed -> repair(host, domains, placed, listed)))
                .compose(v -> catalogue.reached(db, host.id(), null).map(true), failure -> {
                    hosts.forget(host.id(), host.uri());
                    String reason = failure.getMessage() == null ? failure.toString() : failure.getMessage();
                    return catalogue.reached(db, host.id(), reason.length() > 500 ? reason.substring(0, 500) : reason).map(false);
                })
                .eventually(() -> {
                    inFlight.remove(host.id());
                    return Future.succeededFuture();
                });
    }

    private Future<Void> repair(Host host, List<DomainStatus> domains, List<Server> placed, Instant listed) {
        Map<UUID, Power> seen = new java.util.HashMap<>();
        List<Reconciliation.Actual> actual = new ArrayList<>();
        for (DomainStatus d : domains) {
            actual.add(new Reconciliation.Actual(d.name(), d.power()));
            DomainNames.serverOf(d.name()).ifPresent(id -> seen.put(id, d.power()));
        }
        // a second's margin for the database's clock
        Instant settledBefore = listed.minusSeconds(1);
        List<Reconciliation.Desired> desired = placed.stream()
                .map(s -> new Reconciliation.Desired(s.id(), s.phase(), s.power(), s.updatedAt().isBefore(settledBefore))).toList();
        List<Future<?>> work = new ArrayList<>();
        for (Server s : placed) {
            Power now = seen.get(s.id());
            boolean changed = now == null ? !s.domainMissing() : now != s.actualPower() || s.domainMissing();
            if (changed && s.phase() != lv.pasvaldibas.provisioning.server.Phase.CREATING) {
                work.add(servers.observed(db, s.id(), now));
            }
        }
        for (Repair r : Reconciliation.compare(desired, actual)) {
            work.add(apply(host, r, placed));
        }
        return Future.join(work).mapEmpty();
    }

    private Future<Void> apply(Host host, Repair repair, List<Server> placed) {
        String name = repair.getClass().getSimpleName();
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("host", host.id());
        details.put("repair", name);
        String municipality = placed.stream().filter(s -> s.id().equals(repair.serverId())).findFirst().map(Server::municipality).orElse("-");
        details.put("municipality", municipality);
        if (repair instanceof Repair.RemoveOrphan orphan) {
            // looked at again now: a move may have placed the server here, or still be carrying it, since the listing
            return servers.orphanedOn(db, orphan.serverId(), host.id()).compose(orphaned -> !orphaned ? Future.succeededFuture()
                    : vertx.executeBlocking(() -> {
                        hosts.get(host.id(), host.uri()).undefine(orphan.domainName());
                        return null;
                    }, false).compose(v -> repaired(name, repair, details)));
        }
        return jobs.enqueue(db, JobStore.queued(repair.serverId(), municipality, JobKind.REPAIR, null, ACTOR_PREFIX + settings.node()))
                .compose(v -> {
                    wakeJobs.run();
                    return repaired(name, repair, details);
                })
                .recover(e -> e instanceof JobStore.Busy ? Future.succeededFuture() : Future.failedFuture(e));
    }

    private Future<Void> repaired(String name, Repair repair, Map<String, Object> details) {
        metrics.repair(name);
        return Future.fromCompletionStage(audit.daemon("PROVISIONING_REPAIR", AuditEvent.Outcome.SUCCESS, "server",
                repair.serverId().toString(), details));
    }
}
