package lv.pasvaldibas.audit;

import java.time.Duration;
import java.time.Instant;
import java.util.HashMap;
import java.util.Map;
import java.util.OptionalLong;

/**
 * Bounds how often one caller's refused requests are written to the audit log (decision 41): the
 * first refusal in a window is recorded, the rest of that window are only counted, and the count
 * goes into the caller's next recorded refusal. A caller repeating a refused call therefore cannot
 * make the log grow faster than one record per window, yet no refusal goes unaccounted. Memory is
 * bounded too: at most {@code maxCallers} are remembered (the oldest windows are forgotten first).
 */
public final class RefusalThrottle {

    private record Window(Instant start, long suppressed) {
    }

    private final Duration window;
    private final int maxCallers;
    private final Map<String, Window> callers = new HashMap<>();

    public RefusalThrottle(Duration window, int maxCallers) {
        this.window = window;
        this.maxCallers = maxCallers;
    }

    /**
     * Whether to record this refusal of {@code caller} now: if so, how many refusals were counted
     * but not recorded since its last recorded one; empty when this one is only counted.
     */
    public synchronized OptionalLong admit(String caller, Instant now) {
        Window w = callers.get(caller);
        if (w != null && now.isBefore(w.start().plus(window))) {
            callers.put(caller, new Window(w.start(), w.suppressed() + 1));
            return OptionalLong.empty();
        }
        if (w == null && callers.size() >= maxCallers) {
            forgetExpired(now);
        }
        callers.put(caller, new Window(now, 0));
        return OptionalLong.of(w == null ? 0 : w.suppressed());
    }

    private void forgetExpired(Instant now) {
        callers.values().removeIf(w -> !now.isBefore(w.start().plus(window)));
        if (callers.size() >= maxCallers) {
            // all windows still open: forget the oldest rather than grow (its count is lost, not its first record)
            callers.entrySet().stream().min(Map.Entry.comparingByValue((a, b) -> a.start().compareTo(b.start())))
                    .ifPresent(oldest -> callers.remove(oldest.getKey()));
        }
    }
}
