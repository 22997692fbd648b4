package lv.pasvaldibas.provisioning.placement;

import java.time.Instant;
import lv.pasvaldibas.provisioning.quota.Resources;

/** A hypervisor host as platform operators registered it, and whether the daemon last reached it. */
public record Host(String id, String uri, HostState state, Resources capacity, boolean reachable, Instant lastSeen,
                   String lastError) {
}
