package lv.pasvaldibas.vpvkac.access;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is asking, as their platform token says: username, the municipality whose centres they work
 * for, their VPVKAC roles there, and what trusts of other municipalities grant them on those
 * municipalities' data ({@code grants}: municipality → roles; the token's {@code trust_grants}).
 * A caller sees only the records of municipalities where they hold a role; a case of another
 * municipality is "not found", never "forbidden", so ids tell nothing.
 */
public record Caller(String username, String municipality, Set<Role> roles, Map<String, Set<Role>> grants) {

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

        static Optional<Role> named(String roleName) {
            for (Role role : values()) {
                if (role.roleName.equals(roleName)) {
                    return Optional.of(role);
                }
            }
            return Optional.empty();
        }
    }

    public Caller {
        Objects.requireNonNull(username, "username");
        roles = Set.copyOf(roles);
        Map<String, Set<Role>> kept = new TreeMap<>();
        grants.forEach((granting, granted) -> {
            Set<Role> usable = EnumSet.noneOf(Role.class);
            usable.addAll(granted);
            usable.remove(Role.ADMIN); // administering a municipality's catalogue and centres is never lent
            if (!usable.isEmpty() && !granting.equals(municipality)) {
                kept.put(granting, Set.copyOf(usable));
            }
        });
        grants = Map.copyOf(kept);
    }

    /** A caller with no trust grants. */
    public Caller(String username, String municipality, Set<Role> roles) {
        this(username, municipality, roles, Map.of());
    }

    /** The grants of a token's {@code trust_grants} claim; role names this application does not know are left out. */
    public static Map<String, Set<Role>> grantsOf(Map<String, ? extends Collection<String>> claim) {
        Map<String, Set<Role>> grants = new TreeMap<>();
        claim.forEach((granting, names) -> {
            Set<Role> granted = EnumSet.noneOf(Role.class);
            names.forEach(name -> Role.named(name).ifPresent(granted::add));
            grants.put(granting, granted);
        });
        return grants;
    }

    /** The roles in the caller's own municipality. */
    public boolean has(Role role) {
        return roles.contains(role);
    }

    /** The caller's roles over {@code owner}'s records: their own roles at home, else what a trust grants. */
    public Set<Role> rolesIn(String owner) {
        if (owner == null) {
            return Set.of();
        }
        return owner.equals(municipality) ? roles : grants.getOrDefault(owner, Set.of());
    }

    /** Works cases of {@code owner} (specialists and supervisors): may register and move them. */
    public boolean worksCasesIn(String owner) {
        Set<Role> in = rolesIn(owner);
        return in.contains(Role.SPECIALIST) || in.contains(Role.SUPERVISOR);
    }

    /**
     * The municipalities whose cases this caller works ({@link #worksCasesIn}): their own, with a
     * specialist's or supervisor's role there, and those a trust lends them such a role on. What the
     * pages offer to register and move follows this, never {@link #has}, which is about home alone.
     */
    public Set<String> caseWorkMunicipalities() {
        Set<String> working = new TreeSet<>();
        visibleMunicipalities().stream().filter(this::worksCasesIn).forEach(working::add);
        return working;
    }

    /** Whether a record of {@code owner} (a municipality) is visible to this caller at all. */
    public boolean sees(String owner) {
        return !rolesIn(owner).isEmpty();
    }

    /** The municipalities whose records this caller sees: their own (with a role) and those granted. */
    public Set<String> visibleMunicipalities() {
        Set<String> visible = new TreeSet<>(grants.keySet());
        if (municipality != null && !roles.isEmpty()) {
            visible.add(municipality);
        }
        return visible;
    }
}
