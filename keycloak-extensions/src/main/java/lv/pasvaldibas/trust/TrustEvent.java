package lv.pasvaldibas.trust;

import java.time.Instant;

/** One line of a trust's history: who did what, when, and why. */
public record TrustEvent(Instant at, TrustAction action, String actorUserId, String actorUsername, String actorMunicipality,
                         String reason) {

    static TrustEvent of(Instant at, TrustAction action, TrustActor actor, String reason) {
        return new TrustEvent(at, action, actor.userId(), actor.username(), actor.municipality(), reason);
    }
}
