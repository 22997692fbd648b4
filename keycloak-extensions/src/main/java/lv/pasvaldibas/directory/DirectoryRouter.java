package lv.pasvaldibas.directory;

import java.util.Collection;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Routes a sign-in name to its home directory in O(1): by DNS domain for {@code name@domain} and
 * e-mail, by NetBIOS name for {@code DOMAIN\name}, to the default directory (or to all active ones)
 * for a bare name. Suspended directories are not routed to. Immutable; build one per registry version.
 */
public final class DirectoryRouter {

    private final Map<String, DirectoryConfig> byDomain = new HashMap<>();
    private final Map<String, DirectoryConfig> byNetbios = new HashMap<>();
    private final List<DirectoryConfig> active;
    private final DirectoryConfig defaultDirectory;

    /**
     * @param defaultDirectoryId directory for bare names, or null to ask every active directory
     * @throws InvalidDirectoryConfigException when two directories claim one domain or NetBIOS name
     */
    public DirectoryRouter(Collection<DirectoryConfig> directories, String defaultDirectoryId) {
        this.active = directories.stream().filter(DirectoryConfig::active).toList();
        for (DirectoryConfig d : active) {
            for (String domain : d.domains()) {
                claim(byDomain, domain, d, "domain");
            }
            if (!d.netbiosName().isEmpty()) {
                claim(byNetbios, d.netbiosName(), d, "NetBIOS name");
            }
        }
        this.defaultDirectory = defaultDirectoryId == null || defaultDirectoryId.isBlank() ? null
                : active.stream().filter(d -> d.id().equals(defaultDirectoryId)).findFirst().orElse(null);
    }

    private static void claim(Map<String, DirectoryConfig> index, String key, DirectoryConfig d, String what) {
        DirectoryConfig other = index.putIfAbsent(key, d);
        if (other != null && !other.id().equals(d.id())) {
            throw new InvalidDirectoryConfigException(d.id(),
                    List.of(what + " " + key + " is already routed to directory " + other.id()));
        }
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

    /** Active directories, for lookups that no name routes (e.g. by entry id). */
    public List<DirectoryConfig> activeDirectories() {
        return active;
    }
}
