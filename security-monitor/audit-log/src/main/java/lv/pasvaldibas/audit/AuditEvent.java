package lv.pasvaldibas.audit;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
import java.util.Map;
import java.util.Objects;

/**
 * What happened, as a component reports it, before it is placed in a stream's chain. Field
 * meanings: DESIGN.md §4 and docs/audit-format.md. Never put passwords, tokens or secrets here.
 *
 * @param time    when it happened, UTC; kept to microseconds (PostgreSQL's precision)
 * @param type    event type, e.g. {@code LOGIN}, {@code LOGIN_ERROR}, {@code ADMIN_UPDATE}
 * @param details flat or nested JSON-like values (strings, numbers, booleans, lists, maps)
 */
public record AuditEvent(Instant time, String type, Outcome outcome, Actor actor, String client, String sourceIp,
                         String session, String targetType, String targetId, Map<String, Object> details) {

    public enum Outcome { SUCCESS, FAILURE, DENIED }

    /** Who acted; any part may be unknown (null), e.g. the user id of a name that matched no one. */
    public record Actor(String userId, String username, String homeDirectory, String municipality) {
        public static final Actor NONE = new Actor(null, null, null, null);
    }

    public AuditEvent {
        Objects.requireNonNull(time, "time");
        Objects.requireNonNull(type, "type");
        Objects.requireNonNull(outcome, "outcome");
        time = time.truncatedTo(ChronoUnit.MICROS);
        actor = actor == null ? Actor.NONE : actor;
        details = details == null ? Map.of() : details;
    }
}
