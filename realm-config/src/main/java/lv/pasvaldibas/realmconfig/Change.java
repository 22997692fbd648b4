package lv.pasvaldibas.realmconfig;

import com.fasterxml.jackson.databind.node.ObjectNode;
import java.util.List;
import java.util.stream.Collectors;

/**
 * One thing realm apply creates, updates or deletes.
 *
 * @param name    the thing's name in realm-config (clientId, role name, alias, group path...)
 * @param owner   for a part of another thing (a client's protocol mapper): the owner's kind and name, else null
 * @param ownerId the owner's id on the platform, null when the owner is not there yet
 * @param id      the thing's id on the platform (updates and deletes), else null
 * @param body    what to send: the wanted representation (create) or the platform's merged with it (update)
 */
public record Change(Action action, Kind kind, String name, String owner, String ownerId, String id,
                     List<FieldDiff> fields, ObjectNode body) {

    public enum Action { CREATE, UPDATE, DELETE }

    public enum Kind {
        REALM("realm settings"),
        ROLE("realm role"),
        CLIENT_SCOPE("client scope"),
        CLIENT_SCOPE_MAPPER("protocol mapper"),
        CLIENT("client"),
        CLIENT_ROLE("client role"),
        CLIENT_MAPPER("protocol mapper"),
        CLIENT_DEFAULT_SCOPE("default client scope"),
        CLIENT_OPTIONAL_SCOPE("optional client scope"),
        GROUP("group"),
        GROUP_ROLE("group realm role"),
        /** A role of a client's service account: a realm role's name, or {@code client/role}. */
        SERVICE_ACCOUNT_ROLE("service account role"),
        ORGANIZATION("organization");

        public final String label;

        Kind(String label) {
            this.label = label;
        }
    }

    /** One line for the operator: {@code update client platform-cli: description: "a" -> "b"}. */
    public String render() {
        String verb = switch (action) {
            case CREATE -> "create";
            case UPDATE -> "update";
            case DELETE -> "delete";
        };
        String what = kind == Kind.REALM ? kind.label : named(kind, name);
        String of = owner == null ? "" : " of " + owner;
        String details = fields.isEmpty() ? "" : ": " + fields.stream().map(FieldDiff::render).collect(Collectors.joining("; "));
        return verb + " " + what + of + details;
    }

    /** How lines name a thing, and its parts their {@link #owner}: {@code client platform-cli}. */
    static String named(Kind kind, String name) {
        return kind.label + " " + name;
    }
}
