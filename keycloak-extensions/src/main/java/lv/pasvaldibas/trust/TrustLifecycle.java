package lv.pasvaldibas.trust;

import java.time.Duration;
import java.time.Instant;
import java.util.List;

/**
 * The rules of a trust's life (DESIGN.md §3): an admin of either side proposes; only an admin of
 * the other side approves or rejects; either side (or a platform admin) suspends or revokes, with a
 * reason; only the side that suspended resumes; the resource side re-approves yearly. Every step
 * returns the changed trust with a history line, or throws {@link TrustRuleException}.
 */
public final class TrustLifecycle {

    public static final Duration REVIEW_EVERY = Duration.ofDays(365);
    static final int MAX_REASON = 500;

    private TrustLifecycle() {
    }

    /** A new proposal by {@code actor}, an admin of one of the two sides. */
    public static Trust propose(TrustActor actor, Trust draft, Instant now) {
        draft.validate();
        if (actor.isPlatformAdmin() || !draft.involves(actor.municipality())) {
            throw new TrustRuleException(TrustRuleException.Rule.NOT_A_PARTY,
                    "only an admin of " + draft.trustingMunicipality() + " or " + draft.trustedMunicipality() + " may propose this trust");
        }
        return new Trust(draft.id(), draft.trustingMunicipality(), draft.trustedDirectory(), draft.trustedMunicipality(),
                draft.allUsers(), draft.acceptedGroups(), draft.grantedRoles(), draft.validFrom(), draft.validUntil(),
                draft.transitive(), TrustState.PROPOSED, actor.municipality(), null, null,
                List.of(TrustEvent.of(now, TrustAction.PROPOSED, actor, null)));
    }

    public static Trust approve(TrustActor actor, Trust trust, Instant now) {
        requireOtherSide(actor, trust, "approve", now);
        return trust.with(TrustState.ACTIVE, null, now.plus(REVIEW_EVERY), TrustEvent.of(now, TrustAction.APPROVED, actor, null));
    }

    public static Trust reject(TrustActor actor, Trust trust, String reason, Instant now) {
        requireOtherSide(actor, trust, "reject", now);
        return trust.with(TrustState.REVOKED, null, null, TrustEvent.of(now, TrustAction.REJECTED, actor, reason(reason)));
    }

    public static Trust suspend(TrustActor actor, Trust trust, String reason, Instant now) {
        requireParty(actor, trust);
        requireState(trust, now, TrustState.ACTIVE, "suspend");
        return trust.with(TrustState.SUSPENDED, actor.municipality(), trust.nextReview(),
                TrustEvent.of(now, TrustAction.SUSPENDED, actor, reason(reason)));
    }

    /** Only the side that suspended (or a platform admin) lifts its own stop. */
    public static Trust resume(TrustActor actor, Trust trust, String reason, Instant now) {
        requireParty(actor, trust);
        requireState(trust, now, TrustState.SUSPENDED, "resume");
        if (!actor.isPlatformAdmin() && !actor.municipality().equals(trust.suspendedBy())) {
            throw new TrustRuleException(TrustRuleException.Rule.NOT_THE_SUSPENDING_SIDE, "only "
                    + (trust.suspendedBy() == null ? "a platform admin" : "an admin of " + trust.suspendedBy())
                    + ", who suspended this trust, may resume it");
        }
        return trust.with(TrustState.ACTIVE, null, trust.nextReview(), TrustEvent.of(now, TrustAction.RESUMED, actor, reason(reason)));
    }

    public static Trust revoke(TrustActor actor, Trust trust, String reason, Instant now) {
        requireParty(actor, trust);
        TrustState state = trust.stateAt(now);
        if (state == TrustState.REVOKED || state == TrustState.EXPIRED) {
            throw wrongState(trust, state, "revoke");
        }
        return trust.with(TrustState.REVOKED, null, null, TrustEvent.of(now, TrustAction.REVOKED, actor, reason(reason)));
    }

    /** The yearly re-approval, by an admin of the resource side. */
    public static Trust review(TrustActor actor, Trust trust, Instant now) {
        if (actor.isPlatformAdmin() || !actor.municipality().equals(trust.trustingMunicipality())) {
            throw new TrustRuleException(TrustRuleException.Rule.NOT_A_PARTY,
                    "only an admin of " + trust.trustingMunicipality() + ", whose clients it opens, may re-approve this trust");
        }
        requireState(trust, now, TrustState.ACTIVE, "re-approve");
        return trust.with(TrustState.ACTIVE, null, now.plus(REVIEW_EVERY), TrustEvent.of(now, TrustAction.REVIEWED, actor, null));
    }

    private static void requireOtherSide(TrustActor actor, Trust trust, String what, Instant now) {
        requireState(trust, now, TrustState.PROPOSED, what);
        if (actor.isPlatformAdmin() || !trust.involves(actor.municipality())) {
            throw new TrustRuleException(TrustRuleException.Rule.NOT_A_PARTY, "only an admin of the other side may " + what + " this trust");
        }
        if (actor.municipality().equals(trust.proposedBy())) {
            throw new TrustRuleException(TrustRuleException.Rule.OWN_PROPOSAL,
                    "a trust needs both sides: " + trust.proposedBy() + " proposed it, so only the other side may " + what + " it");
        }
    }

    private static void requireParty(TrustActor actor, Trust trust) {
        if (!actor.isPlatformAdmin() && !trust.involves(actor.municipality())) {
            throw new TrustRuleException(TrustRuleException.Rule.NOT_A_PARTY, "this trust is between "
                    + trust.trustingMunicipality() + " and " + trust.trustedMunicipality());
        }
    }

    private static void requireState(Trust trust, Instant now, TrustState expected, String what) {
        TrustState state = trust.stateAt(now);
        if (state != expected) {
            throw wrongState(trust, state, what);
        }
    }

    private static TrustRuleException wrongState(Trust trust, TrustState state, String what) {
        return new TrustRuleException(TrustRuleException.Rule.WRONG_STATE, "cannot " + what + " a trust that is " + state);
    }

    private static String reason(String reason) {
        if (reason == null || reason.isBlank()) {
            throw new TrustRuleException(TrustRuleException.Rule.REASON_REQUIRED, "say why: a reason is required");
        }
        if (reason.length() > MAX_REASON || reason.chars().anyMatch(c -> Character.isISOControl(c) && c != '\n')) {
            throw new TrustRuleException(TrustRuleException.Rule.INVALID, "a reason is at most " + MAX_REASON + " printable characters");
        }
        return reason;
    }
}
