package lv.pasvaldibas.monitor.detect;

import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.audit.ChainVerifier;
import lv.pasvaldibas.monitor.rule.EventRule;
import lv.pasvaldibas.monitor.rule.Rule;

/**
 * The audit log's own integrity as findings: each stream whose chain the verifier finds broken (a
 * record changed, removed or inserted, the newest ones cut off) is one finding of the built-in rule
 * {@link #CHAIN_BREAK}, naming the first broken record. Not a Sigma rule: it is about the log, not
 * about an event in it.
 */
public final class IntegrityFindings {

    /** Raises its alert once per stream and first broken record; again after a day if still broken and closed. */
    public static final EventRule CHAIN_BREAK = new EventRule("audit-chain-break", "audit-chain-break", "Audit log chain broken",
            Rule.Level.CRITICAL, Duration.ofDays(1), "built-in", e -> false, List.of("stream", "seq"));

    private IntegrityFindings() {
    }

    public static List<Detection> of(List<ChainVerifier.Break> breaks, Instant checkedAt) {
        return breaks.stream().map(b -> {
            Map<String, String> group = new LinkedHashMap<>();
            group.put("stream", b.stream());
            group.put("seq", Long.toString(b.seq()));
            return new Detection(CHAIN_BREAK, group, checkedAt, checkedAt, 1, List.of(new EventRef(b.stream(), b.seq(), checkedAt)), null);
        }).toList();
    }
}
