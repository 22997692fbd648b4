package lv.pasvaldibas.provisioning.postgres;

import io.vertx.sqlclient.Row;
import java.time.Instant;
import java.time.OffsetDateTime;
import lv.pasvaldibas.provisioning.job.Job;
import lv.pasvaldibas.provisioning.job.JobKind;
import lv.pasvaldibas.provisioning.job.JobState;
import lv.pasvaldibas.provisioning.placement.Host;
import lv.pasvaldibas.provisioning.placement.HostState;
import lv.pasvaldibas.provisioning.quota.Resources;
import lv.pasvaldibas.provisioning.server.Phase;
import lv.pasvaldibas.provisioning.server.Power;
import lv.pasvaldibas.provisioning.server.Server;
import lv.pasvaldibas.provisioning.server.Template;

/** Rows of the provisioning schema as the core's records. */
final class Rows {

    static final String SERVER_COLUMNS = "s.id, s.municipality, s.name, s.template_id, s.vcpus, s.memory_mib, s.disk_gib, s.host_id, "
            + "s.phase, s.power, s.actual_power, s.actual_seen_at, s.created_at, s.created_by, s.updated_at";
    static final String JOB_COLUMNS = "j.id, j.server_id, j.municipality, j.kind, j.params ->> 'snapshot' AS snapshot, "
            + "j.params ->> 'from' AS move_from, j.params ->> 'to' AS move_to, j.state, j.progress, "
            + "j.step, j.error, j.requested_by, j.requested_at, j.started_at, j.finished_at, j.attempts";
    static final String HOST_COLUMNS = "h.id, h.uri, h.state, h.vcpus, h.memory_mib, h.disk_gib, h.reachable, h.last_seen, h.last_error";

    private Rows() {
    }

    static Server server(Row r) {
        String actual = r.getString("actual_power");
        return new Server(r.getUUID("id"), r.getString("municipality"), r.getString("name"), r.getString("template_id"),
                Resources.ofServer(r.getInteger("vcpus"), r.getLong("memory_mib"), r.getLong("disk_gib")), r.getString("host_id"),
                Phase.valueOf(r.getString("phase")), Power.valueOf(r.getString("power")),
                actual == null || actual.equals("MISSING") ? null : Power.valueOf(actual), "MISSING".equals(actual),
                instant(r.getOffsetDateTime("actual_seen_at")), instant(r.getOffsetDateTime("created_at")), r.getString("created_by"),
                instant(r.getOffsetDateTime("updated_at")));
    }

    static Job job(Row r) {
        return new Job(r.getUUID("id"), r.getUUID("server_id"), r.getString("municipality"), JobKind.valueOf(r.getString("kind")),
                r.getString("snapshot"), r.getString("move_to") == null ? null : new Job.Move(r.getString("move_from"), r.getString("move_to")),
                JobState.valueOf(r.getString("state")), r.getInteger("progress"), r.getString("step"),
                r.getString("error"), r.getString("requested_by"), instant(r.getOffsetDateTime("requested_at")),
                instant(r.getOffsetDateTime("started_at")), instant(r.getOffsetDateTime("finished_at")), r.getInteger("attempts"));
    }

    static Host host(Row r) {
        return new Host(r.getString("id"), r.getString("uri"), HostState.valueOf(r.getString("state")),
                new Resources(r.getInteger("vcpus"), r.getLong("memory_mib"), r.getLong("disk_gib"), 0),
                r.getBoolean("reachable"), instant(r.getOffsetDateTime("last_seen")), r.getString("last_error"));
    }

    static Template template(Row r) {
        return new Template(r.getString("id"), r.getString("name_lv"), r.getString("name_en"),
                Resources.ofServer(r.getInteger("vcpus"), r.getLong("memory_mib"), r.getLong("disk_gib")),
                r.getString("base_image"), r.getBoolean("active"));
    }

    static Resources quota(Row r) {
        return new Resources(r.getInteger("vcpus"), r.getLong("memory_mib"), r.getLong("disk_gib"), r.getInteger("servers"));
    }

    static Instant instant(OffsetDateTime time) {
        return time == null ? null : time.toInstant();
    }
}
