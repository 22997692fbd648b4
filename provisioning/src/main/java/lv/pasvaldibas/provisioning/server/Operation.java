package lv.pasvaldibas.provisioning.server;

import java.util.EnumSet;
import java.util.Set;

/**
 * What a caller may ask of an existing server, and in which phases it makes sense. A request in
 * the wrong phase is refused with 409 and this reason, never queued to fail later.
 */
public enum Operation {
    START(EnumSet.of(Phase.READY)),
    STOP(EnumSet.of(Phase.READY)),
    REBOOT(EnumSet.of(Phase.READY)),
    SNAPSHOT(EnumSet.of(Phase.READY)),
    REVERT(EnumSet.of(Phase.READY)),
    RESIZE(EnumSet.of(Phase.READY)),
    DELETE(EnumSet.of(Phase.CREATING, Phase.READY, Phase.FAILED));

    private final Set<Phase> allowedIn;

    Operation(Set<Phase> allowedIn) {
        this.allowedIn = allowedIn;
    }

    public boolean allowedIn(Phase phase) {
        return allowedIn.contains(phase);
    }
}
