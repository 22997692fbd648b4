package lv.pasvaldibas.provisioning.postgres;

import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.PreparedStatement;
import java.sql.SQLException;
import org.flywaydb.core.Flyway;

/**
 * The schema (Flyway, {@code db/provisioning}) and the demo data {@code bin/platform up} starts with.
 * Blocking (JDBC): run before the event loop starts.
 */
public final class ProvisioningSchema {

    private ProvisioningSchema() {
    }

    public static void migrate(String jdbcUrl, String user, String password) {
        Flyway.configure().dataSource(jdbcUrl, user, password).locations("classpath:db/provisioning").load().migrate();
    }

    /**
     * Adds the templates, hosts and quotas of a seed file that are not there yet; changes nothing that
     * exists (an operator's later changes stay). Format: {@code {"templates": [...], "hosts": [...],
     * "quotas": {"kuldiga": {...}}}} with the API's field names.
     */
    public static void seed(String jdbcUrl, String user, String password, Path file) throws IOException, SQLException {
        JsonObject seed = new JsonObject(Files.readString(file, StandardCharsets.UTF_8));
        try (Connection c = DriverManager.getConnection(jdbcUrl, user, password)) {
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO template (id, name_lv, name_en, vcpus, memory_mib, disk_gib, base_image) "
                    + "VALUES (?, ?, ?, ?, ?, ?, ?) ON CONFLICT DO NOTHING")) {
                for (Object o : seed.getJsonArray("templates", new io.vertx.core.json.JsonArray())) {
                    JsonObject t = (JsonObject) o;
                    insert.setString(1, t.getString("id"));
                    insert.setString(2, t.getString("nameLv"));
                    insert.setString(3, t.getString("nameEn"));
                    insert.setInt(4, t.getInteger("vcpus"));
                    insert.setLong(5, t.getLong("memoryMib"));
                    insert.setLong(6, t.getLong("diskGib"));
                    insert.setString(7, t.getString("baseImage"));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO host (id, uri, state, vcpus, memory_mib, disk_gib, added_by) "
                    + "VALUES (?, ?, 'ACTIVE', ?, ?, ?, 'demo') ON CONFLICT DO NOTHING")) {
                for (Object o : seed.getJsonArray("hosts", new io.vertx.core.json.JsonArray())) {
                    JsonObject h = (JsonObject) o;
                    insert.setString(1, h.getString("id"));
                    insert.setString(2, h.getString("uri"));
                    insert.setInt(3, h.getInteger("vcpus"));
                    insert.setLong(4, h.getLong("memoryMib"));
                    insert.setLong(5, h.getLong("diskGib"));
                    insert.executeUpdate();
                }
            }
            try (PreparedStatement insert = c.prepareStatement("INSERT INTO quota (municipality, vcpus, memory_mib, disk_gib, servers, updated_by) "
                    + "VALUES (?, ?, ?, ?, ?, 'demo') ON CONFLICT DO NOTHING")) {
                JsonObject quotas = seed.getJsonObject("quotas", new JsonObject());
                for (String municipality : quotas.fieldNames()) {
                    JsonObject q = quotas.getJsonObject(municipality);
                    insert.setString(1, municipality);
                    insert.setInt(2, q.getInteger("vcpus"));
                    insert.setLong(3, q.getLong("memoryMib"));
                    insert.setLong(4, q.getLong("diskGib"));
                    insert.setInt(5, q.getInteger("servers"));
                    insert.executeUpdate();
                }
            }
        }
    }
}
