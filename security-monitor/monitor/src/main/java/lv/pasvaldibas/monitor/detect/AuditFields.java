package lv.pasvaldibas.monitor.detect;

import java.time.ZoneId;
import java.time.ZonedDateTime;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.monitor.rule.EventFields;

/**
 * An audit record as rules see it. Field names: {@code stream}, {@code seq}, {@code type},
 * {@code outcome}, {@code actor.user_id}, {@code actor.username}, {@code actor.home_directory},
 * {@code actor.municipality}, {@code client}, {@code source_ip}, {@code session}, {@code target.type},
 * {@code target.id}, {@code details.<key>} (nested keys with dots: {@code details.representation.enabled}),
 * and the time in Riga: {@code time.hour} (0–23) and {@code time.weekday} (1 Monday … 7 Sunday), for
 * rules about working hours.
 */
public record AuditFields(String stream, long seq, AuditEvent event) implements EventFields {

    private static final ZoneId RIGA = ZoneId.of("Europe/Riga");

    public EventRef ref() {
        return new EventRef(stream, seq, event.time());
    }

    /**
     * The municipality an alert from this record concerns: the actor's, else {@code details.municipality}
     * for records whose actor is a component (the monitor's observations of a directory or trust, the
     * provisioning daemon's own jobs), which name the municipality of what they are about there.
     */
    public String municipality() {
        if (event.actor().municipality() != null) {
            return event.actor().municipality();
        }
        return event.details().get("municipality") instanceof String m ? m : null;
    }

    @Override
    public Object value(String field) {
        return switch (field) {
            case "stream" -> stream;
            case "seq" -> seq;
            case "type" -> event.type();
            case "outcome" -> event.outcome().name();
            case "actor.user_id" -> event.actor().userId();
            case "actor.username" -> event.actor().username();
            case "actor.home_directory" -> event.actor().homeDirectory();
            case "actor.municipality" -> event.actor().municipality();
            case "client" -> event.client();
            case "source_ip" -> event.sourceIp();
            case "session" -> event.session();
            case "target.type" -> event.targetType();
            case "target.id" -> event.targetId();
            case "time.hour" -> ZonedDateTime.ofInstant(event.time(), RIGA).getHour();
            case "time.weekday" -> ZonedDateTime.ofInstant(event.time(), RIGA).getDayOfWeek().getValue();
            default -> field.startsWith("details.") ? detail(event.details(), field.substring("details.".length())) : null;
        };
    }

    private static Object detail(Map<String, Object> details, String path) {
        Object value = details.get(path);
        if (value != null) {
            return scalar(value);
        }
        int dot = path.indexOf('.');
        while (dot > 0) {
            Object head = details.get(path.substring(0, dot));
            if (head instanceof Map<?, ?> nested) {
                @SuppressWarnings("unchecked")
                Map<String, Object> inner = (Map<String, Object>) nested;
                Object found = detail(inner, path.substring(dot + 1));
                if (found != null) {
                    return found;
                }
            }
            dot = path.indexOf('.', dot + 1);
        }
        return null;
    }

    private static Object scalar(Object value) {
        return value instanceof List<?> || value instanceof Map<?, ?> ? String.valueOf(value) : value;
    }
}
