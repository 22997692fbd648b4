package lv.pasvaldibas.monitor.detect;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditEvent;

/**
 * Audit records as JSON lines, one record per line with the keys of the audit search's JSON export
 * ({@code time}, {@code stream}, {@code seq}, {@code type}, {@code outcome}, {@code actor_username}…):
 * what a rule's fixtures are written in, so an export of real events can become a fixture as it is.
 */
public final class RecordLines {

    private static final ObjectMapper JSON = new ObjectMapper();

    private RecordLines() {
    }

    public static List<AuditFields> parse(String text) {
        List<AuditFields> records = new ArrayList<>();
        int number = 0;
        for (String line : text.split("\n")) {
            number++;
            if (!line.isBlank()) {
                try {
                    records.add(record(JSON.readTree(line)));
                } catch (IOException | RuntimeException e) {
                    throw new IllegalArgumentException("line " + number + " is not an audit record: " + e.getMessage(), e);
                }
            }
        }
        return records;
    }

    private static AuditFields record(JsonNode r) {
        Map<String, Object> details = r.hasNonNull("details") ? JSON.convertValue(r.get("details"), new TypeReference<>() { }) : Map.of();
        AuditEvent event = new AuditEvent(Instant.parse(r.get("time").asText()), r.get("type").asText(),
                AuditEvent.Outcome.valueOf(r.get("outcome").asText()),
                new AuditEvent.Actor(text(r, "actor_user_id"), text(r, "actor_username"), text(r, "actor_directory"), text(r, "actor_municipality")),
                text(r, "client"), text(r, "source_ip"), text(r, "session"), text(r, "target_type"), text(r, "target_id"), details);
        return new AuditFields(r.get("stream").asText(), r.get("seq").asLong(), event);
    }

    private static String text(JsonNode r, String field) {
        return r.hasNonNull(field) ? r.get(field).asText() : null;
    }
}
