package lv.pasvaldibas.provisioning.postgres;

import io.vertx.core.Future;
import io.vertx.core.json.JsonObject;
import io.vertx.sqlclient.Pool;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import lv.pasvaldibas.provisioning.job.Job;
import lv.pasvaldibas.provisioning.job.JobKind;
import lv.pasvaldibas.provisioning.job.JobState;

/**
 * The job queue in PostgreSQL, shared by every daemon on the database. A daemon claims a queued job
 * (or one whose holder's lease ran out: a daemon that died) with {@code FOR UPDATE SKIP LOCKED}, so
 * two daemons never take the same job; it renews its lease while the job runs, and its final write
 * only counts if it still holds the job (the claim's attempt number fences out a holder that lost it).
 */
public final class JobStore {

    /** A server already has an unfinished job: the new one is refused, naming it. */
    public static final class Busy extends RuntimeException {
        private final UUID openJob;

        Busy(UUID openJob) {
            super("server busy with job " + openJob, null, false, false);
            this.openJob = openJob;
        }

        public UUID openJob() {
            return openJob;
        }
    }

    /** A claimed job with what running it needs: the claim's attempt number fences the final write. */
    public record Claim(Job job, int attempt) {
    }

    public Future<Void> enqueue(SqlClient db, Job job) {
        JsonObject params = new JsonObject();
        if (job.snapshot() != null) {
            params.put("snapshot", job.snapshot());
        }
        if (job.move() != null) {
            params.put("from", job.move().fromHost()).put("to", job.move().toHost());
        }
        // ON CONFLICT rather than catching the unique violation: an error would abort the caller's transaction
        return db.preparedQuery("INSERT INTO job (id, server_id, municipality, kind, params, state, requested_by, requested_at) "
                        + "VALUES ($1, $2, $3, $4, $5, 'QUEUED', $6, $7) "
                        + "ON CONFLICT (server_id) WHERE state IN ('QUEUED', 'RUNNING') DO NOTHING RETURNING id")
                .execute(Tuple.tuple().addUUID(job.id()).addUUID(job.serverId()).addString(job.municipality()).addString(job.kind().name())
                        .addJsonObject(params).addString(job.requestedBy()).addOffsetDateTime(ServerStore.utc(job.requestedAt())))
                .compose(inserted -> inserted.rowCount() == 1 ? Future.<Void>succeededFuture()
                        : openJobOf(db, job.serverId()).compose(open -> Future.failedFuture(new Busy(open.orElse(null)))));
    }

    private Future<Optional<UUID>> openJobOf(SqlClient db, UUID server) {
        return db.preparedQuery("SELECT id FROM job WHERE server_id = $1 AND state IN ('QUEUED', 'RUNNING')").execute(Tuple.of(server))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(rows.iterator().next().getUUID("id")) : Optional.empty());
    }

    /** Which of these servers have an unfinished job. */
    public Future<Set<UUID>> busy(SqlClient db, List<UUID> servers) {
        if (servers.isEmpty()) {
            return Future.succeededFuture(Set.of());
        }
        return db.preparedQuery("SELECT server_id FROM job WHERE server_id = ANY($1) AND state IN ('QUEUED', 'RUNNING')")
                .execute(Tuple.of(servers.toArray(UUID[]::new))).map(rows -> {
                    Set<UUID> busy = new HashSet<>();
                    rows.forEach(r -> busy.add(r.getUUID("server_id")));
                    return busy;
                });
    }

    /** Takes the oldest job nobody holds, if any, for {@code lease}. */
    public Future<Optional<Claim>> claim(Pool db, String node, Duration lease) {
        return db.preparedQuery("UPDATE job j SET state = 'RUNNING', claimed_by = $1, lease_until = now() + $2 * interval '1 millisecond', "
                        + "attempts = attempts + 1, started_at = coalesce(started_at, now()) "
                        + "WHERE j.id = (SELECT id FROM job WHERE state = 'QUEUED' OR (state = 'RUNNING' AND lease_until < now()) "
                        + "ORDER BY requested_at FOR UPDATE SKIP LOCKED LIMIT 1) RETURNING " + Rows.JOB_COLUMNS)
                .execute(Tuple.of(node, lease.toMillis()))
                .map(rows -> {
                    if (!rows.iterator().hasNext()) {
                        return Optional.empty();
                    }
                    Row r = rows.iterator().next();
                    return Optional.of(new Claim(Rows.job(r), r.getInteger("attempts")));
                });
    }

    /** Extends the leases of the jobs this daemon runs. */
    public Future<Void> renew(Pool db, String node, List<UUID> running, Duration lease) {
        if (running.isEmpty()) {
            return Future.succeededFuture();
        }
        return db.preparedQuery("UPDATE job SET lease_until = now() + $3 * interval '1 millisecond' "
                        + "WHERE claimed_by = $1 AND state = 'RUNNING' AND id = ANY($2)")
                .execute(Tuple.of(node, running.toArray(UUID[]::new), lease.toMillis())).mapEmpty();
    }

    public Future<Void> progress(SqlClient db, Claim claim, String node, String step, int percent) {
        return db.preparedQuery("UPDATE job SET step = $4, progress = $5 WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND state = 'RUNNING'")
                .execute(Tuple.of(claim.job().id(), node, claim.attempt(), step, percent)).mapEmpty();
    }

    /**
     * Ends the job, if this daemon still holds this claim of it.
     *
     * @return whether it did: false when another daemon took the job over meanwhile
     */
    public Future<Boolean> finish(SqlClient db, Claim claim, String node, JobState state, String error) {
        return db.preparedQuery("UPDATE job SET state = $4, error = $5, progress = CASE WHEN $4 = 'SUCCEEDED' THEN 100 ELSE progress END, "
                        + "finished_at = now(), lease_until = NULL WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND state = 'RUNNING'")
                .execute(Tuple.tuple().addUUID(claim.job().id()).addString(node).addInteger(claim.attempt()).addString(state.name())
                        .addValue(error))
                .map(rows -> rows.rowCount() == 1);
    }

    /** Puts a job back in the queue after a failure worth retrying (the host out of reach). */
    public Future<Boolean> retryLater(SqlClient db, Claim claim, String node, String error, Duration after) {
        return db.preparedQuery("UPDATE job SET state = 'RUNNING', claimed_by = NULL, error = $4, "
                        + "lease_until = now() + $5 * interval '1 millisecond' WHERE id = $1 AND claimed_by = $2 AND attempts = $3 AND state = 'RUNNING'")
                .execute(Tuple.tuple().addUUID(claim.job().id()).addString(node).addInteger(claim.attempt()).addString(error)
                        .addLong(after.toMillis()))
                .map(rows -> rows.rowCount() == 1);
    }

    public Future<Optional<Job>> find(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT " + Rows.JOB_COLUMNS + " FROM job j WHERE j.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(Rows.job(rows.iterator().next())) : Optional.empty());
    }

    public Future<List<Job>> ofServer(SqlClient db, UUID server, int limit) {
        return db.preparedQuery("SELECT " + Rows.JOB_COLUMNS + " FROM job j WHERE j.server_id = $1 ORDER BY j.requested_at DESC LIMIT $2")
                .execute(Tuple.of(server, limit)).map(rows -> {
                    List<Job> jobs = new ArrayList<>();
                    rows.forEach(r -> jobs.add(Rows.job(r)));
                    return jobs;
                });
    }

    /** A new move of a server from one host to another, queued now. */
    public static Job queuedMove(UUID server, String municipality, Job.Move move, String requestedBy) {
        return new Job(UUID.randomUUID(), server, municipality, JobKind.MOVE, null, move, JobState.QUEUED, 0, null, null, requestedBy,
                Instant.now(), null, null, 0);
    }

    /** A new job, queued now. */
    public static Job queued(UUID server, String municipality, JobKind kind, String snapshot, String requestedBy) {
        return new Job(UUID.randomUUID(), server, municipality, kind, snapshot, null, JobState.QUEUED, 0, null, null, requestedBy,
                Instant.now(), null, null, 0);
    }
}
