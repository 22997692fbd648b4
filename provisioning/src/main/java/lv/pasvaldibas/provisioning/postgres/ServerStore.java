package lv.pasvaldibas.provisioning.postgres;

import io.vertx.core.Future;
import io.vertx.sqlclient.Row;
import io.vertx.sqlclient.SqlClient;
import io.vertx.sqlclient.SqlConnection;
import io.vertx.sqlclient.Tuple;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.UUID;
import lv.pasvaldibas.provisioning.placement.HostLoad;
import lv.pasvaldibas.provisioning.quota.Resources;
import lv.pasvaldibas.provisioning.server.Phase;
import lv.pasvaldibas.provisioning.server.Power;
import lv.pasvaldibas.provisioning.server.Server;

/**
 * Servers, quotas and the capacity of hosts in PostgreSQL. The locks that keep quotas and hosts
 * from being overcommitted by concurrent requests, also from two daemons: a server's row, then a
 * municipality's quota row ({@link #lockQuota}), then every host in use ({@link #lockHostLoads}),
 * always in that order (a request takes the ones it needs).
 */
public final class ServerStore {

    /** One page of a list and the cursor of the next (null on the last page). */
    public record Page(List<Server> servers, String next) {
    }

    /**
     * What a list asks for. {@code municipalities} null: every municipality (platform operators).
     * {@code after}: the cursor a previous page gave.
     */
    public record Filter(Set<String> municipalities, String municipality, Phase phase, Power power, String namePrefix,
                         String hostId, int limit, Cursor after) {
    }

    /** Position in the newest-first order: creation time, then id. */
    public record Cursor(Instant createdAt, UUID id) {
        public String encode() {
            return java.util.Base64.getUrlEncoder().withoutPadding()
                    .encodeToString((createdAt.toString() + "|" + id).getBytes(java.nio.charset.StandardCharsets.UTF_8));
        }

        /** @throws IllegalArgumentException for anything a page did not give */
        public static Cursor decode(String text) {
            String plain = new String(java.util.Base64.getUrlDecoder().decode(text), java.nio.charset.StandardCharsets.UTF_8);
            int bar = plain.indexOf('|');
            if (bar < 0) {
                throw new IllegalArgumentException("not a cursor");
            }
            return new Cursor(Instant.parse(plain.substring(0, bar)), UUID.fromString(plain.substring(bar + 1)));
        }
    }

    public Future<Optional<Server>> find(SqlClient db, UUID id) {
        return db.preparedQuery("SELECT " + Rows.SERVER_COLUMNS + " FROM server s WHERE s.id = $1").execute(Tuple.of(id))
                .map(rows -> first(rows.iterator().hasNext() ? rows.iterator().next() : null));
    }

    /** The server, locked for this transaction. */
    public Future<Optional<Server>> lock(SqlConnection tx, UUID id) {
        return tx.preparedQuery("SELECT " + Rows.SERVER_COLUMNS + " FROM server s WHERE s.id = $1 FOR UPDATE").execute(Tuple.of(id))
                .map(rows -> first(rows.iterator().hasNext() ? rows.iterator().next() : null));
    }

    private static Optional<Server> first(Row row) {
        return row == null ? Optional.empty() : Optional.of(Rows.server(row));
    }

    public Future<Page> list(SqlClient db, Filter f) {
        StringBuilder sql = new StringBuilder("SELECT " + Rows.SERVER_COLUMNS + " FROM server s WHERE s.phase <> 'DELETED'");
        Tuple args = Tuple.tuple();
        if (f.municipalities() != null) {
            args.addArrayOfString(f.municipalities().toArray(String[]::new));
            sql.append(" AND s.municipality = ANY($").append(args.size()).append(')');
        }
        if (f.municipality() != null) {
            args.addString(f.municipality());
            sql.append(" AND s.municipality = $").append(args.size());
        }
        if (f.phase() != null) {
            args.addString(f.phase().name());
            sql.append(" AND s.phase = $").append(args.size());
        }
        if (f.power() != null) {
            args.addString(f.power().name());
            sql.append(" AND s.power = $").append(args.size());
        }
        if (f.namePrefix() != null) {
            args.addString(f.namePrefix().replace("\\", "\\\\").replace("%", "\\%").replace("_", "\\_") + "%");
            sql.append(" AND s.name LIKE $").append(args.size());
        }
        if (f.hostId() != null) {
            args.addString(f.hostId());
            sql.append(" AND s.host_id = $").append(args.size());
        }
        if (f.after() != null) {
            args.addOffsetDateTime(utc(f.after().createdAt()));
            args.addUUID(f.after().id());
            sql.append(" AND (s.created_at, s.id) < ($").append(args.size() - 1).append(", $").append(args.size()).append(')');
        }
        args.addInteger(f.limit() + 1);
        sql.append(" ORDER BY s.created_at DESC, s.id DESC LIMIT $").append(args.size());
        return db.preparedQuery(sql.toString()).execute(args).map(rows -> {
            List<Server> servers = new ArrayList<>();
            rows.forEach(r -> servers.add(Rows.server(r)));
            if (servers.size() <= f.limit()) {
                return new Page(servers, null);
            }
            List<Server> page = List.copyOf(servers.subList(0, f.limit()));
            Server last = page.get(page.size() - 1);
            return new Page(page, new Cursor(last.createdAt(), last.id()).encode());
        });
    }

    /** The municipality's quota, its row locked until the transaction ends; empty when it has none. */
    public Future<Optional<Resources>> lockQuota(SqlConnection tx, String municipality) {
        return tx.preparedQuery("SELECT vcpus, memory_mib, disk_gib, servers FROM quota WHERE municipality = $1 FOR UPDATE")
                .execute(Tuple.of(municipality))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(Rows.quota(rows.iterator().next())) : Optional.empty());
    }

    public Future<Optional<Resources>> quota(SqlClient db, String municipality) {
        return db.preparedQuery("SELECT vcpus, memory_mib, disk_gib, servers FROM quota WHERE municipality = $1")
                .execute(Tuple.of(municipality))
                .map(rows -> rows.iterator().hasNext() ? Optional.of(Rows.quota(rows.iterator().next())) : Optional.empty());
    }

    /** What the municipality's servers use: the sum of every server not yet deleted (decision 95). */
    public Future<Resources> usage(SqlClient db, String municipality) {
        return db.preparedQuery("SELECT coalesce(sum(vcpus), 0) AS vcpus, coalesce(sum(memory_mib), 0) AS memory_mib, "
                        + "coalesce(sum(disk_gib), 0) AS disk_gib, count(*) AS servers FROM server WHERE municipality = $1 AND phase <> 'DELETED'")
                .execute(Tuple.of(municipality)).map(rows -> {
                    Row r = rows.iterator().next();
                    return new Resources(r.getLong("vcpus").intValue(), r.getLong("memory_mib"), r.getLong("disk_gib"), r.getLong("servers").intValue());
                });
    }

    /**
     * Every host in use (active or draining) with what is placed on it, the hosts locked in id order
     * until the transaction ends. A server on its way to a host (an unfinished move) counts there
     * already, and where it comes from until it has left.
     */
    public Future<List<HostLoad>> lockHostLoads(SqlConnection tx) {
        return tx.query("SELECT " + Rows.HOST_COLUMNS + " FROM host h WHERE h.state <> 'REMOVED' ORDER BY h.id FOR UPDATE").execute()
                .compose(hosts -> tx.query("SELECT host_id, municipality, sum(vcpus) AS vcpus, sum(memory_mib) AS memory_mib, "
                                + "sum(disk_gib) AS disk_gib, count(*) AS servers FROM (SELECT host_id, municipality, vcpus, memory_mib, disk_gib "
                                + "FROM server WHERE phase <> 'DELETED' UNION ALL SELECT j.params ->> 'to', s.municipality, s.vcpus, s.memory_mib, "
                                + "s.disk_gib FROM job j JOIN server s ON s.id = j.server_id WHERE j.kind = 'MOVE' AND j.state IN ('QUEUED', 'RUNNING') "
                                + "AND s.host_id <> j.params ->> 'to') placed GROUP BY host_id, municipality")
                        .execute().map(placed -> {
                            Map<String, Resources> allocated = new HashMap<>();
                            Map<String, Map<String, Integer>> counts = new HashMap<>();
                            placed.forEach(r -> {
                                Resources part = new Resources(r.getLong("vcpus").intValue(), r.getLong("memory_mib"), r.getLong("disk_gib"),
                                        r.getLong("servers").intValue());
                                allocated.merge(r.getString("host_id"), part, Resources::plus);
                                counts.computeIfAbsent(r.getString("host_id"), h -> new HashMap<>())
                                        .put(r.getString("municipality"), r.getLong("servers").intValue());
                            });
                            List<HostLoad> loads = new ArrayList<>();
                            hosts.forEach(r -> {
                                var host = Rows.host(r);
                                loads.add(new HostLoad(host.id(), host.state(), host.reachable(), host.capacity(),
                                        allocated.getOrDefault(host.id(), Resources.NONE), counts.getOrDefault(host.id(), Map.of())));
                            });
                            return loads;
                        }));
    }

    public Future<Void> insert(SqlConnection tx, Server s) {
        return tx.preparedQuery("INSERT INTO server (id, municipality, name, template_id, vcpus, memory_mib, disk_gib, host_id, phase, power, "
                        + "created_at, created_by, updated_at) VALUES ($1, $2, $3, $4, $5, $6, $7, $8, $9, $10, $11, $12, $11)")
                .execute(Tuple.tuple().addUUID(s.id()).addString(s.municipality()).addString(s.name()).addString(s.templateId())
                        .addInteger(s.size().vcpus()).addLong(s.size().memoryMib()).addLong(s.size().diskGib()).addString(s.hostId())
                        .addString(s.phase().name()).addString(s.power().name()).addOffsetDateTime(utc(s.createdAt())).addString(s.createdBy()))
                .mapEmpty();
    }

    /** Sets what the server should be: its phase, wanted power and size. */
    public Future<Void> update(SqlClient db, UUID id, Phase phase, Power power, Resources size) {
        return db.preparedQuery("UPDATE server SET phase = $2, power = $3, vcpus = $4, memory_mib = $5, disk_gib = $6, updated_at = now() WHERE id = $1")
                .execute(Tuple.tuple().addUUID(id).addString(phase.name()).addString(power.name()).addInteger(size.vcpus())
                        .addLong(size.memoryMib()).addLong(size.diskGib()))
                .mapEmpty();
    }

    /** Records what the host reports: its power, or {@code null} when the domain is missing. */
    public Future<Void> observed(SqlClient db, UUID id, Power actual) {
        return db.preparedQuery("UPDATE server SET actual_power = $2, actual_seen_at = now() WHERE id = $1 AND actual_power IS DISTINCT FROM $2")
                .execute(Tuple.tuple().addUUID(id).addString(actual == null ? "MISSING" : actual.name())).mapEmpty();
    }

    /** The servers placed on a host that are not deleted. */
    public Future<List<Server>> onHost(SqlClient db, String hostId) {
        return db.preparedQuery("SELECT " + Rows.SERVER_COLUMNS + " FROM server s WHERE s.host_id = $1 AND s.phase <> 'DELETED'")
                .execute(Tuple.of(hostId)).map(rows -> {
                    List<Server> servers = new ArrayList<>();
                    rows.forEach(r -> servers.add(Rows.server(r)));
                    return servers;
                });
    }

    /** The servers on a host that are not deleted, locked (in id order) until the transaction ends. */
    public Future<List<Server>> lockOnHost(SqlConnection tx, String hostId) {
        return tx.preparedQuery("SELECT " + Rows.SERVER_COLUMNS + " FROM server s WHERE s.host_id = $1 AND s.phase <> 'DELETED' "
                        + "ORDER BY s.id FOR UPDATE").execute(Tuple.of(hostId)).map(rows -> {
                    List<Server> servers = new ArrayList<>();
                    rows.forEach(r -> servers.add(Rows.server(r)));
                    return servers;
                });
    }

    /**
     * Places the server on another host, if the move job's claim is still this daemon's.
     *
     * @return false when the claim was lost (another daemon runs the job now)
     */
    public Future<Boolean> placeOn(SqlClient db, UUID server, String hostId, UUID job, String node, int attempt) {
        return db.preparedQuery("UPDATE server SET host_id = $2, updated_at = now() WHERE id = $1 AND EXISTS (SELECT 1 FROM job "
                        + "WHERE id = $3 AND claimed_by = $4 AND attempts = $5 AND state = 'RUNNING')")
                .execute(Tuple.of(server, hostId, job, node, attempt)).map(rows -> rows.rowCount() == 1);
    }

    /**
     * Whether a domain of the server's on {@code hostId} is an orphan now: the server is not placed
     * there (or is deleted) and no job of its is unfinished (a move or a delete handles its own copies).
     * Asked after the host's domains were listed, so a move that finished meanwhile is seen.
     */
    public Future<Boolean> orphanedOn(SqlClient db, UUID server, String hostId) {
        return db.preparedQuery("SELECT NOT EXISTS (SELECT 1 FROM server WHERE id = $1 AND host_id = $2 AND phase <> 'DELETED') "
                        + "AND NOT EXISTS (SELECT 1 FROM job WHERE server_id = $1 AND state IN ('QUEUED', 'RUNNING')) AS orphaned")
                .execute(Tuple.of(server, hostId)).map(rows -> rows.iterator().next().getBoolean("orphaned"));
    }

    public Future<Void> addSnapshot(SqlClient db, UUID server, String name, String by) {
        return db.preparedQuery("INSERT INTO snapshot (server_id, name, created_at, created_by) VALUES ($1, $2, now(), $3) ON CONFLICT DO NOTHING")
                .execute(Tuple.of(server, name, by)).mapEmpty();
    }

    public Future<List<String>> snapshots(SqlClient db, UUID server) {
        return db.preparedQuery("SELECT name FROM snapshot WHERE server_id = $1 ORDER BY created_at, name").execute(Tuple.of(server))
                .map(rows -> {
                    List<String> names = new ArrayList<>();
                    rows.forEach(r -> names.add(r.getString("name")));
                    return names;
                });
    }

    static OffsetDateTime utc(Instant instant) {
        return instant.atOffset(ZoneOffset.UTC);
    }
}
