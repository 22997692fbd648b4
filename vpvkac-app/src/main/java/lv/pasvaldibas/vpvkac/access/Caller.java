package lv.pasvaldibas.vpvkac.access;

import java.util.Objects;
import java.util.Set;

/**
 * Who is asking, as their platform token says: username, the municipality whose centres they work
 * for, and their VPVKAC roles. A caller sees only their own municipality's clients and cases; a
 * case of another municipality is "not found", never "forbidden", so ids tell nothing.
 */
public record Caller(String username, String municipality, Set<Role> roles) {

    /** The application's roles, as realm roles of the platform (directory groups map to them). */
    public enum Role {
        SPECIALIST("vpvkac-specialist"), SUPERVISOR("vpvkac-supervisor"), ADMIN("vpvkac-admin");

        private final String roleName;

        Role(String roleName) {
            this.roleName = roleName;
        }

        public String roleName() {
            return roleName;
        }
    }

    public Caller {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
    }

    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** Works cases (specialists and supervisors): may register and move them. */
    public boolean worksCases() {
        return has(Role.SPECIALIST) || has(Role.SUPERVISOR);
    }

    /** Whether a record of {@code owner} (a municipality) is visible to this caller at all. */
    public boolean sees(String owner) {
        return municipality != null && municipality.equals(owner);
    }
}
