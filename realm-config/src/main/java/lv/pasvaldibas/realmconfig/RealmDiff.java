package lv.pasvaldibas.realmconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.JsonNodeFactory;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lv.pasvaldibas.realmconfig.Change.Action;
import lv.pasvaldibas.realmconfig.Change.Kind;

/**
 * The difference between the realm as realm-config describes it and as the platform has it, both in
 * the shape of a realm export (Keycloak's representation). Plain Java over Jackson trees: the admin
 * REST calls that fetch the platform's side and carry out the plan live in {@link KeycloakRealm}.
 * <p>
 * A field counts only where realm-config names it: Keycloak fills in defaults for the rest, and a
 * file that leaves a field out leaves it as it is (decision 56). Lists are compared as sets.
 */
public final class RealmDiff {

    /** Handled one by one below; every other list at the top level is skipped, and said so. */
    private static final Set<String> SECTIONS = Set.of("roles", "clientScopes", "clients", "groups", "organizations");
    /** Owned elsewhere, or not realm settings: never compared. */
    private static final Map<String, String> SKIPPED = Map.of(
            "components", "the user storage component and its children (the directories) are owned by the directory admin API",
            "users", "demo users are imported once; accounts are not realm configuration (a client's service account roles are, and are compared)",
            "id", "", "realm", "");
    /** Keycloak's own and the platform extensions' own: never deleted, never listed as extra. */
    private static final Set<String> BUILT_IN_ROLES = Set.of("offline_access", "uma_authorization");
    private static final Set<String> BUILT_IN_CLIENTS = Set.of("account", "account-console", "admin-cli", "broker",
            "realm-management", "security-admin-console");
    private static final Set<String> BUILT_IN_SCOPES = Set.of("acr", "address", "basic", "email", "microprofile-jwt",
            "offline_access", "organization", "phone", "profile", "role_list", "roles", "saml_organization",
            "service_account", "web-origins", "AuthnContextClassRef", "municipal-trust", "municipal-trust-saml");
    /** Parts of clients and scopes with endpoints of their own, compared separately. */
    private static final Set<String> CLIENT_PARTS = Set.of("id", "protocolMappers", "defaultClientScopes", "optionalClientScopes");
    /** What Keycloak adds to a role, and composites, which are not compared. */
    private static final Set<String> ROLE_PARTS = Set.of("id", "composite", "composites", "containerId", "clientRole");
    private static final Set<String> GROUP_PARTS = Set.of("id", "path", "subGroups", "realmRoles", "clientRoles", "subGroupCount");

    private final boolean delete;
    private final List<Change> changes = new ArrayList<>();
    private final List<Change> deletes = new ArrayList<>();
    private final List<String> kept = new ArrayList<>();
    private final List<String> skipped = new ArrayList<>();

    private RealmDiff(boolean delete) {
        this.delete = delete;
    }

    /** What applying {@code wanted} to {@code actual} takes; deletions only when {@code delete}. */
    public static Plan plan(JsonNode wanted, JsonNode actual, boolean delete) {
        RealmDiff diff = new RealmDiff(delete);
        diff.realm(wanted, actual);
        diff.realmRoles(wanted.path("roles").path("realm"), actual.path("roles").path("realm"), realmName(wanted));
        diff.clientScopes(wanted.path("clientScopes"), actual.path("clientScopes"));
        diff.clients(wanted.path("clients"), actual.path("clients"));
        // after the clients: a new client's roles are created once it exists
        diff.clientRoles(wanted.path("roles").path("client"), actual.path("roles").path("client"), wanted.path("clients"),
                actual.path("clients"));
        diff.groups(wanted.path("groups"), actual.path("groups"), "", null);
        // after the clients and their roles: a new client's service account exists once the client does
        diff.serviceAccountRoles(wanted.path("users"), actual.path("users"), actual.path("clients"));
        diff.organizations(wanted.path("organizations"), actual.path("organizations"));
        List<Change> all = new ArrayList<>(diff.changes);
        // deletions last, parts before their owners
        all.addAll(diff.deletes.reversed());
        return new Plan(List.copyOf(all), List.copyOf(diff.kept), List.copyOf(diff.skipped));
    }

    private static String realmName(JsonNode wanted) {
        return wanted.path("realm").asText();
    }

    private void realm(JsonNode wanted, JsonNode actual) {
        ObjectNode body = JsonNodeFactory.instance.objectNode();
        List<FieldDiff> fields = new ArrayList<>();
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String key = e.getKey();
            if (SECTIONS.contains(key)) {
                continue;
            }
            if (SKIPPED.containsKey(key)) {
                if (!SKIPPED.get(key).isEmpty()) {
                    skipped.add(key + ": " + SKIPPED.get(key));
                }
                continue;
            }
            if (e.getValue().isArray() && e.getValue().size() > 0 && e.getValue().get(0).isObject()) {
                skipped.add(key + ": not compared by realm apply (change it in the admin console, or start afresh)");
                continue;
            }
            int before = fields.size();
            compare(key, e.getValue(), actual.get(key), fields);
            if (fields.size() > before) {
                body.set(key, merged(actual.get(key), e.getValue()));
            }
        }
        if (!fields.isEmpty()) {
            body.put("realm", realmName(wanted));
            changes.add(new Change(Action.UPDATE, Kind.REALM, realmName(wanted), null, null, null, fields, body));
        }
    }

    private void realmRoles(JsonNode wanted, JsonNode actual, String realm) {
        Map<String, JsonNode> have = byKey(actual, "name");
        roles(Kind.ROLE, "roles.realm", wanted, have, null, null);
        have.keySet().removeIf(n -> BUILT_IN_ROLES.contains(n) || n.equals("default-roles-" + realm));
        extras(Kind.ROLE, have, null, null);
    }

    /**
     * The roles of each client that {@code roles.client} names, by clientId. A client it does not name keeps
     * its roles uncompared, as a client without {@code protocolMappers} keeps its mappers.
     */
    private void clientRoles(JsonNode wanted, JsonNode actual, JsonNode wantedClients, JsonNode actualClients) {
        Map<String, JsonNode> platformClients = byKey(actualClients, "clientId");
        Set<String> fileClients = byKey(wantedClients, "clientId").keySet();
        for (Iterator<Map.Entry<String, JsonNode>> it = wanted.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            String clientId = e.getKey();
            JsonNode client = platformClients.get(clientId);
            if (client == null && !fileClients.contains(clientId)) {
                // else its roles would fail half-way through the apply, after the changes before them
                skipped.add("roles.client " + clientId + ": no such client in realm-config or on the platform");
                continue;
            }
            String owner = Change.named(Kind.CLIENT, clientId);
            // a client created by this plan has no id yet: KeycloakRealm finds it by owner
            String ownerId = client == null ? null : client.path("id").asText();
            Map<String, JsonNode> have = byKey(actual.path(clientId), "name");
            roles(Kind.CLIENT_ROLE, "roles.client " + clientId, e.getValue(), have, owner, ownerId);
            // a built-in client's own roles (manage-account, view-users...) are never candidates (decision 56)
            if (!BUILT_IN_CLIENTS.contains(clientId)) {
                extras(Kind.CLIENT_ROLE, have, owner, ownerId);
            }
        }
    }

    /** Creates or updates the roles in {@code wanted}, taking each from {@code have}: what stays there is extra. */
    private void roles(Kind kind, String section, JsonNode wanted, Map<String, JsonNode> have, String owner, String ownerId) {
        for (JsonNode role : wanted) {
            String name = role.path("name").asText();
            if (role.path("composite").asBoolean() || role.has("composites")) {
                skipped.add(section + " " + name + ": composite roles' members are not compared");
            }
            diffOne(kind, name, owner, ownerId, without(role, ROLE_PARTS), have.remove(name));
        }
    }

    private void clientScopes(JsonNode wanted, JsonNode actual) {
        Map<String, JsonNode> have = byKey(actual, "name");
        for (JsonNode scope : wanted) {
            String name = scope.path("name").asText();
            JsonNode existing = have.remove(name);
            if (existing == null) {
                created(Kind.CLIENT_SCOPE, name, null, null, (ObjectNode) scope);
                continue;
            }
            diffOne(Kind.CLIENT_SCOPE, name, null, null, without(scope, CLIENT_PARTS), existing);
            mappers(Kind.CLIENT_SCOPE_MAPPER, scope.path("protocolMappers"), existing.path("protocolMappers"),
                    "client scope " + name, existing.path("id").asText());
        }
        have.keySet().removeIf(BUILT_IN_SCOPES::contains);
        extras(Kind.CLIENT_SCOPE, have, null, null);
    }

    private void clients(JsonNode wanted, JsonNode actual) {
        Map<String, JsonNode> have = byKey(actual, "clientId");
        for (JsonNode client : wanted) {
            String name = client.path("clientId").asText();
            JsonNode existing = have.remove(name);
            if (existing == null) {
                created(Kind.CLIENT, name, null, null, (ObjectNode) client);
                continue;
            }
            String owner = Change.named(Kind.CLIENT, name);
            String id = existing.path("id").asText();
            ObjectNode want = without(client, CLIENT_PARTS);
            if (want.path("publicClient").asBoolean(existing.path("publicClient").asBoolean())) {
                // a public client has no secret: Keycloak keeps none, so there is nothing to compare
                want.remove("secret");
            }
            diffOne(Kind.CLIENT, name, null, null, want, existing);
            mappers(Kind.CLIENT_MAPPER, client.path("protocolMappers"), existing.path("protocolMappers"), owner, id);
            scopeLinks(Kind.CLIENT_DEFAULT_SCOPE, client.path("defaultClientScopes"), existing.path("defaultClientScopes"), owner, id);
            scopeLinks(Kind.CLIENT_OPTIONAL_SCOPE, client.path("optionalClientScopes"), existing.path("optionalClientScopes"), owner, id);
        }
        have.keySet().removeIf(BUILT_IN_CLIENTS::contains);
        extras(Kind.CLIENT, have, null, null);
    }

    private void mappers(Kind kind, JsonNode wanted, JsonNode actual, String owner, String ownerId) {
        if (wanted.isMissingNode()) {
            // realm-config names no mappers here: the platform's stay as they are
            return;
        }
        Map<String, JsonNode> have = byKey(actual, "name");
        for (JsonNode mapper : wanted) {
            String name = mapper.path("name").asText();
            diffOne(kind, name, owner, ownerId, without(mapper, Set.of("id")), have.remove(name));
        }
        extras(kind, have, owner, ownerId);
    }

    /** Links from a client to client scopes, by scope name. */
    private void scopeLinks(Kind kind, JsonNode wanted, JsonNode actual, String owner, String ownerId) {
        if (wanted.isMissingNode()) {
            return;
        }
        Map<String, JsonNode> have = new LinkedHashMap<>();
        actual.forEach(n -> have.put(n.asText(), n));
        for (JsonNode scope : wanted) {
            if (have.remove(scope.asText()) == null) {
                changes.add(new Change(Action.CREATE, kind, scope.asText(), owner, ownerId, null, List.of(), null));
            }
        }
        have.keySet().removeIf(n -> n.startsWith("municipal-trust"));
        extras(kind, have, owner, ownerId);
    }

    private void groups(JsonNode wanted, JsonNode actual, String parentPath, String parentId) {
        Map<String, JsonNode> have = byKey(actual, "name");
        for (JsonNode group : wanted) {
            String name = group.path("name").asText();
            String path = parentPath + "/" + name;
            JsonNode existing = have.remove(name);
            if (existing == null) {
                // its roles and sub-groups are created with it
                changes.add(new Change(Action.CREATE, Kind.GROUP, path, null, parentId, null, List.of(), (ObjectNode) group));
                continue;
            }
            String id = existing.path("id").asText();
            diffOne(Kind.GROUP, path, null, parentId, without(group, GROUP_PARTS), existing);
            if (group.has("clientRoles")) {
                skipped.add("groups " + path + ": client roles of groups are not compared");
            }
            if (group.has("realmRoles")) {
                Map<String, JsonNode> roles = new LinkedHashMap<>();
                existing.path("realmRoles").forEach(r -> roles.put(r.asText(), r));
                for (JsonNode role : group.path("realmRoles")) {
                    if (roles.remove(role.asText()) == null) {
                        changes.add(new Change(Action.CREATE, Kind.GROUP_ROLE, role.asText(), "group " + path, id, null, List.of(), null));
                    }
                }
                roles.keySet().removeIf(r -> r.startsWith("default-roles-"));
                extras(Kind.GROUP_ROLE, roles, "group " + path, id);
            }
            groups(group.path("subGroups"), existing.path("subGroups"), path, id);
        }
        Map<String, JsonNode> extra = new LinkedHashMap<>();
        have.forEach((name, node) -> extra.put(parentPath + "/" + name, node));
        extras(Kind.GROUP, extra, null, parentId);
    }

    /**
     * The roles of each client's service account that realm-config names (a user with
     * {@code serviceAccountClientId}, as in an export): what the client may do is client configuration,
     * unlike the people's accounts. Missing roles are added; the default roles Keycloak gives every
     * account are never extra.
     */
    private void serviceAccountRoles(JsonNode wantedUsers, JsonNode actualUsers, JsonNode actualClients) {
        Map<String, JsonNode> have = new LinkedHashMap<>();
        actualUsers.forEach(u -> {
            if (u.hasNonNull("serviceAccountClientId")) {
                have.put(u.path("serviceAccountClientId").asText(), u);
            }
        });
        Map<String, JsonNode> clients = byKey(actualClients, "clientId");
        for (JsonNode user : wantedUsers) {
            String client = user.path("serviceAccountClientId").asText("");
            if (client.isEmpty()) {
                continue;
            }
            String owner = Change.named(Kind.CLIENT, client);
            String ownerId = clients.containsKey(client) ? clients.get(client).path("id").asText(null) : null;
            Map<String, JsonNode> roles = serviceAccountRoleNames(have.getOrDefault(client, JsonNodeFactory.instance.objectNode()));
            for (String role : serviceAccountRoleNames(user).keySet()) {
                if (roles.remove(role) == null) {
                    changes.add(new Change(Action.CREATE, Kind.SERVICE_ACCOUNT_ROLE, role, owner, ownerId, null, List.of(), null));
                }
            }
            roles.keySet().removeIf(r -> r.startsWith("default-roles-"));
            extras(Kind.SERVICE_ACCOUNT_ROLE, roles, owner, ownerId);
        }
    }

    /** An export-shaped user's realm roles by name and client roles as {@code client/role}. */
    private static Map<String, JsonNode> serviceAccountRoleNames(JsonNode user) {
        Map<String, JsonNode> names = new LinkedHashMap<>();
        user.path("realmRoles").forEach(r -> names.put(r.asText(), r));
        for (Iterator<Map.Entry<String, JsonNode>> it = user.path("clientRoles").fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> client = it.next();
            client.getValue().forEach(r -> names.put(client.getKey() + "/" + r.asText(), r));
        }
        return names;
    }

    private void organizations(JsonNode wanted, JsonNode actual) {
        Map<String, JsonNode> have = byKey(actual, "alias");
        for (JsonNode org : wanted) {
            String alias = org.path("alias").asText();
            diffOne(Kind.ORGANIZATION, alias, null, null, without(org, Set.of("id", "members", "identityProviders")), have.remove(alias));
            if (org.has("members") || org.has("identityProviders")) {
                skipped.add("organizations " + alias + ": members and identity providers are not compared");
            }
        }
        extras(Kind.ORGANIZATION, have, null, null);
    }

    /** Creates {@code want}, or updates {@code existing} where it differs. */
    private void diffOne(Kind kind, String name, String owner, String ownerId, ObjectNode want, JsonNode existing) {
        if (existing == null) {
            created(kind, name, owner, ownerId, want);
            return;
        }
        List<FieldDiff> fields = new ArrayList<>();
        compare(null, want, existing, fields);
        if (!fields.isEmpty()) {
            ObjectNode body = (ObjectNode) merged(existing, want);
            // parts with endpoints of their own are not sent with their owner
            body.remove(kind == Kind.GROUP ? List.of("subGroups", "realmRoles", "clientRoles", "subGroupCount")
                    : List.of("protocolMappers", "defaultClientScopes", "optionalClientScopes"));
            changes.add(new Change(Action.UPDATE, kind, name, owner, ownerId, existing.path("id").asText(null), fields, body));
        }
    }

    private void created(Kind kind, String name, String owner, String ownerId, ObjectNode want) {
        changes.add(new Change(Action.CREATE, kind, name, owner, ownerId, null, List.of(), want));
    }

    private void extras(Kind kind, Map<String, JsonNode> extra, String owner, String ownerId) {
        extra.forEach((name, node) -> {
            if (delete) {
                String id = node.isObject() ? node.path("id").asText(null) : null;
                deletes.add(new Change(Action.DELETE, kind, name, owner, ownerId, id, List.of(), null));
            } else {
                kept.add(kind.label + " " + name + (owner == null ? "" : " of " + owner));
            }
        });
    }

    // ------------------------------------------------------------------ comparison

    /** Adds a difference for every field {@code want} names that {@code have} holds otherwise. */
    static void compare(String path, JsonNode want, JsonNode have, List<FieldDiff> out) {
        if (want == null || want.isNull()) {
            return;
        }
        if (want.isObject() && have != null && have.isObject()) {
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                compare(path == null ? e.getKey() : path + "." + e.getKey(), e.getValue(), have.get(e.getKey()), out);
            }
            return;
        }
        if (!same(want, have)) {
            out.add(new FieldDiff(path, have, want));
        }
    }

    /** Equal as far as {@code want} says: objects as subsets, lists as sets, scalars by their text. */
    static boolean same(JsonNode want, JsonNode have) {
        if (have == null || have.isNull() || have.isMissingNode()) {
            return empty(want);
        }
        if (want.isObject()) {
            if (!have.isObject()) {
                return false;
            }
            for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
                Map.Entry<String, JsonNode> e = it.next();
                if (!same(e.getValue(), have.get(e.getKey()))) {
                    return false;
                }
            }
            return true;
        }
        if (want.isArray()) {
            if (!have.isArray() || want.size() != have.size()) {
                return false;
            }
            List<JsonNode> unmatched = new ArrayList<>();
            have.forEach(unmatched::add);
            for (JsonNode w : want) {
                JsonNode match = unmatched.stream().filter(h -> same(w, h)).findFirst().orElse(null);
                if (match == null) {
                    return false;
                }
                unmatched.remove(match);
            }
            return true;
        }
        return !have.isContainerNode() && want.asText().equals(have.asText());
    }

    private static boolean empty(JsonNode want) {
        return want.isNull() || (want.isContainerNode() && want.isEmpty()) || (want.isTextual() && want.asText().isEmpty());
    }

    /** The platform's representation with realm-config's fields laid over it (lists replaced, objects merged). */
    static JsonNode merged(JsonNode have, JsonNode want) {
        if (have == null || !have.isObject() || !want.isObject()) {
            return want.deepCopy();
        }
        ObjectNode out = ((ObjectNode) have).deepCopy();
        for (Iterator<Map.Entry<String, JsonNode>> it = want.fields(); it.hasNext(); ) {
            Map.Entry<String, JsonNode> e = it.next();
            out.set(e.getKey(), merged(have.get(e.getKey()), e.getValue()));
        }
        return out;
    }

    private static Map<String, JsonNode> byKey(JsonNode list, String key) {
        Map<String, JsonNode> out = new LinkedHashMap<>();
        list.forEach(n -> out.put(n.path(key).asText(), n));
        return out;
    }

    private static ObjectNode without(JsonNode node, Set<String> fields) {
        ObjectNode copy = ((ObjectNode) node).deepCopy();
        copy.remove(fields);
        return copy;
    }
}
