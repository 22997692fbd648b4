package lv.pasvaldibas.provisioning.server;

import java.util.Optional;
import java.util.UUID;

/**
 * The libvirt domain name of a server: {@code pasv-<server uuid>}. The daemon owns exactly the
 * domains with this prefix; reconciliation never touches any other domain on a host. The domain's
 * libvirt UUID is the server's id too, so a retried create finds the domain it made before.
 */
public final class DomainNames {

    public static final String PREFIX = "pasv-";

    private DomainNames() {
    }

    public static String of(UUID serverId) {
        return PREFIX + serverId;
    }

    /** The server a domain belongs to, if the daemon made it. */
    public static Optional<UUID> serverOf(String domainName) {
        if (domainName == null || !domainName.startsWith(PREFIX)) {
            return Optional.empty();
        }
        try {
            return Optional.of(UUID.fromString(domainName.substring(PREFIX.length())));
        } catch (IllegalArgumentException e) {
            return Optional.empty();
        }
    }
}
