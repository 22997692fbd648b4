package lv.pasvaldibas.audit.keycloak;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.sql.Connection;
import java.sql.SQLException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Optional;
import java.util.OptionalLong;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.platform.keycloak.AdminApiToken;
import lv.pasvaldibas.platform.keycloak.ApiErrors;
import lv.pasvaldibas.audit.AuditQuery;
import lv.pasvaldibas.audit.RefusalThrottle;
import org.jboss.logging.Logger;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RoleModel;
import org.keycloak.services.managers.AuthenticationManager;

/**
 * {@code GET /realms/{realm}/municipal-audit/records}: the audit log search for security officers
 * (realm role {@code security-officer}). Filters: {@code from}, {@code to} (ISO-8601 instants),
 * {@code user}, {@code directory}, {@code municipality}, {@code client}, {@code type},
 * {@code outcome}, {@code ip}; {@code limit} (1-1000, default 100), {@code cursor} from the last
 * page; {@code format=json} (default) or {@code csv}. Every allowed search is itself written to
 * the audit log before any record is returned, and finds only records of this realm (decision 41).
 * Refusals of signed-in callers are recorded too, but at most one per caller a minute, carrying
 * how many were only counted, so that repeating a refused call cannot flood the log; callers
 * without a valid token are answered 401 and not recorded (Keycloak logs those).
 */
public final class AuditQueryResource {

    static final String OFFICER_ROLE = "security-officer";
    private static final Logger LOG = Logger.getLogger(AuditQueryResource.class);
    /** Per node: one recorded refusal per caller a minute; at most 10,000 callers remembered. */
    private static final RefusalThrottle REFUSALS = new RefusalThrottle(java.time.Duration.ofMinutes(1), 10_000);

    private final KeycloakSession session;
    private final AuditListenerFactory audit;

    AuditQueryResource(KeycloakSession session, AuditListenerFactory audit) {
        this.session = session;
        this.audit = audit;
    }

    @GET
    @Path("records")
    public Response records(@QueryParam("from") String from, @QueryParam("to") String to, @QueryParam("user") String user,
                            @QueryParam("directory") String directory, @QueryParam("municipality") String municipality,
                            @QueryParam("client") String client, @QueryParam("type") String type,
                            @QueryParam("outcome") String outcome, @QueryParam("ip") String ip,
                            @QueryParam("limit") String limit, @QueryParam("cursor") String cursor,
                            @QueryParam("format") String format) {
        AuthenticationManager.AuthResult auth = AdminApiToken.bearer(session);
        Map<String, Object> asked = new LinkedHashMap<>();
        put(asked, "from", from, "to", to, "user", user, "directory", directory, "municipality", municipality, "client", client,
                "type", type, "outcome", outcome, "ip", ip, "limit", limit, "format", format);
        Response refused = AdminApiToken.refusal(session, auth); // another client's token, or an admin without a second factor
        if (refused != null) {
            recordRefusal(auth, asked);
            return refused;
        }
        RoleModel officer = session.getContext().getRealm().getRole(OFFICER_ROLE);
        if (officer == null || !auth.user().hasRole(officer)) {
            recordRefusal(auth, asked);
            return ApiErrors.of(Response.Status.FORBIDDEN, "Nepieciešama drošības speciālista loma / Requires the role " + OFFICER_ROLE);
        }
        boolean csv = "csv".equals(format);
        if (format != null && !csv && !"json".equals(format)) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, "Nederīgs vaicājums / Invalid query: format must be json or csv");
        }
        AuditQuery.Filter filter;
        try {
            filter = new AuditQuery.Filter(instant(from, "from"), instant(to, "to"), user, directory, municipality, client, type,
                    outcome(outcome), ip, limit(limit), cursor);
        } catch (IllegalArgumentException e) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, "Nederīgs vaicājums / Invalid query: " + e.getMessage());
        }
        try {
            Optional<Connection> reader = audit.reader();
            if (reader.isEmpty()) {
                return ApiErrors.of(Response.Status.SERVICE_UNAVAILABLE,
                        "Audita meklēšana nav ieslēgta / Audit search is not configured (reader-username)");
            }
            try (Connection c = reader.get()) {
                AuditQuery.Page page = AuditQuery.find(c, filter, session.getContext().getRealm().getName());
                asked.put("returned", page.rows().size());
                if (!record(auth, AuditEvent.Outcome.SUCCESS, asked)) {
                    return ApiErrors.of(Response.Status.SERVICE_UNAVAILABLE,
                            "Meklēšanu nevar reģistrēt audita žurnālā / The search could not be recorded in the audit log");
                }
                Response.ResponseBuilder ok = csv
                        ? Response.ok(AuditQuery.csv(page.rows()), "text/csv; charset=utf-8")
                                .header("Content-Disposition", "attachment; filename=\"audit.csv\"")
                        : Response.ok(AuditQuery.json(page), MediaType.APPLICATION_JSON_TYPE.withCharset("utf-8"));
                if (page.nextCursor() != null) {
                    ok.header("X-Next-Cursor", page.nextCursor());
                }
                return ok.build();
            }
        } catch (SQLException e) {
            LOG.warnf("Audit search failed: %s", e.getMessage());
            return ApiErrors.of(Response.Status.SERVICE_UNAVAILABLE, "Audita datubāze nav pieejama / The audit database is not reachable");
        }
    }

    private static AuditEvent.Outcome outcome(String text) {
        try {
            return text == null ? null : AuditEvent.Outcome.valueOf(text);
        } catch (IllegalArgumentException e) {
            throw new IllegalArgumentException("outcome must be SUCCESS, FAILURE or DENIED");
        }
    }

    private static int limit(String text) {
        try {
            return text == null ? AuditQuery.DEFAULT_LIMIT : Integer.parseInt(text);
        } catch (NumberFormatException e) {
            throw new IllegalArgumentException("limit must be a number from 1 to " + AuditQuery.MAX_LIMIT);
        }
    }

    private static Instant instant(String text, String name) {
        try {
            return text == null ? null : Instant.parse(text);
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(name + " must be an ISO-8601 instant, e.g. 2026-11-26T08:00:00Z");
        }
    }

    private static void put(Map<String, Object> map, String... pairs) {
        for (int i = 0; i < pairs.length; i += 2) {
            if (pairs[i + 1] != null) {
                map.put(pairs[i], pairs[i + 1].length() > 300 ? pairs[i + 1].substring(0, 300) + "…" : pairs[i + 1]);
            }
        }
    }

    /** A refused search, throttled per caller (realm and user id: a token cannot choose another's). */
    private void recordRefusal(AuthenticationManager.AuthResult auth, Map<String, Object> asked) {
        String caller = session.getContext().getRealm().getId() + "/" + auth.user().getId();
        OptionalLong unrecorded = REFUSALS.admit(caller, Instant.now());
        if (unrecorded.isPresent()) {
            Map<String, Object> details = new LinkedHashMap<>(asked);
            if (unrecorded.getAsLong() > 0) {
                details.put("refusedUnrecordedSinceLast", unrecorded.getAsLong());
            }
            record(auth, AuditEvent.Outcome.DENIED, details);
        }
    }

    /** Writes "the log was searched" and waits until it is durable; false if it could not be. */
    private boolean record(AuthenticationManager.AuthResult auth, AuditEvent.Outcome outcome, Map<String, Object> asked) {
        Map<String, Object> details = new LinkedHashMap<>(asked);
        details.put("realm", session.getContext().getRealm().getName());
        return AuditTrail.record(session, auth, "AUDIT_QUERY", outcome, "audit_log", null, details);
    }
}
