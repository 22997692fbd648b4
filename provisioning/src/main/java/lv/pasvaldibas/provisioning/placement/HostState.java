package lv.pasvaldibas.provisioning.placement;

/** A host's state as platform operators set it; only {@link #ACTIVE} hosts take new servers. */
public enum HostState {
    ACTIVE,
    /** Being emptied: takes nothing new; its servers move to other hosts. */
    DRAINING,
    /** Empty and taken out of use; kept for the history of the servers that ran there. */
    REMOVED
}
