package lv.pasvaldibas.trust;

/** Where a trust is in its life (DESIGN.md §3 "Trust"). Only {@link #ACTIVE} grants access. */
public enum TrustState {
    /** Proposed by an admin of one side, waiting for the other side's admin. */
    PROPOSED,
    ACTIVE,
    /** Paused by one side; resumed only by that side (or a platform admin). */
    SUSPENDED,
    /** Ended for good: revoked by either side, or a proposal rejected. */
    REVOKED,
    /** Its validity window has ended: no one needs to act. */
    EXPIRED
}
