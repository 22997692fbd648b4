package lv.pasvaldibas.trust;

import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * Who may sign in to which client (DESIGN.md §3 "Client ownership and the access decision"). For
 * user U of directory D of municipality M and client C owned by O: allowed if C is platform-wide
 * or O = M; else only through ACTIVE trusts from O that cover C and accept U, and then with only
 * the roles those trusts grant; else denied, naming O.
 * <p>
 * A trust from O to directory D2 of municipality M2 reaches D's users too (path length 2) when it
 * and a trust from M2 to D both say {@code transitive}: U must be accepted by both edges' group
 * rules (group names compared as they are), C must be covered by O's edge, and the roles are those
 * O's edge grants. Longer paths never count.
 * <p>
 * A platform-wide client that serves every municipality's data (VPVKAC) is open to all, but a trust
 * covering it still means something: the trusting municipality lets the accepted users work on its
 * data there with the granted roles. {@link #grantsOnSharedClient} answers that, one answer per
 * trusting municipality, and the client enforces it on its data.
 * <p>
 * Built once per set of trusts (indexed by resource side) and then safe to share between threads.
 */
public final class AccessDecision {

    /** What the user is, and where they want to go. {@code clientOwner} null: a platform-wide client. */
    public record Request(String userMunicipality, String userDirectory, Set<String> userGroups, String clientId, String clientOwner) {
    }

    public sealed interface Access {
        /** The client is the user's own municipality's or platform-wide: the user's own roles apply. */
        record Home() implements Access {
        }

        /** Through trusts: only {@code roles} (client roles of the client) apply. */
        record ViaTrust(List<String> trustIds, Set<String> roles) implements Access {
        }

        /** Refused: {@code resourceMunicipality} does not accept this user for this client. */
        record Denied(String resourceMunicipality) implements Access {
        }
    }

    private final Map<String, List<Trust>> byResourceSide = new HashMap<>();
    private final Map<String, String> municipalityOfDirectory;

    /** @param municipalityOfDirectory directory id → its municipality, for transitive paths */
    public AccessDecision(Collection<Trust> trusts, Map<String, String> municipalityOfDirectory) {
        for (Trust t : trusts) {
            byResourceSide.computeIfAbsent(t.trustingMunicipality(), k -> new ArrayList<>()).add(t);
        }
        this.municipalityOfDirectory = Map.copyOf(municipalityOfDirectory);
    }

    public Access decide(Request r, Instant now) {
        if (r.clientOwner() == null || r.clientOwner().equals(r.userMunicipality())) {
            return new Access.Home();
        }
        return throughTrusts(r, r.clientOwner(), now);
    }

    /**
     * For a platform-wide client ({@code r.clientOwner()} null): by municipality, what the ACTIVE trusts
     * of other municipalities that cover the client grant this user there (same rules as
     * {@link #decide}, transitive paths included). Empty when none does.
     */
    public Map<String, Access.ViaTrust> grantsOnSharedClient(Request r, Instant now) {
        if (r.clientOwner() != null) {
            throw new IllegalArgumentException("client " + r.clientId() + " belongs to " + r.clientOwner() + ": use decide");
        }
        Map<String, Access.ViaTrust> grants = new java.util.TreeMap<>();
        for (String trusting : byResourceSide.keySet()) {
            if (!trusting.equals(r.userMunicipality()) && throughTrusts(r, trusting, now) instanceof Access.ViaTrust via) {
                grants.put(trusting, via);
            }
        }
        return grants;
    }

    private Access throughTrusts(Request r, String resourceMunicipality, Instant now) {
        List<String> ids = new ArrayList<>();
        Set<String> roles = new TreeSet<>();
        for (Trust first : byResourceSide.getOrDefault(resourceMunicipality, List.of())) {
            Set<String> granted = first.grantedRoles().get(r.clientId());
            if (granted == null || !first.grantsAt(now)) {
                continue;
            }
            if (first.trustedDirectory().equals(r.userDirectory())) {
                if (first.accepts(r.userGroups())) {
                    ids.add(first.id());
                    roles.addAll(granted);
                }
            } else if (first.transitive() && first.accepts(r.userGroups())) {
                String middle = municipalityOfDirectory.get(first.trustedDirectory());
                for (Trust second : byResourceSide.getOrDefault(middle, List.of())) {
                    if (second.transitive() && second.grantsAt(now) && second.trustedDirectory().equals(r.userDirectory())
                            && second.accepts(r.userGroups())) {
                        ids.add(first.id() + ">" + second.id());
                        roles.addAll(granted);
                    }
                }
            }
        }
        return ids.isEmpty() ? new Access.Denied(resourceMunicipality) : new Access.ViaTrust(List.copyOf(ids), Set.copyOf(roles));
    }
}
