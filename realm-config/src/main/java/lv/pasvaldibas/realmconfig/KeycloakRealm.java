package lv.pasvaldibas.realmconfig;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.HashMap;
import java.util.Map;

/**
 * The glue between {@link RealmDiff} and a running Keycloak: fetches the realm in the shape of an
 * export, and carries out a plan's changes through the admin REST API.
 */
final class KeycloakRealm {

    private final AdminClient admin;
    private final String realm;
    private Map<String, String> scopeIds;
    /** Ids of the clients this run created, by {@link Change#owner()}: the plan made their roles before they had one. */
    private final Map<String, String> createdClientIds = new HashMap<>();

    KeycloakRealm(AdminClient admin, String realm) {
        this.admin = admin;
        this.realm = AdminClient.enc(realm);
    }

    /** The realm as the platform has it; null when it does not exist. */
    JsonNode fetch() throws IOException, InterruptedException {
        ObjectNode actual;
        try {
            actual = (ObjectNode) admin.get(realm);
        } catch (AdminClient.AdminException e) {
            if (e.getMessage().contains("HTTP 404")) {
                return null;
            }
            throw e;
        }
        ObjectNode roles = actual.putObject("roles");
        roles.set("realm", admin.get(realm + "/roles?briefRepresentation=false&max=-1"));
        ObjectNode clientRoles = roles.putObject("client");
        actual.set("clientScopes", admin.get(realm + "/client-scopes"));
        ArrayNode clients = (ArrayNode) admin.get(realm + "/clients?max=-1");
        ArrayNode serviceAccounts = actual.putArray("users");
        for (JsonNode client : clients) {
            String id = client.path("id").asText();
            clientRoles.set(client.path("clientId").asText(), admin.get(realm + "/clients/" + id + "/roles?briefRepresentation=false&max=-1"));
            ((ObjectNode) client).set("defaultClientScopes", names(admin.get(realm + "/clients/" + id + "/default-client-scopes")));
            ((ObjectNode) client).set("optionalClientScopes", names(admin.get(realm + "/clients/" + id + "/optional-client-scopes")));
            if (!client.path("publicClient").asBoolean() && !client.path("bearerOnly").asBoolean()) {
                // the list may leave the secret out or mask it: compared (never shown) from its own endpoint
                ((ObjectNode) client).set("secret", admin.get(realm + "/clients/" + id + "/client-secret").path("value"));
            }
            if (client.path("serviceAccountsEnabled").asBoolean()) {
                serviceAccounts.add(serviceAccount(client.path("clientId").asText(), id));
            }
        }
        actual.set("clients", clients);
        actual.set("groups", groups(admin.get(realm + "/groups?briefRepresentation=false&max=-1")));
        actual.set("organizations", actual.path("organizationsEnabled").asBoolean()
                ? admin.get(realm + "/organizations?briefRepresentation=false&max=-1") : AdminClient.JSON.createArrayNode());
        return actual;
    }

    /** A client's service account as an export has it: {@code serviceAccountClientId}, realm roles and client roles by name. */
    private ObjectNode serviceAccount(String clientId, String clientUuid) throws IOException, InterruptedException {
        JsonNode user = admin.get(realm + "/clients/" + clientUuid + "/service-account-user");
        JsonNode mappings = admin.get(realm + "/users/" + user.path("id").asText() + "/role-mappings");
        ObjectNode out = AdminClient.JSON.createObjectNode().put("username", user.path("username").asText())
                .put("serviceAccountClientId", clientId);
        out.set("realmRoles", names(mappings.path("realmMappings")));
        ObjectNode clientRoles = out.putObject("clientRoles");
        mappings.path("clientMappings").forEach(c -> clientRoles.set(c.path("client").asText(), names(c.path("mappings"))));
        return out;
    }

    private ArrayNode groups(JsonNode list) throws IOException, InterruptedException {
        ArrayNode out = AdminClient.JSON.createArrayNode();
        for (JsonNode g : list) {
            ObjectNode group = (ObjectNode) g;
            String id = group.path("id").asText();
            group.set("realmRoles", names(admin.get(realm + "/groups/" + id + "/role-mappings/realm")));
            group.set("subGroups", groups(admin.get(realm + "/groups/" + id + "/children?briefRepresentation=false&max=-1")));
            out.add(group);
        }
        return out;
    }

    private static ArrayNode names(JsonNode list) {
        ArrayNode out = AdminClient.JSON.createArrayNode();
        list.forEach(n -> out.add(n.path("name").asText()));
        return out;
    }

    void apply(Change c) throws IOException, InterruptedException {
        String r = realm;
        switch (c.kind()) {
            case REALM -> admin.put(r, c.body());
            case ROLE -> simple(c, r + "/roles", r + "/roles-by-id/" + c.id());
            case CLIENT_SCOPE -> {
                simple(c, r + "/client-scopes", r + "/client-scopes/" + c.id());
                scopeIds = null;
            }
            case CLIENT_SCOPE_MAPPER -> simple(c, r + "/client-scopes/" + c.ownerId() + "/protocol-mappers/models",
                    r + "/client-scopes/" + c.ownerId() + "/protocol-mappers/models/" + c.id());
            case CLIENT -> {
                if (c.action() == Change.Action.CREATE) {
                    createdClientIds.put(Change.named(Change.Kind.CLIENT, c.name()), admin.post(r + "/clients", c.body()));
                } else {
                    simple(c, r + "/clients", r + "/clients/" + c.id());
                }
            }
            case CLIENT_ROLE -> {
                String clientUuid = c.ownerId() != null ? c.ownerId() : createdClientIds.get(c.owner());
                simple(c, r + "/clients/" + clientUuid + "/roles", r + "/roles-by-id/" + c.id());
            }
            case CLIENT_MAPPER -> simple(c, r + "/clients/" + c.ownerId() + "/protocol-mappers/models",
                    r + "/clients/" + c.ownerId() + "/protocol-mappers/models/" + c.id());
            case CLIENT_DEFAULT_SCOPE, CLIENT_OPTIONAL_SCOPE -> {
                String which = c.kind() == Change.Kind.CLIENT_DEFAULT_SCOPE ? "default" : "optional";
                String path = r + "/clients/" + c.ownerId() + "/" + which + "-client-scopes/" + scopeId(c.name());
                if (c.action() == Change.Action.DELETE) {
                    admin.delete(path, null);
                } else {
                    admin.put(path, null);
                }
            }
            case GROUP -> {
                if (c.action() == Change.Action.CREATE) {
                    createGroup(c.body(), c.ownerId());
                } else {
                    simple(c, null, r + "/groups/" + c.id());
                }
            }
            case GROUP_ROLE -> {
                ArrayNode roles = AdminClient.JSON.createArrayNode().add(admin.get(r + "/roles/" + AdminClient.enc(c.name())));
                String path = r + "/groups/" + c.ownerId() + "/role-mappings/realm";
                if (c.action() == Change.Action.DELETE) {
                    admin.delete(path, roles);
                } else {
                    admin.post(path, roles);
                }
            }
            case SERVICE_ACCOUNT_ROLE -> serviceAccountRole(c);
            case ORGANIZATION -> simple(c, r + "/organizations", r + "/organizations/" + c.id());
        }
    }

    /** Gives or takes one role of a client's service account ({@link Change.Kind#SERVICE_ACCOUNT_ROLE}: {@code role} or {@code client/role}). */
    private void serviceAccountRole(Change c) throws IOException, InterruptedException {
        String clientUuid = c.ownerId() != null ? c.ownerId() : createdClientIds.get(c.owner());
        String user = admin.get(realm + "/clients/" + clientUuid + "/service-account-user").path("id").asText();
        int slash = c.name().indexOf('/');
        String path;
        ArrayNode roles = AdminClient.JSON.createArrayNode();
        if (slash < 0) {
            path = realm + "/users/" + user + "/role-mappings/realm";
            roles.add(admin.get(realm + "/roles/" + AdminClient.enc(c.name())));
        } else {
            String clientName = c.name().substring(0, slash);
            JsonNode roleClient = admin.get(realm + "/clients?clientId=" + AdminClient.enc(clientName)).path(0);
            if (roleClient.isMissingNode()) {
                throw new AdminClient.AdminException("client " + clientName + " does not exist / klienta " + clientName + " nav");
            }
            String roleClientId = roleClient.path("id").asText();
            path = realm + "/users/" + user + "/role-mappings/clients/" + roleClientId;
            roles.add(admin.get(realm + "/clients/" + roleClientId + "/roles/" + AdminClient.enc(c.name().substring(slash + 1))));
        }
        if (c.action() == Change.Action.DELETE) {
            admin.delete(path, roles);
        } else {
            admin.post(path, roles);
        }
    }

    private void simple(Change c, String collection, String item) throws IOException, InterruptedException {
        switch (c.action()) {
            case CREATE -> admin.post(collection, c.body());
            case UPDATE -> admin.put(item, c.body());
            case DELETE -> admin.delete(item, null);
        }
    }

    /** A group with its realm roles and sub-groups. */
    private void createGroup(ObjectNode group, String parentId) throws IOException, InterruptedException {
        ObjectNode body = group.deepCopy();
        body.remove(java.util.List.of("subGroups", "realmRoles", "clientRoles"));
        String id = admin.post(parentId == null ? realm + "/groups" : realm + "/groups/" + parentId + "/children", body);
        if (group.has("realmRoles")) {
            ArrayNode roles = AdminClient.JSON.createArrayNode();
            for (JsonNode role : group.path("realmRoles")) {
                roles.add(admin.get(realm + "/roles/" + AdminClient.enc(role.asText())));
            }
            admin.post(realm + "/groups/" + id + "/role-mappings/realm", roles);
        }
        for (JsonNode sub : group.path("subGroups")) {
            createGroup((ObjectNode) sub, id);
        }
    }

    private String scopeId(String name) throws IOException, InterruptedException {
        if (scopeIds == null) {
            scopeIds = new HashMap<>();
            admin.get(realm + "/client-scopes").forEach(s -> scopeIds.put(s.path("name").asText(), s.path("id").asText()));
        }
        String id = scopeIds.get(name);
        if (id == null) {
            throw new AdminClient.AdminException("client scope " + name + " does not exist / klienta tvēruma " + name + " nav");
        }
        return id;
    }
}
