package lv.pasvaldibas.trust.keycloak;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.ws.rs.Consumes;
import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.io.IOException;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.platform.keycloak.ApiErrors;
import lv.pasvaldibas.audit.keycloak.AuditTrail;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.keycloak.HomeDirectories;
import lv.pasvaldibas.platform.keycloak.MunicipalAdmin;
import lv.pasvaldibas.trust.Trust;
import lv.pasvaldibas.trust.TrustActor;
import lv.pasvaldibas.trust.TrustLifecycle;
import lv.pasvaldibas.trust.TrustRuleException;
import lv.pasvaldibas.trust.TrustState;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/municipal-trusts}: the trust API for municipal LDAP admins, who see and act
 * on only the trusts that involve their municipality; realm administrators see all. Every call that
 * changes or is refused is written to the audit log before it is answered.
 * <ul>
 *   <li>{@code GET /} list ({@code ?state=ACTIVE}, {@code ?overdue=true}); {@code GET /{id}} one, with history;
 *       {@code GET /graph} municipalities and directories as nodes, trusts as edges; {@code GET /options}
 *       what a proposal may name (municipalities, directories, municipal clients and their roles)</li>
 *   <li>{@code POST /} propose: {@code trustingMunicipality, trustedDirectory, allUsers | acceptedGroups,
 *       grantedRoles {client: [roles]}, validFrom, validUntil, transitive}</li>
 *   <li>{@code POST /{id}/approve | reject | suspend | resume | revoke | review}, body {@code {"reason": ...}}</li>
 * </ul>
 */
public final class TrustAdminResource {

    private static final ObjectMapper JSON = new ObjectMapper();
    private static final int MAX_BODY = 20_000;

    private final KeycloakSession session;
    private final RealmModel realm;

    TrustAdminResource(KeycloakSession session) {
        this.session = session;
        this.realm = session.getContext().getRealm();
    }

    @GET
    @Produces(MediaType.APPLICATION_JSON)
    public Response list(@QueryParam("state") String state, @QueryParam("overdue") boolean overdue) {
        MunicipalAdmin admin = MunicipalAdmin.of(session);
        if (state != null && java.util.Arrays.stream(TrustState.values()).noneMatch(s -> s.name().equals(state))) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, "Nederīgs stāvoklis / Invalid state: use one of "
                    + java.util.Arrays.toString(TrustState.values()));
        }
        Instant now = Instant.now();
        List<Map<String, Object>> visible = new ArrayList<>();
        for (Trust t : new TrustStore(session, realm).all()) {
            if ((admin.seesEveryMunicipality() || t.involves(admin.municipality()))
                    && (state == null || t.stateAt(now).name().equals(state)) && (!overdue || t.reviewOverdueAt(now))) {
                visible.add(representation(t, now, false));
            }
        }
        return Response.ok(visible).build();
    }

    /**
     * The trusts the caller may see as a graph: municipalities (resource sides) and directories
     * (account sides) as nodes, one edge per trust from the municipality to the directory it accepts.
     */
    @GET
    @Path("graph")
    @Produces(MediaType.APPLICATION_JSON)
    public Response graph() {
        MunicipalAdmin admin = MunicipalAdmin.of(session);
        Instant now = Instant.now();
        Map<String, Map<String, Object>> nodes = new LinkedHashMap<>();
        List<Map<String, Object>> edges = new ArrayList<>();
        for (Trust t : new TrustStore(session, realm).all()) {
            if (!admin.seesEveryMunicipality() && !t.involves(admin.municipality())) {
                continue;
            }
            String from = "municipality:" + t.trustingMunicipality();
            String to = "directory:" + t.trustedDirectory();
            nodes.putIfAbsent(from, Map.of("id", from, "type", "municipality", "municipality", t.trustingMunicipality()));
            nodes.putIfAbsent(to, Map.of("id", to, "type", "directory", "directory", t.trustedDirectory(),
                    "municipality", t.trustedMunicipality()));
            Map<String, Object> edge = new LinkedHashMap<>();
            edge.put("trust", t.id());
            edge.put("from", from);
            edge.put("to", to);
            edge.put("state", t.stateAt(now).name());
            edge.put("transitive", t.transitive());
            edges.add(edge);
        }
        return Response.ok(Map.of("nodes", List.copyOf(nodes.values()), "edges", edges)).build();
    }

    /**
     * What a proposal form offers the caller: who they are, the realm's municipalities (with their
     * names) and directories, and the clients that municipalities own, with their roles. Names and
     * ids only; no directory settings.
     */
    @GET
    @Path("options")
    @Produces(MediaType.APPLICATION_JSON)
    public Response options() {
        MunicipalAdmin admin = MunicipalAdmin.of(session);
        Map<String, String> directories = new java.util.TreeMap<>(HomeDirectories.municipalities(realm));
        Map<String, Object> me = new LinkedHashMap<>();
        me.put("username", admin.user().getUsername());
        me.put("municipality", admin.municipality());
        me.put("platformAdmin", admin.seesEveryMunicipality());
        me.put("readOnly", admin.readOnly());
        List<Map<String, Object>> municipalities = new ArrayList<>();
        new java.util.TreeSet<>(directories.values()).forEach(m ->
                municipalities.add(Map.of("id", m, "name", TrustGate.municipalityName(session, m))));
        List<Map<String, Object>> dirs = new ArrayList<>();
        directories.forEach((id, m) -> dirs.add(Map.of("id", id, "municipality", m)));
        List<Map<String, Object>> clients = new ArrayList<>();
        realm.getClientsStream().filter(c -> c.getAttribute(TrustGate.CLIENT_OWNER) != null)
                .sorted(java.util.Comparator.comparing(ClientModel::getClientId))
                .forEach(c -> clients.add(Map.of("clientId", c.getClientId(), "municipality", c.getAttribute(TrustGate.CLIENT_OWNER),
                        "roles", c.getRolesStream().map(org.keycloak.models.RoleModel::getName).sorted().toList())));
        // platform-wide clients that serve every municipality's data: any municipality may grant on its own data there
        List<Map<String, Object>> shared = new ArrayList<>();
        realm.getClientsStream().filter(c -> !TrustGate.grantableRoles(c).isEmpty())
                .sorted(java.util.Comparator.comparing(ClientModel::getClientId))
                .forEach(c -> shared.add(Map.of("clientId", c.getClientId(), "roles", TrustGate.grantableRoles(c).stream().sorted().toList())));
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("me", me);
        body.put("municipalities", municipalities);
        body.put("directories", dirs);
        body.put("clients", clients);
        body.put("sharedClients", shared);
        return Response.ok(body).build();
    }

    @GET
    @Path("{id}")
    @Produces(MediaType.APPLICATION_JSON)
    public Response one(@PathParam("id") String id) {
        MunicipalAdmin admin = MunicipalAdmin.of(session);
        Trust t = new TrustStore(session, realm).find(id).orElse(null);
        if (t == null) {
            return ApiErrors.of(Response.Status.NOT_FOUND, "Tādas uzticēšanās nav / No such trust");
        }
        if (!admin.seesEveryMunicipality() && !t.involves(admin.municipality())) {
            return ApiErrors.of(Response.Status.FORBIDDEN, "Šī uzticēšanās neattiecas uz jūsu pašvaldību / This trust does not involve your municipality");
        }
        return Response.ok(representation(t, Instant.now(), true)).build();
    }

    @POST
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response propose(String body) {
        MunicipalAdmin admin = MunicipalAdmin.of(session);
        if (admin.readOnly()) {
            return readOnly(admin, "PROPOSE", null);
        }
        Instant now = Instant.now();
        Trust draft;
        try {
            draft = draft(parse(body));
        } catch (IllegalArgumentException e) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, "Nederīgs pieprasījums / Invalid request: " + e.getMessage());
        }
        try {
            Trust proposed = TrustLifecycle.propose(actor(admin), draft, now);
            new TrustStore(session, realm).insert(proposed);
            return audited(admin, "PROPOSE", proposed, null, Response.status(Response.Status.CREATED)
                    .entity(representation(proposed, now, true)).build());
        } catch (TrustRuleException e) {
            return refused(admin, "PROPOSE", draft, e);
        }
    }

    @POST
    @Path("{id}/{action}")
    @Consumes(MediaType.APPLICATION_JSON)
    @Produces(MediaType.APPLICATION_JSON)
    public Response act(@PathParam("id") String id, @PathParam("action") String action, String body) {
        MunicipalAdmin admin = MunicipalAdmin.of(session);
        Instant now = Instant.now();
        TrustStore store = new TrustStore(session, realm);
        Trust t = store.find(id).orElse(null);
        if (t == null) {
            return ApiErrors.of(Response.Status.NOT_FOUND, "Tādas uzticēšanās nav / No such trust");
        }
        if (admin.readOnly()) {
            return readOnly(admin, action.toUpperCase(java.util.Locale.ROOT), t);
        }
        String reason;
        try {
            JsonNode json = body == null || body.isBlank() ? JSON.createObjectNode() : parse(body);
            reason = json.hasNonNull("reason") ? json.get("reason").asText() : null;
        } catch (IllegalArgumentException e) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, "Nederīgs pieprasījums / Invalid request: " + e.getMessage());
        }
        TrustActor actor = actor(admin);
        try {
            Trust changed = switch (action) {
                case "approve" -> TrustLifecycle.approve(actor, t, now);
                case "reject" -> TrustLifecycle.reject(actor, t, reason, now);
                case "suspend" -> TrustLifecycle.suspend(actor, t, reason, now);
                case "resume" -> TrustLifecycle.resume(actor, t, reason, now);
                case "revoke" -> TrustLifecycle.revoke(actor, t, reason, now);
                case "review" -> TrustLifecycle.review(actor, t, now);
                default -> null;
            };
            if (changed == null) {
                return ApiErrors.of(Response.Status.NOT_FOUND, "Nezināma darbība / Unknown action: approve, reject, suspend, resume, revoke or review");
            }
            store.update(changed);
            return audited(admin, action.toUpperCase(java.util.Locale.ROOT), changed, reason,
                    Response.ok(representation(changed, now, true)).build());
        } catch (TrustRuleException e) {
            return refused(admin, action.toUpperCase(java.util.Locale.ROOT), t, e);
        }
    }

    private static TrustActor actor(MunicipalAdmin admin) {
        return new TrustActor(admin.user().getId(), admin.user().getUsername(), admin.municipality());
    }

    private static JsonNode parse(String body) {
        if (body == null || body.length() > MAX_BODY) {
            throw new IllegalArgumentException("the body is a JSON object of at most " + MAX_BODY + " characters");
        }
        try {
            JsonNode json = JSON.readTree(body);
            if (json == null || !json.isObject()) {
                throw new IllegalArgumentException("the body must be a JSON object");
            }
            return json;
        } catch (IOException e) {
            throw new IllegalArgumentException("the body is not JSON");
        }
    }

    /** A proposal from the request: the account side's municipality comes from the directory registry. */
    private static final Set<String> PROPOSAL_FIELDS = Set.of("trustingMunicipality", "trustedDirectory", "allUsers", "acceptedGroups",
            "grantedRoles", "validFrom", "validUntil", "transitive");

    private Trust draft(JsonNode json) {
        json.fieldNames().forEachRemaining(field -> {
            if (!PROPOSAL_FIELDS.contains(field)) {
                throw new IllegalArgumentException("unknown field " + field + "; the fields are " + new java.util.TreeSet<>(PROPOSAL_FIELDS));
            }
        });
        String trusting = text(json, "trustingMunicipality");
        String directory = text(json, "trustedDirectory");
        DirectoryConfig trusted = HomeDirectories.byId(realm, directory)
                .orElseThrow(() -> new IllegalArgumentException("no directory " + directory + " in this realm"));
        Set<String> groups = new HashSet<>();
        json.path("acceptedGroups").forEach(g -> groups.add(g.asText()));
        Map<String, Set<String>> roles = new HashMap<>();
        json.path("grantedRoles").fields().forEachRemaining(e -> {
            Set<String> granted = new HashSet<>();
            e.getValue().forEach(r -> granted.add(r.asText()));
            roles.put(e.getKey(), granted);
        });
        roles.forEach((clientId, granted) -> {
            ClientModel client = realm.getClientByClientId(clientId);
            Set<String> shared = client == null ? Set.of() : TrustGate.grantableRoles(client);
            if (client == null || !(trusting.equals(client.getAttribute(TrustGate.CLIENT_OWNER)) || !shared.isEmpty())) {
                throw new IllegalArgumentException("client " + clientId + " is not a client of " + trusting
                        + " nor a platform-wide client that takes trust grants");
            }
            granted.forEach(role -> {
                if (shared.isEmpty() ? client.getRole(role) == null : !shared.contains(role)) {
                    throw new IllegalArgumentException("client " + clientId + " has no role " + role + " to grant");
                }
            });
        });
        return new Trust(UUID.randomUUID().toString(), trusting, directory, trusted.municipality(), json.path("allUsers").asBoolean(false),
                groups, roles, instant(json, "validFrom", Instant.now()), instant(json, "validUntil", null),
                json.path("transitive").asBoolean(false), TrustState.PROPOSED, null, null, null, List.of());
    }

    private static String text(JsonNode json, String field) {
        JsonNode value = json.get(field);
        if (value == null || !value.isTextual()) {
            throw new IllegalArgumentException(field + " is required");
        }
        return value.asText();
    }

    private static Instant instant(JsonNode json, String field, Instant absent) {
        JsonNode value = json.get(field);
        if (value == null || value.isNull()) {
            return absent;
        }
        try {
            return Instant.parse(value.asText());
        } catch (DateTimeParseException e) {
            throw new IllegalArgumentException(field + " must be an ISO-8601 instant, e.g. 2026-12-01T00:00:00Z");
        }
    }

    private Response audited(MunicipalAdmin admin, String action, Trust t, String reason, Response ok) {
        if (!AuditTrail.record(session, admin.auth(), "TRUST_" + action, AuditEvent.Outcome.SUCCESS, "trust", t.id(), details(t, reason, null))) {
            session.getTransactionManager().setRollbackOnly();
            return ApiErrors.of(Response.Status.SERVICE_UNAVAILABLE,
                    "Izmaiņu nevar reģistrēt audita žurnālā, tā nav veikta / The change could not be audited and was not made");
        }
        return ok;
    }

    private Response refused(MunicipalAdmin admin, String action, Trust t, TrustRuleException e) {
        session.getTransactionManager().setRollbackOnly();
        AuditTrail.record(session, admin.auth(), "TRUST_" + action, AuditEvent.Outcome.DENIED, "trust", t.id(), details(t, null, e));
        Response.Status status = switch (e.rule()) {
            case NOT_A_PARTY, OWN_PROPOSAL, NOT_THE_SUSPENDING_SIDE -> Response.Status.FORBIDDEN;
            case WRONG_STATE -> Response.Status.CONFLICT;
            default -> Response.Status.BAD_REQUEST;
        };
        return ApiErrors.of(status, TrustMessages.latvian(e.rule()) + " / " + e.getMessage());
    }

    /** A reader (view-realm) tried to change a trust: refused before anything is read or written, and recorded. */
    private Response readOnly(MunicipalAdmin admin, String action, Trust t) {
        session.getTransactionManager().setRollbackOnly();
        Map<String, Object> d = t == null ? new LinkedHashMap<>(Map.of("realm", realm.getName())) : details(t, null, null);
        d.put("refused", "READ_ONLY");
        AuditTrail.record(session, admin.auth(), "TRUST_" + action, AuditEvent.Outcome.DENIED, "trust", t == null ? null : t.id(), d);
        return MunicipalAdmin.readOnlyRefusal();
    }

    private Map<String, Object> details(Trust t, String reason, TrustRuleException refusal) {
        Map<String, Object> d = new LinkedHashMap<>();
        d.put("realm", realm.getName());
        d.put("trustingMunicipality", t.trustingMunicipality());
        d.put("trustedDirectory", t.trustedDirectory());
        d.put("state", t.state().name());
        if (reason != null) {
            d.put("reason", reason);
        }
        if (refusal != null) {
            d.put("refused", refusal.rule().name());
        }
        return d;
    }

    private static Map<String, Object> representation(Trust t, Instant now, boolean withHistory) {
        Map<String, Object> r = new LinkedHashMap<>();
        r.put("id", t.id());
        r.put("trustingMunicipality", t.trustingMunicipality());
        r.put("trustedDirectory", t.trustedDirectory());
        r.put("trustedMunicipality", t.trustedMunicipality());
        r.put("allUsers", t.allUsers());
        r.put("acceptedGroups", t.acceptedGroups().stream().sorted().toList());
        Map<String, List<String>> roles = new LinkedHashMap<>();
        t.grantedRoles().forEach((c, granted) -> roles.put(c, granted.stream().sorted().toList()));
        r.put("grantedRoles", roles);
        r.put("validFrom", t.validFrom().toString());
        r.put("validUntil", t.validUntil() == null ? null : t.validUntil().toString());
        r.put("transitive", t.transitive());
        r.put("state", t.stateAt(now).name());
        r.put("proposedBy", t.proposedBy());
        r.put("suspendedBy", t.suspendedBy());
        r.put("nextReview", t.nextReview() == null ? null : t.nextReview().toString());
        r.put("reviewOverdue", t.reviewOverdueAt(now));
        if (withHistory) {
            r.put("history", t.history().stream().map(TrustStore::historyLine).toList());
        }
        return r;
    }
}
