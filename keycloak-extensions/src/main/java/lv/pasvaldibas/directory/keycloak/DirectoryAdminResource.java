package lv.pasvaldibas.directory.keycloak;

import jakarta.ws.rs.GET;
import jakarta.ws.rs.POST;
import jakarta.ws.rs.Path;
import jakarta.ws.rs.PathParam;
import jakarta.ws.rs.Produces;
import jakarta.ws.rs.QueryParam;
import jakarta.ws.rs.core.MediaType;
import jakarta.ws.rs.core.Response;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.InvalidLoginNameException;
import lv.pasvaldibas.directory.LoginName;
import lv.pasvaldibas.directory.Route;
import lv.pasvaldibas.directory.ldap.DirectoryUnavailableException;
import lv.pasvaldibas.directory.ldap.LdapDirectory;
import lv.pasvaldibas.platform.keycloak.ApiErrors;
import lv.pasvaldibas.platform.keycloak.MunicipalAdmin;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * {@code /realms/{realm}/municipal-directories}: the directories of the realm, their servers' health,
 * a connection test, and "which directory would handle this name, and why". For realm administrators
 * (all directories) and municipal LDAP admins (the directories of their own municipality, as their
 * own account's {@code municipality} says), with a bearer token of the realm.
 */
public final class DirectoryAdminResource {


    private final KeycloakSession session;
    private final DirectoryConnections connections;

    DirectoryAdminResource(KeycloakSession session, DirectoryConnections connections) {
        this.session = session;
        this.connections = connections;
    }

    /** Who is asking: their municipality, or null for a realm administrator who sees every one. */
    private record Caller(DirectoryRegistry registry, String municipality) {
        /** A directory removed since (null) only platform-wide callers see. */
        boolean sees(DirectoryConfig directory) {
            return municipality == null || directory != null && municipality.equals(directory.municipality());
        }
    }

    @GET
    @Path("route")
    @Produces(MediaType.APPLICATION_JSON)
    public Response route(@QueryParam("name") String name) {
        DirectoryRegistry registry = authorized().registry();
        LoginName parsed;
        try {
            parsed = LoginName.parse(name);
        } catch (InvalidLoginNameException e) {
            return ApiErrors.of(Response.Status.BAD_REQUEST, "Nederīgs pieslēgšanās vārds / Invalid sign-in name: " + e.getMessage());
        }
        Route route = registry.router().route(parsed);
        Map<String, Object> body = new LinkedHashMap<>();
        body.put("form", parsed.kind().name());
        body.put("reason", route.reason());
        if (route instanceof Route.Home home) {
            body.put("directory", home.directory().id());
            body.put("municipality", home.directory().municipality());
        } else if (route instanceof Route.AnyOf anyOf) {
            body.put("candidates", anyOf.candidates().stream().map(DirectoryConfig::id).toList());
        }
        return Response.ok(body).build();
    }

    @GET
    @Path("directories")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> directories() {
        Caller caller = authorized();
        DirectoryRegistry registry = caller.registry();
        List<Map<String, Object>> out = new ArrayList<>();
        registry.byId().values().stream().filter(caller::sees)
                .sorted(java.util.Comparator.comparing(DirectoryConfig::id)).forEach(config -> {
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("id", config.id());
            d.put("municipality", config.municipality());
            d.put("dialect", config.dialect());
            d.put("active", config.active());
            // why an active directory is not used: it claims another's names (decision 47); absent when it is used
            String conflict = registry.router().excluded().get(config.id());
            if (conflict != null) {
                d.put("conflict", conflict);
            }
            d.put("domains", config.domains());
            d.put("netbiosName", config.netbiosName());
            d.put("tls", config.tlsMode().name());
            // last error per server, empty when it answered; the secret is never part of this
            d.put("servers", pool(registry, config).serverErrors());
            out.add(d);
        });
        return out;
    }

    /**
     * Each visible directory's last or current sync: kind, state, accounts done and what became of
     * them, when it started, last moved and ended, and why it failed. A running sync whose
     * {@code updatedAt} is older than {@link DirectorySync#ABANDONED_AFTER} was abandoned; the next
     * sync of its kind goes on from {@code accounts}.
     */
    @GET
    @Path("sync")
    @Produces(MediaType.APPLICATION_JSON)
    public List<Map<String, Object>> sync() {
        Caller caller = authorized();
        List<Map<String, Object>> out = new ArrayList<>();
        DirectorySync.progress(session, session.getContext().getRealm().getId()).forEach((directoryId, progress) -> {
            DirectoryConfig config = caller.registry().byId().get(directoryId);
            if (!caller.sees(config)) {
                return;
            }
            Map<String, Object> d = new LinkedHashMap<>();
            d.put("directory", directoryId);
            d.put("kind", progress.kind().name().toLowerCase(java.util.Locale.ROOT));
            d.put("state", progress.state().name().toLowerCase(java.util.Locale.ROOT));
            d.put("accounts", progress.position());
            d.put("added", progress.added());
            d.put("updated", progress.updated());
            d.put("removed", progress.removed());
            d.put("failed", progress.failed());
            d.put("startedAt", progress.startedAt().toString());
            d.put("updatedAt", progress.updatedAt().toString());
            if (progress.finishedAt() != null) {
                d.put("finishedAt", progress.finishedAt().toString());
            }
            if (progress.error() != null) {
                d.put("error", progress.error());
            }
            out.add(d);
        });
        return out;
    }

    @POST
    @Path("directories/{id}/test")
    @Produces(MediaType.APPLICATION_JSON)
    public Response test(@PathParam("id") String id) {
        Caller caller = authorized();
        DirectoryRegistry registry = caller.registry();
        DirectoryConfig config = registry.byId().get(id);
        // another municipality's directory is answered as if it did not exist
        if (config == null || !caller.sees(config)) {
            return ApiErrors.of(Response.Status.NOT_FOUND, "Šāda direktorija nav / No such directory");
        }
        long start = System.nanoTime();
        try {
            pool(registry, config).testConnection();
            return Response.ok(Map.of("ok", true, "millis", (System.nanoTime() - start) / 1_000_000)).build();
        } catch (DirectoryUnavailableException | IllegalStateException e) {
            return Response.ok(Map.of("ok", false, "error", e.getMessage())).build();
        }
    }

    private LdapDirectory pool(DirectoryRegistry registry, DirectoryConfig config) {
        return connections.get(registry.componentIdByDirectory().get(config.id()), config);
    }

    private Caller authorized() {
        RealmModel realm = session.getContext().getRealm();
        MunicipalAdmin admin = MunicipalAdmin.of(session);
        DirectoryRegistry registry = DirectoryRegistry.storageComponent(realm).map(storage -> DirectoryRegistry.load(realm, storage))
                .orElseThrow(() -> new jakarta.ws.rs.NotFoundException("This realm has no municipal directories"));
        return new Caller(registry, admin.municipality());
    }
}
