package lv.pasvaldibas.provisioning.access;

import java.util.Collection;
import java.util.EnumSet;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;

/**
 * Who is asking, from a checked platform token: username, home municipality, the daemon's roles
 * there, and what trusts of other municipalities lend them ({@code grants}: municipality → roles).
 * A server of a municipality the caller may not view is "not found", never "forbidden", so
 * guessed ids tell nothing. Platform operators view every municipality's servers and run the hosts;
 * changing a municipality's servers takes an operator's role in that municipality.
 */
public record Caller(String username, String municipality, Set<Role> roles, Map<String, Set<Role>> grants) {

    public Caller {
        Objects.requireNonNull(username, "username");
        roles = roles.isEmpty() ? Set.of() : Set.copyOf(EnumSet.copyOf(roles));
        Map<String, Set<Role>> kept = new TreeMap<>();
        grants.forEach((granting, granted) -> {
            Set<Role> usable = EnumSet.noneOf(Role.class);
            usable.addAll(granted);
            usable.remove(Role.PLATFORM_OPERATOR); // running the platform's hosts is never lent
            if (!usable.isEmpty() && !granting.equals(municipality)) {
                kept.put(granting, Set.copyOf(usable));
            }
        });
        grants = Map.copyOf(kept);
    }

    /** The grants of a token's {@code trust_grants} claim; role names the daemon does not know are left out. */
    public static Map<String, Set<Role>> grantsOf(Map<String, ? extends Collection<String>> claim) {
        Map<String, Set<Role>> grants = new TreeMap<>();
        claim.forEach((granting, names) -> {
            Set<Role> granted = EnumSet.noneOf(Role.class);
            names.forEach(name -> Role.named(name).ifPresent(granted::add));
            grants.put(granting, granted);
        });
        return grants;
    }

    public boolean isPlatformOperator() {
        return roles.contains(Role.PLATFORM_OPERATOR);
    }

    /** The caller's roles over {@code owner}'s servers: their own at home, else what a trust lends. */
    public Set<Role> rolesIn(String owner) {
        if (owner == null) {
            return Set.of();
        }
        return owner.equals(municipality) ? roles : grants.getOrDefault(owner, Set.of());
    }

    public boolean views(String owner) {
        Set<Role> in = rolesIn(owner);
        return isPlatformOperator() || in.contains(Role.VIEWER) || in.contains(Role.OPERATOR);
    }

    public boolean operates(String owner) {
        return rolesIn(owner).contains(Role.OPERATOR);
    }

    /**
     * The municipalities whose servers a list shows: all ({@code null}) for a platform operator,
     * else home and those a trust lends a role on.
     */
    public Set<String> viewableMunicipalities() {
        if (isPlatformOperator()) {
            return null;
        }
        Set<String> visible = new TreeSet<>();
        if (municipality != null && views(municipality)) {
            visible.add(municipality);
        }
        grants.keySet().stream().filter(this::views).forEach(visible::add);
        return visible;
    }
}
