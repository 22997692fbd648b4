package lv.pasvaldibas.directory;

import java.net.URI;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * One municipal directory as registered on the platform. Validated on construction, so a directory
 * that exists in the registry is at least well-formed; {@link #toString()} never shows the secret.
 *
 * @param id               slug, unique in the realm, e.g. {@code ventspils-dome}
 * @param municipality     slug of the owning municipality (its Organization alias)
 * @param dialect          {@link Dialect#id()} of the directory software
 * @param urls             ordered {@code ldap://} or {@code ldaps://} URLs: the first healthy one is used
 * @param tlsMode          transport protection
 * @param trustAnchorsPem  PEM certificates to trust for TLS; empty means the JVM's default trust store
 * @param bindDn           service account DN
 * @param bindSecret       service account password: write-only, never returned or logged
 * @param usersDn          base DN of user accounts
 * @param userFilter       extra LDAP filter every account must match, e.g. {@code (objectClass=person)}
 * @param loginAttributes  attributes a bare account name is matched against
 * @param domains          DNS domains (UPN suffixes, e-mail domains) routed to this directory
 * @param netbiosName      down-level domain name ({@code VENTSPILS\name}), or empty
 * @param attributeMapping platform attribute → LDAP attribute (firstName, lastName, email, ...)
 * @param groupRoles       group CN → role granted to members: a realm role, or {@code clientId/role}
 * @param connectTimeoutMs connect timeout per server
 * @param responseTimeoutMs response timeout per operation
 * @param poolSize         connections per pool (search pool and bind pool)
 * @param active           false when suspended: its users cannot sign in, routing ignores it
 */
public record DirectoryConfig(String id, String municipality, String dialect, List<String> urls, TlsMode tlsMode,
                              String trustAnchorsPem, String bindDn, String bindSecret, String usersDn,
                              String userFilter, List<String> loginAttributes, List<String> domains,
                              String netbiosName, Map<String, String> attributeMapping,
                              Map<String, String> groupRoles, int connectTimeoutMs, int responseTimeoutMs,
                              int poolSize, boolean active) {

    public DirectoryConfig {
        List<String> problems = new ArrayList<>();
        if (id == null || !id.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            problems.add("id must be a lower-case slug (a-z, 0-9, -)");
        }
        if (municipality == null || !municipality.matches("[a-z0-9][a-z0-9-]{0,62}")) {
            problems.add("municipality must be a lower-case slug");
        }
        if (urls == null || urls.isEmpty()) {
            problems.add("at least one server URL is required");
        } else {
            for (String url : urls) {
                if (!validUrl(url)) {
                    problems.add("not an ldap:// or ldaps:// URL with a host: " + url);
                }
            }
        }
        if (tlsMode == null) {
            problems.add("TLS mode is required");
        } else if (urls != null && tlsMode == TlsMode.LDAPS && urls.stream().anyMatch(u -> u.startsWith("ldap://"))) {
            problems.add("TLS mode LDAPS needs ldaps:// URLs");
        } else if (urls != null && tlsMode != TlsMode.LDAPS && urls.stream().anyMatch(u -> u.startsWith("ldaps://"))) {
            problems.add("ldaps:// URLs need TLS mode LDAPS");
        }
        if (blank(usersDn)) {
            problems.add("users base DN is required");
        }
        if (loginAttributes == null || loginAttributes.isEmpty()) {
            problems.add("at least one login attribute is required");
        }
        domains = domains == null ? List.of() : domains.stream().map(d -> {
            String normal = LoginName.normaliseDomain(d);
            if (normal == null) {
                problems.add("not a DNS domain: " + d);
            }
            return normal;
        }).toList();
        netbiosName = netbiosName == null ? "" : netbiosName.strip().toUpperCase(Locale.ROOT);
        if (!netbiosName.isEmpty() && !netbiosName.matches("[A-Z0-9][A-Z0-9._-]{0,14}")) {
            problems.add("NetBIOS name must be 1-15 letters, digits, '.', '_' or '-'");
        }
        if (connectTimeoutMs <= 0 || responseTimeoutMs <= 0) {
            problems.add("timeouts must be positive");
        }
        if (poolSize < 1 || poolSize > 64) {
            problems.add("pool size must be 1-64");
        }
        if (!problems.isEmpty()) {
            throw new InvalidDirectoryConfigException(id, problems);
        }
        trustAnchorsPem = trustAnchorsPem == null ? "" : trustAnchorsPem;
        userFilter = userFilter == null ? "" : userFilter.strip();
        urls = List.copyOf(urls);
        loginAttributes = List.copyOf(loginAttributes);
        attributeMapping = attributeMapping == null ? Map.of() : Map.copyOf(attributeMapping);
        groupRoles = groupRoles == null ? Map.of() : Map.copyOf(groupRoles);
    }

    /** Whether an e-mail address (or UPN) lies in one of this directory's domains. */
    public boolean owns(String address) {
        int at = address == null ? -1 : address.lastIndexOf('@');
        String domain = at < 0 ? null : LoginName.normaliseDomain(address.substring(at + 1));
        return domain != null && domains.contains(domain);
    }

    private static boolean validUrl(String url) {
        try {
            URI uri = new URI(url);
            return ("ldap".equals(uri.getScheme()) || "ldaps".equals(uri.getScheme())) && uri.getHost() != null;
        } catch (Exception e) {
            return false;
        }
    }

    private static boolean blank(String s) {
        return s == null || s.isBlank();
    }

    @Override
    public String toString() {
        return "DirectoryConfig[id=" + id + ", municipality=" + municipality + ", dialect=" + dialect + ", urls=" + urls
                + ", tls=" + tlsMode + ", bindDn=" + bindDn + ", bindSecret=***, usersDn=" + usersDn
                + ", domains=" + domains + ", netbios=" + netbiosName + ", active=" + active + "]";
    }
}
