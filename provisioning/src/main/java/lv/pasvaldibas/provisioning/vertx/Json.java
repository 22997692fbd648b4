package lv.pasvaldibas.provisioning.vertx;

import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Locale;
import lv.pasvaldibas.provisioning.job.Job;
import lv.pasvaldibas.provisioning.placement.Host;
import lv.pasvaldibas.provisioning.quota.Resources;
import lv.pasvaldibas.provisioning.server.Server;
import lv.pasvaldibas.provisioning.server.Template;

/** The API's JSON shapes of the core's records (openapi.yaml's schemas). */
final class Json {

    private Json() {
    }

    static JsonObject resources(Resources r) {
        return new JsonObject().put("vcpus", r.vcpus()).put("memoryMib", r.memoryMib()).put("diskGib", r.diskGib()).put("servers", r.servers());
    }

    static JsonObject server(Server s) {
        return new JsonObject().put("id", s.id().toString()).put("municipality", s.municipality()).put("name", s.name())
                .put("template", s.templateId()).put("vcpus", s.size().vcpus()).put("memoryMib", s.size().memoryMib())
                .put("diskGib", s.size().diskGib()).put("host", s.hostId()).put("phase", s.phase().name()).put("power", s.power().name())
                .put("actualPower", s.domainMissing() ? "MISSING" : s.actualPower() == null ? null : s.actualPower().name())
                .put("actualSeenAt", time(s.actualSeenAt())).put("createdAt", time(s.createdAt())).put("createdBy", s.createdBy());
    }

    static JsonObject job(Job j) {
        return new JsonObject().put("id", j.id().toString()).put("server", j.serverId().toString()).put("municipality", j.municipality())
                .put("kind", j.kind().name()).put("snapshot", j.snapshot()).put("from", j.move() == null ? null : j.move().fromHost())
                .put("to", j.move() == null ? null : j.move().toHost()).put("state", j.state().name()).put("progress", j.progress())
                .put("step", j.step()).put("error", j.error()).put("requestedBy", j.requestedBy()).put("requestedAt", time(j.requestedAt()))
                .put("startedAt", time(j.startedAt())).put("finishedAt", time(j.finishedAt())).put("attempts", j.attempts());
    }

    static JsonObject template(Template t, Locale locale) {
        boolean latvian = locale != null && "lv".equals(locale.getLanguage());
        return new JsonObject().put("id", t.id()).put("name", latvian ? t.nameLv() : t.nameEn()).put("nameLv", t.nameLv())
                .put("nameEn", t.nameEn()).put("vcpus", t.size().vcpus()).put("memoryMib", t.size().memoryMib())
                .put("diskGib", t.size().diskGib()).put("baseImage", t.baseImage()).put("active", t.active());
    }

    static JsonObject host(Host h, Resources allocated) {
        return new JsonObject().put("id", h.id()).put("uri", h.uri()).put("state", h.state().name()).put("capacity", resources(h.capacity()))
                .put("allocated", resources(allocated)).put("reachable", h.reachable()).put("lastSeen", time(h.lastSeen()))
                .put("lastError", h.lastError());
    }

    private static String time(Instant t) {
        return t == null ? null : t.toString();
    }
}
