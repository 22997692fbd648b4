package lv.pasvaldibas.provisioning.vertx;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.sqlclient.Pool;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.provisioning.audit.ProvisioningAudit;
import lv.pasvaldibas.provisioning.hypervisor.DomainSpec;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorException;
import lv.pasvaldibas.provisioning.job.Job;
import lv.pasvaldibas.provisioning.job.JobKind;
import lv.pasvaldibas.provisioning.job.JobState;
import lv.pasvaldibas.provisioning.job.JobSteps;
import lv.pasvaldibas.provisioning.placement.Host;
import lv.pasvaldibas.provisioning.postgres.CatalogueStore;
import lv.pasvaldibas.provisioning.postgres.JobStore;
import lv.pasvaldibas.provisioning.postgres.ServerStore;
import lv.pasvaldibas.provisioning.server.DomainNames;
import lv.pasvaldibas.provisioning.server.Phase;
import lv.pasvaldibas.provisioning.server.Server;
import lv.pasvaldibas.provisioning.server.Template;

/**
 * Runs queued jobs: claims them from the shared queue (at most {@code jobWorkers} at a time), runs
 * their steps on a worker thread (libvirt blocks), keeps their leases fresh, and records the
 * outcome. Each step is in the audit log before it runs. A host out of reach puts the job back for
 * a later try (up to {@link #MAX_ATTEMPTS}); any other failure ends it, and a create that ends so
 * leaves its server {@link Phase#FAILED} (still counted, until deleted).
 */
final class JobRunner {

    static final int MAX_ATTEMPTS = 5;
    private static final System.Logger LOG = System.getLogger(JobRunner.class.getName());
    private static final Duration POLL = Duration.ofMillis(250);

    private final Vertx vertx;
    private final Pool db;
    private final JobStore jobs;
    private final ServerStore servers;
    private final CatalogueStore catalogue;
    private final HostConnections hosts;
    private final ProvisioningAudit audit;
    private final ProvisioningMetrics metrics;
    private final ProvisioningSettings settings;
    private final Set<UUID> running = ConcurrentHashMap.newKeySet();
    private boolean claiming;

    JobRunner(Vertx vertx, Pool db, JobStore jobs, ServerStore servers, CatalogueStore catalogue, HostConnections hosts,
              ProvisioningAudit audit, ProvisioningMetrics metrics, ProvisioningSettings settings) {
        this.vertx = vertx;
        this.db = db;
        this.jobs = jobs;
        this.servers = servers;
        this.catalogue = catalogue;
        this.hosts = hosts;
        this.audit = audit;
        this.metrics = metrics;
        this.settings = settings;
    }

    void start() {
        vertx.setPeriodic(POLL.toMillis(), t -> wake());
        vertx.setPeriodic(settings.jobLease().toMillis() / 3, t -> jobs.renew(db, settings.node(), List.copyOf(running), settings.jobLease())
                .onFailure(e -> LOG.log(System.Logger.Level.WARNING, "Could not renew job leases: " + e.getMessage())));
    }

    /** Claims jobs while there is room; called on the event loop (after every accepted change, and by the timer). */
    void wake() {
        if (claiming || running.size() >= settings.jobWorkers()) {
            return;
        }
        claiming = true;
        jobs.claim(db, settings.node(), settings.jobLease()).onComplete(claimed -> {
            claiming = false;
            if (claimed.failed()) {
                LOG.log(System.Logger.Level.WARNING, "Could not claim a job: " + claimed.cause().getMessage());
            } else if (claimed.result().isPresent()) {
                run(claimed.result().get());
                wake();
            }
        });
    }

    private void run(JobStore.Claim claim) {
        UUID id = claim.job().id();
        running.add(id);
        long began = System.nanoTime();
        servers.find(db, claim.job().serverId())
                .compose(server -> server.isEmpty() ? Future.failedFuture(new IllegalStateException("the job's server does not exist"))
                        : prepared(claim, server.get()))
                .onComplete(done -> {
                    running.remove(id);
                    String outcome = done.succeeded() ? done.result() : "FAILED";
                    metrics.job(claim.job().kind().name(), outcome, Duration.ofNanos(System.nanoTime() - began));
                    if (done.failed()) {
                        LOG.log(System.Logger.Level.WARNING, "Job " + id + " could not be completed: " + done.cause());
                    }
                    wake();
                });
    }

    /** Looks up what the job runs with (the template, its host, and a move's destination), then runs it. */
    private Future<String> prepared(JobStore.Claim claim, Server server) {
        Job.Move move = claim.job().move();
        Future<Template> template = catalogue.template(db, server.templateId()).map(t -> t.orElseThrow());
        Future<Host> host = catalogue.host(db, move == null ? server.hostId() : move.fromHost()).map(h -> h.orElseThrow());
        Future<Host> to = move == null ? Future.succeededFuture(null) : catalogue.host(db, move.toHost()).map(h -> h.orElseThrow());
        return Future.all(template, host, to).compose(v -> execute(claim, server, template.result(), host.result(), to.result()));
    }

    /**
     * @param host the server's host, or where a move takes it from
     * @param to where a move takes it, else null
     * @return the job's end: SUCCEEDED, FAILED, RETRY or LOST (another daemon holds it now)
     */
    private Future<String> execute(JobStore.Claim claim, Server server, Template template, Host host, Host to) {
        JobKind kind = claim.job().kind();
        if (server.phase() == Phase.DELETED && kind != JobKind.DELETE) {
            return end(claim, server, JobState.FAILED, "the server was deleted", null);
        }
        DomainSpec spec = new DomainSpec(server.id(), DomainNames.of(server.id()), server.size().vcpus(), server.size().memoryMib(),
                server.size().diskGib(), template.baseImage());
        JobSteps.Target target = new JobSteps.Target(spec, server.power(), claim.job().snapshot());
        JobSteps.Progress progress = (step, percent) -> beforeStep(claim, server, step, percent);
        return vertx.executeBlocking(() -> kind == JobKind.MOVE
                        ? JobSteps.move(target, server.phase(), hosts.get(host.id(), host.uri()), hosts.get(to.id(), to.uri()), settings.stopGrace(),
                                progress, () -> placeOn(claim, server, to))
                        : JobSteps.run(kind, target, hosts.get(host.id(), host.uri()), settings.stopGrace(), progress), false)
                .compose(outcome -> end(claim, server, JobState.SUCCEEDED, null, outcome),
                        failure -> failure instanceof HypervisorException e && e.kind() == HypervisorException.Kind.UNREACHABLE
                                && claim.attempt() < MAX_ATTEMPTS ? retry(claim, e, host, to) : end(claim, server, JobState.FAILED, message(failure), null));
    }

    /** On the worker thread: the moving server is placed on its new host, while this daemon still holds the job. */
    private void placeOn(JobStore.Claim claim, Server server, Host to) {
        boolean held;
        try {
            held = servers.placeOn(db, server.id(), to.id(), claim.job().id(), settings.node(), claim.attempt())
                    .toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before placing the server on " + to.id(), e);
        } catch (Exception e) {
            throw new IllegalStateException("the server could not be placed on " + to.id(), e);
        }
        if (!held) {
            throw new IllegalStateException("the job was taken over by another daemon before the server was placed on " + to.id());
        }
    }

    /** On the worker thread: the step is audited (durably) and shown as progress before it runs. */
    private void beforeStep(JobStore.Claim claim, Server server, String step, int percent) {
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("job", claim.job().id().toString());
        details.put("kind", claim.job().kind().name());
        details.put("step", step);
        details.put("attempt", claim.attempt());
        details.put("municipality", server.municipality());
        try {
            audit.daemon("PROVISIONING_JOB_STEP", AuditEvent.Outcome.SUCCESS, "server", server.id().toString(), details)
                    .get(10, TimeUnit.SECONDS);
            jobs.progress(db, claim, settings.node(), step, percent).toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted before step " + step, e);
        } catch (Exception e) {
            throw new IllegalStateException("step " + step + " not done: its audit record or progress could not be kept", e);
        }
    }

    private Future<String> retry(JobStore.Claim claim, HypervisorException e, Host host, Host to) {
        if (to == null) {
            hosts.forget(host.id(), host.uri());
        } // a move's two connections are each checked when next used, and only a dead one is opened anew
        Duration after = Duration.ofSeconds(2L * claim.attempt());
        return jobs.retryLater(db, claim, settings.node(), message(e), after).map(held -> held ? "RETRY" : "LOST");
    }

    private Future<String> end(JobStore.Claim claim, Server server, JobState state, String error, JobSteps.Outcome outcome) {
        JobKind kind = claim.job().kind();
        // the server's row first, as every request that changes a server takes it: the same order, no deadlock
        return db.withTransaction(tx -> servers.lock(tx, server.id()).compose(locked -> jobs.finish(tx, claim, settings.node(), state, error))
                .compose(held -> {
            if (!held) {
                return Future.succeededFuture("LOST");
            }
            List<Future<?>> writes = new ArrayList<>();
            if (state == JobState.SUCCEEDED) {
                writes.add(servers.update(tx, server.id(), outcome.phase(), server.power(), server.size()));
                writes.add(servers.observed(tx, server.id(), outcome.phase() == Phase.DELETED ? null : outcome.actualPower()));
                if (kind == JobKind.SNAPSHOT) {
                    writes.add(servers.addSnapshot(tx, server.id(), claim.job().snapshot(), claim.job().requestedBy()));
                }
            } else if (kind == JobKind.CREATE) {
                writes.add(servers.update(tx, server.id(), Phase.FAILED, server.power(), server.size()));
            }
            Map<String, Object> details = new LinkedHashMap<>();
            details.put("job", claim.job().id().toString());
            details.put("kind", kind.name());
            details.put("attempt", claim.attempt());
            details.put("municipality", server.municipality());
            details.put("requestedBy", claim.job().requestedBy());
            if (error != null) {
                details.put("error", error);
            }
            writes.add(Future.fromCompletionStage(audit.daemon("PROVISIONING_JOB_" + state.name(),
                    state == JobState.SUCCEEDED ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE, "server", server.id().toString(), details)));
            return Future.all(writes).map(state.name());
        }));
    }

    private static String message(Throwable failure) {
        String text = failure.getMessage() == null ? failure.getClass().getSimpleName() : failure.getMessage();
        return text.length() > 500 ? text.substring(0, 500) : text;
    }
}
