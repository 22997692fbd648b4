package lv.pasvaldibas.monitor.detect;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.monitor.rule.Rule;

/**
 * What a rule found: the group it found it in (the group-by fields' values), when, how many events
 * (or distinct values) made it, and some of those events as evidence.
 *
 * @param events       up to {@link Detector#EVIDENCE} of the events, oldest first
 * @param municipality the municipality the events concern ({@link AuditFields#municipality}) when they all have the same one, else null
 */
public record Detection(Rule rule, Map<String, String> group, Instant first, Instant last, long count, List<EventRef> events,
                        String municipality) {

    /** What makes two detections the same finding: the rule and the group. */
    public String key() {
        StringBuilder key = new StringBuilder(rule.id());
        group.forEach((field, value) -> key.append('|').append(field).append('=').append(value));
        return key.toString();
    }
}
