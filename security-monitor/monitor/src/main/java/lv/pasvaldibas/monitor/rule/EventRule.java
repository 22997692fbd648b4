package lv.pasvaldibas.monitor.rule;

import java.time.Duration;
import java.util.List;
import java.util.function.Predicate;

/**
 * A Sigma rule with a {@code detection}: a test of one event.
 *
 * @param fields Sigma's {@code fields}: what identifies one finding of this rule when it alerts on its own
 *               (an alert per account for {@code [actor.username]}); empty: all its matches are one finding
 */
public record EventRule(String id, String name, String title, Level level, Duration suppression, String source,
                        Predicate<EventFields> condition, List<String> fields) implements Rule {

    public boolean matches(EventFields event) {
        return condition.test(event);
    }
}
