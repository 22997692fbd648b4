package lv.pasvaldibas.monitor.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.monitor.rule.EventRule;
import lv.pasvaldibas.monitor.rule.Rule;

/**
 * Sign-ins to long-unused accounts: a successful sign-in whose account's previous one was at least
 * {@link #UNUSED} before it. A built-in rule, not a Sigma file: it needs each account's previous
 * sign-in, however long ago, which no correlation window holds. The accounts' last sign-ins are the
 * caller's to keep (the watcher keeps them in the monitor's database, in the pass's transaction); an
 * account never seen signing in before raises nothing, as its history may predate the monitor.
 */
public final class StaleAccounts {

    public static final Duration UNUSED = Duration.ofDays(90);

    public static final EventRule STALE_SIGN_IN = new EventRule("stale-account-sign-in", "stale-account-sign-in",
            "Sign-in to a long-unused account / Pieteikšanās ilgi neizmantotā kontā", Rule.Level.MEDIUM, Duration.ofDays(1), "built-in",
            e -> false, List.of("actor.username"));

    private StaleAccounts() {
    }

    /** Whether a record is a successful sign-in of a named account. */
    public static boolean isSignIn(AuditFields record) {
        AuditEvent e = record.event();
        return "LOGIN".equals(e.type()) && e.outcome() == AuditEvent.Outcome.SUCCESS && e.actor().username() != null;
    }

    /**
     * The findings of a pass's records (in time order), given each account's last sign-in before them;
     * {@code lastSignIns} is updated to the newest sign-in of each account seen.
     */
    public static List<Detection> find(List<AuditFields> records, Map<String, Instant> lastSignIns) {
        List<Detection> found = new ArrayList<>();
        Map<String, Instant> last = new HashMap<>(lastSignIns);
        for (AuditFields record : records) {
            if (!isSignIn(record)) {
                continue;
            }
            String account = record.event().actor().username();
            Instant now = record.event().time();
            Instant before = last.get(account);
            if (before != null && !before.plus(UNUSED).isAfter(now)) {
                Map<String, String> group = new LinkedHashMap<>();
                group.put("actor.username", account);
                found.add(new Detection(STALE_SIGN_IN, group, before, now, 1, List.of(record.ref()), record.municipality()));
            }
            if (before == null || now.isAfter(before)) {
                last.put(account, now);
            }
        }
        lastSignIns.putAll(last);
        return found;
    }
}
