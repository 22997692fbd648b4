package lv.pasvaldibas.monitor.rule;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A Sigma {@code condition} over a rule's selections: names, {@code and}, {@code or}, {@code not},
 * parentheses, {@code 1 of name*}, {@code all of name*} and {@code ... of them}.
 */
final class Condition {

    private static final Pattern TOKEN = Pattern.compile("\\s*(\\(|\\)|[A-Za-z_][A-Za-z0-9_*]*|1)");

    private Condition() {
    }

    /** @return a test of an event against the named selections */
    static Predicate<EventFields> parse(String text, Map<String, Selection> selections, String source) {
        if (text == null || text.isBlank()) {
            throw new InvalidRuleException(source, "the detection has no condition");
        }
        List<String> tokens = new ArrayList<>();
        Matcher m = TOKEN.matcher(text);
        int at = 0;
        while (at < text.length() && m.find(at) && m.start() == at) {
            tokens.add(m.group(1));
            at = m.end();
            while (at < text.length() && Character.isWhitespace(text.charAt(at))) {
                at++;
            }
        }
        if (at < text.length()) {
            throw new InvalidRuleException(source, "the condition '" + text + "' cannot be read at '" + text.substring(at) + "'");
        }
        Parser parser = new Parser(tokens, selections, source, text);
        Predicate<EventFields> condition = parser.or();
        if (parser.position < tokens.size()) {
            throw new InvalidRuleException(source, "the condition '" + text + "' has more after '" + String.join(" ", tokens.subList(0, parser.position)) + "'");
        }
        return condition;
    }

    private static final class Parser {
        private final List<String> tokens;
        private final Map<String, Selection> selections;
        private final String source;
        private final String text;
        private int position;

        Parser(List<String> tokens, Map<String, Selection> selections, String source, String text) {
            this.tokens = tokens;
            this.selections = selections;
            this.source = source;
            this.text = text;
        }

        private String peek() {
            return position < tokens.size() ? tokens.get(position) : null;
        }

        private String next() {
            String t = peek();
            if (t == null) {
                throw new InvalidRuleException(source, "the condition '" + text + "' ends too early");
            }
            position++;
            return t;
        }

        Predicate<EventFields> or() {
            Predicate<EventFields> left = and();
            while ("or".equals(peek())) {
                position++;
                left = left.or(and());
            }
            return left;
        }

        Predicate<EventFields> and() {
            Predicate<EventFields> left = not();
            while ("and".equals(peek())) {
                position++;
                left = left.and(not());
            }
            return left;
        }

        Predicate<EventFields> not() {
            if ("not".equals(peek())) {
                position++;
                return not().negate();
            }
            return atom();
        }

        Predicate<EventFields> atom() {
            String t = next();
            if (t.equals("(")) {
                Predicate<EventFields> inner = or();
                if (!")".equals(next())) {
                    throw new InvalidRuleException(source, "the condition '" + text + "' misses a ')'");
                }
                return inner;
            }
            if ((t.equals("1") || t.equals("all")) && "of".equals(peek())) {
                position++;
                List<Selection> chosen = matching(next());
                return t.equals("1") ? e -> chosen.stream().anyMatch(s -> s.matches(e)) : e -> chosen.stream().allMatch(s -> s.matches(e));
            }
            Selection selection = selections.get(t);
            if (selection == null) {
                throw new InvalidRuleException(source, "the condition names '" + t + "', which is not a selection of this rule");
            }
            return selection::matches;
        }

        private List<Selection> matching(String pattern) {
            List<Selection> chosen = new ArrayList<>();
            selections.forEach((name, s) -> {
                if (pattern.equals("them") || (pattern.endsWith("*") ? name.startsWith(pattern.substring(0, pattern.length() - 1)) : name.equals(pattern))) {
                    chosen.add(s);
                }
            });
            if (chosen.isEmpty()) {
                throw new InvalidRuleException(source, "'of " + pattern + "' in the condition matches no selection");
            }
            return chosen;
        }
    }
}
