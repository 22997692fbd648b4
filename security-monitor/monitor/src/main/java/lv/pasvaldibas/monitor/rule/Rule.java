package lv.pasvaldibas.monitor.rule;

import java.time.Duration;

/** A detection rule from a file: one event's search, or a correlation of such searches over time. */
public sealed interface Rule permits EventRule, CorrelationRule {

    /** Sigma's {@code level}. */
    enum Level { INFORMATIONAL, LOW, MEDIUM, HIGH, CRITICAL }

    String id();

    /** The name other rules refer to it by (Sigma's {@code name}), else its id. */
    String name();

    String title();

    Level level();

    /** How long after an alert of this rule the same finding (same rule, same group) raises no new alert. */
    Duration suppression();

    /** The file it came from, for messages. */
    String source();
}
