package lv.pasvaldibas.directory.keycloak;

import java.time.Duration;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * When this node last saw each account confirmed by its directory (read and found usable). While a
 * directory cannot be reached, an account confirmed within the grace period keeps its sessions
 * (token refresh); after it, the account counts as disabled until the directory answers again
 * (decision 49). Per node and in memory: a node that never confirmed an account grants no grace.
 */
final class ConfirmedAccounts {

    /** Entries kept before stale ones are swept; far above the employees active on one node. */
    private static final int SWEEP_ABOVE = 200_000;

    private final Map<String, Long> confirmedAtNanos = new ConcurrentHashMap<>();

    void confirmed(String userId) {
        confirmedAtNanos.put(userId, System.nanoTime());
        if (confirmedAtNanos.size() > SWEEP_ABOVE) {
            long oldest = System.nanoTime() - Duration.ofHours(1).toNanos();
            confirmedAtNanos.values().removeIf(at -> at - oldest < 0);
        }
    }

    boolean confirmedWithin(String userId, Duration grace) {
        Long at = confirmedAtNanos.get(userId);
        return at != null && System.nanoTime() - at <= grace.toNanos();
    }
}
