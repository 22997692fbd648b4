package lv.pasvaldibas.provisioning.postgres;

import io.vertx.core.Future;
import io.vertx.pgclient.PgException;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.Tuple;
import java.util.ArrayList;
import java.util.List;
import java.util.Optional;
import lv.pasvaldibas.provisioning.placement.Host;
import lv.pasvaldibas.provisioning.placement.HostState;
import lv.pasvaldibas.provisioning.quota.Resources;
import lv.pasvaldibas.provisioning.server.Template;

/** What platform operators set up: templates, quotas and hosts. */
public final class CatalogueStore {

    /** A host id or URI that is already registered. */
    public static final class HostExists extends RuntimeException {
        HostExists() {
            super("host exists", null, false, false);
        }
    }

    public Future<List<Template>> templates(SqlClient db) {
        return db.query("SELECT * FROM template ORDER BY id").execute().map(rows -> {
            List<Template> all = new ArrayList<>();
            rows.forEach(r -> all.add(Rows.template(r)));
            return all;
        });
    }

    public Future<Optional<Template>> template(SqlClient db, String id) {
        return db.preparedQuery("SELECT * FROM template WHERE id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(Rows.template(rows.iterator().next())) : Optional.empty());
    }

    public Future<Void> putTemplate(SqlClient db, Template t) {
        return db.preparedQuery("INSERT INTO template (id, name_lv, name_en, vcpus, memory_mib, disk_gib, base_image, active) "
                        + "VALUES ($1, $2, $3, $4, $5, $6, $7, $8) ON CONFLICT (id) DO UPDATE SET name_lv = $2, name_en = $3, vcpus = $4, "
                        + "memory_mib = $5, disk_gib = $6, base_image = $7, active = $8")
                .execute(Tuple.tuple().addString(t.id()).addString(t.nameLv()).addString(t.nameEn()).addInteger(t.size().vcpus())
                        .addLong(t.size().memoryMib()).addLong(t.size().diskGib()).addString(t.baseImage()).addBoolean(t.active()))
                .mapEmpty();
    }

    public Future<Void> putQuota(SqlClient db, String municipality, Resources limit, String by) {
        return db.preparedQuery("INSERT INTO quota (municipality, vcpus, memory_mib, disk_gib, servers, updated_by) VALUES ($1, $2, $3, $4, $5, $6) "
                        + "ON CONFLICT (municipality) DO UPDATE SET vcpus = $2, memory_mib = $3, disk_gib = $4, servers = $5, "
                        + "updated_at = now(), updated_by = $6")
                .execute(Tuple.tuple().addString(municipality).addInteger(limit.vcpus()).addLong(limit.memoryMib())
                        .addLong(limit.diskGib()).addInteger(limit.servers()).addString(by))
                .mapEmpty();
    }

    public Future<List<Host>> hosts(SqlClient db) {
        return db.query("SELECT " + Rows.HOST_COLUMNS + " FROM host h ORDER BY h.id").execute().map(rows -> {
            List<Host> all = new ArrayList<>();
            rows.forEach(r -> all.add(Rows.host(r)));
            return all;
        });
    }

    public Future<Optional<Host>> host(SqlClient db, String id) {
        return db.preparedQuery("SELECT " + Rows.HOST_COLUMNS + " FROM host h WHERE h.id = $1").execute(Tuple.of(id))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(Rows.host(rows.iterator().next())) : Optional.empty());
    }

    public Future<Void> addHost(SqlClient db, Host h, String by) {
        return db.preparedQuery("INSERT INTO host (id, uri, state, vcpus, memory_mib, disk_gib, added_by) VALUES ($1, $2, 'ACTIVE', $3, $4, $5, $6)")
                .execute(Tuple.tuple().addString(h.id()).addString(h.uri()).addInteger(h.capacity().vcpus())
                        .addLong(h.capacity().memoryMib()).addLong(h.capacity().diskGib()).addString(by))
                .<Void>mapEmpty()
                .recover(e -> e instanceof PgException pg && "23505".equals(pg.getSqlState())
                        ? Future.failedFuture(new HostExists()) : Future.failedFuture(e));
    }

    public Future<Void> setHostState(SqlClient db, String id, HostState state) {
        return db.preparedQuery("UPDATE host SET state = $2 WHERE id = $1").execute(Tuple.of(id, state.name())).mapEmpty();
    }

    /** What the daemon last saw of the host: reached, or the reason it could not be. */
    public Future<Void> reached(SqlClient db, String id, String error) {
        return db.preparedQuery("UPDATE host SET reachable = $2, last_seen = CASE WHEN $2 THEN now() ELSE last_seen END, last_error = $3 WHERE id = $1")
                .execute(Tuple.tuple().addString(id).addBoolean(error == null).addValue(error)).mapEmpty();
    }
}
