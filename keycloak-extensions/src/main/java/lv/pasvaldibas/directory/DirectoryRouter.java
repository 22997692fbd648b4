package lv.pasvaldibas.directory;

import java.util.ArrayList;
import java.util.Collection;
import java.util.HashMap;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * Routes a sign-in name to its home directory in O(1): by DNS domain for {@code name@domain} and
 * e-mail, by NetBIOS name for {@code DOMAIN\name}, to the default directory (or to all active ones)
 * for a bare name. Suspended directories are not routed to. Immutable; build one per registry version.
 * <p>
 * A domain or NetBIOS name belongs to one directory. Saving a directory that claims another's is
 * refused ({@link #conflicts}); should two claimants still meet here (a race, an import), the one
 * registered first keeps its names and the later one is left out whole ({@link #excluded()}): a bad
 * entry costs only that directory, never everyone's sign-in (decision 47).
 */
public final class DirectoryRouter {

    private final Map<String, DirectoryConfig> byDomain = new HashMap<>();
    private final Map<String, DirectoryConfig> byNetbios = new HashMap<>();
    private final Map<String, String> excluded = new LinkedHashMap<>();
    private final Map<String, DirectoryConfig> byId = new HashMap<>();
    private final List<DirectoryConfig> active;
    private final DirectoryConfig defaultDirectory;

    /**
     * @param directories        in order of registration: on a conflict the earlier one wins
     * @param defaultDirectoryId directory for bare names, or null to ask every active directory
     */
    public DirectoryRouter(Collection<DirectoryConfig> directories, String defaultDirectoryId) {
        List<DirectoryConfig> routed = new ArrayList<>();
        Set<String> ids = new HashSet<>();
        for (DirectoryConfig d : directories) {
            if (!d.active()) {
                continue;
            }
            List<String> problems = claimsOf(d, byDomain, byNetbios);
            if (!ids.add(d.id())) {
                problems.add("directory id " + d.id() + " is registered twice");
            }
            if (problems.isEmpty()) {
                d.domains().forEach(domain -> byDomain.put(domain, d));
                if (!d.netbiosName().isEmpty()) {
                    byNetbios.put(d.netbiosName(), d);
                }
                routed.add(d);
            } else {
                excluded.put(d.id(), String.join("; ", problems));
            }
        }
        this.active = List.copyOf(routed);
        routed.forEach(d -> byId.put(d.id(), d));
        this.defaultDirectory = defaultDirectoryId == null || defaultDirectoryId.isBlank() ? null
                : active.stream().filter(d -> d.id().equals(defaultDirectoryId)).findFirst().orElse(null);
    }

    /**
     * What {@code candidate} claims that one of {@code others} (active or not: a suspended directory
     * keeps its names) holds already: the reasons to refuse saving it; empty when it may be saved.
     */
    public static List<String> conflicts(Collection<DirectoryConfig> others, DirectoryConfig candidate) {
        Map<String, DirectoryConfig> domains = new HashMap<>();
        Map<String, DirectoryConfig> netbios = new HashMap<>();
        List<String> problems = new ArrayList<>();
        for (DirectoryConfig other : others) {
            if (other.id().equals(candidate.id())) {
                problems.add("directory id " + candidate.id() + " is already registered");
            }
            other.domains().forEach(domain -> domains.putIfAbsent(domain, other));
            if (!other.netbiosName().isEmpty()) {
                netbios.putIfAbsent(other.netbiosName(), other);
            }
        }
        problems.addAll(claimsOf(candidate, domains, netbios));
        return problems;
    }

    private static List<String> claimsOf(DirectoryConfig d, Map<String, DirectoryConfig> domains, Map<String, DirectoryConfig> netbios) {
        List<String> problems = new ArrayList<>();
        for (String domain : d.domains()) {
            DirectoryConfig holder = domains.get(domain);
            if (holder != null && !holder.id().equals(d.id())) {
                problems.add("domain " + domain + " belongs to directory " + holder.id());
            }
        }
        DirectoryConfig holder = d.netbiosName().isEmpty() ? null : netbios.get(d.netbiosName());
        if (holder != null && !holder.id().equals(d.id())) {
            problems.add("NetBIOS name " + d.netbiosName() + " belongs to directory " + holder.id());
        }
        return problems;
    }

    /** Active directories left out of routing because they claim another's names: id → why. */
    public Map<String, String> excluded() {
        return Map.copyOf(excluded);
    }

    public Route route(LoginName name) {
        return switch (name.kind()) {
            case QUALIFIED -> {
                DirectoryConfig d = byDomain.get(name.domain());
                yield d == null ? new Route.Nowhere("no active directory accepts domain " + name.domain())
                        : new Route.Home(d, name, "domain " + name.domain() + " belongs to directory " + d.id());
            }
            case DOWN_LEVEL -> {
                DirectoryConfig d = byNetbios.get(name.domain());
                yield d == null ? new Route.Nowhere("no active directory has NetBIOS name " + name.domain())
                        : new Route.Home(d, name, "NetBIOS name " + name.domain() + " belongs to directory " + d.id());
            }
            case BARE -> {
                if (defaultDirectory != null) {
                    yield new Route.Home(defaultDirectory, name, "bare name: realm default directory " + defaultDirectory.id());
                }
                if (active.isEmpty()) {
                    yield new Route.Nowhere("no active directory");
                }
                yield active.size() == 1
                        ? new Route.Home(active.get(0), name, "bare name: the only active directory " + active.get(0).id())
                        : new Route.AnyOf(active, name, "bare name: asked in all " + active.size() + " active directories, unique match required");
            }
        };
    }

    /** Whether sign-ins of this directory's accounts are routed: it is active and not left out for a conflict. */
    public boolean routes(DirectoryConfig directory) {
        return byId.get(directory.id()) == directory;
    }

    /** Active directories, for lookups that no name routes (e.g. by entry id). */
    public List<DirectoryConfig> activeDirectories() {
        return active;
    }
}
