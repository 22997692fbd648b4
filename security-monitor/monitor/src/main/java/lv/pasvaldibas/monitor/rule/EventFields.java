package lv.pasvaldibas.monitor.rule;

/**
 * An event as rules see it: a value per Sigma field name ({@code type}, {@code actor.username},
 * {@code details.error}…), null when the event has none. Values are strings, numbers or booleans.
 */
@FunctionalInterface
public interface EventFields {

    Object value(String field);
}
