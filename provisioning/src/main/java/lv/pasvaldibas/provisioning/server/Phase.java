package lv.pasvaldibas.provisioning.server;

/** Where a server is in its life, as the database records it. */
public enum Phase {
    /** Accepted and counted in the quota; its create job has not finished. */
    CREATING,
    /** Exists on its host; power is what {@code Server.power} says. */
    READY,
    /** Its create job failed for good; it still counts until deleted, so a retry cannot overshoot. */
    FAILED,
    /** A delete job is under way; still counted until the domain is gone. */
    DELETING,
    /** Gone from its host; no longer counted. Kept for the history and the audit trail. */
    DELETED
}
