package lv.pasvaldibas.monitor.rule;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.regex.Pattern;
import java.util.regex.PatternSyntaxException;

/**
 * One line of a Sigma selection: a field, its modifiers and the values it may have. Strings compare
 * without regard to case unless {@code |cased}, with {@code *} and {@code ?} as wildcards; several
 * values are alternatives unless {@code |all}. Modifiers: {@code contains}, {@code startswith},
 * {@code endswith}, {@code re}, {@code cidr}, {@code lt}, {@code lte}, {@code gt}, {@code gte},
 * {@code exists}, {@code all}, {@code cased}. A value of null matches an event without the field.
 */
final class FieldMatch {

    private static final Set<String> MODIFIERS = Set.of("contains", "startswith", "endswith", "re", "cidr", "lt", "lte", "gt", "gte",
            "exists", "all", "cased");

    private final String field;
    private final boolean all;
    private final List<ValueTest> tests;

    private interface ValueTest {
        boolean test(Object actual);
    }

    private FieldMatch(String field, boolean all, List<ValueTest> tests) {
        this.field = field;
        this.all = all;
        this.tests = tests;
    }

    /** @param key the selection's key: the field and its modifiers, {@code actor.username|contains} */
    static FieldMatch of(String key, List<Object> values, String source) {
        String[] parts = key.split("\\|");
        String field = parts[0];
        if (field.isBlank()) {
            throw new InvalidRuleException(source, "a selection key names no field: '" + key + "'");
        }
        List<String> modifiers = new ArrayList<>();
        for (int i = 1; i < parts.length; i++) {
            if (!MODIFIERS.contains(parts[i])) {
                throw new InvalidRuleException(source, "unknown modifier '" + parts[i] + "' in '" + key + "' (known: " + MODIFIERS + ")");
            }
            modifiers.add(parts[i]);
        }
        boolean cased = modifiers.contains("cased");
        List<ValueTest> tests = new ArrayList<>();
        for (Object value : values) {
            tests.add(test(modifiers, value, cased, key, source));
        }
        if (tests.isEmpty()) {
            throw new InvalidRuleException(source, "'" + key + "' has no value");
        }
        return new FieldMatch(field, modifiers.contains("all"), tests);
    }

    private static ValueTest test(List<String> modifiers, Object value, boolean cased, String key, String source) {
        if (modifiers.contains("exists")) {
            if (!(value instanceof Boolean wanted)) {
                throw new InvalidRuleException(source, "'" + key + "' takes true or false");
            }
            return actual -> (actual != null) == wanted;
        }
        if (value == null) {
            return actual -> actual == null;
        }
        for (String numeric : List.of("lt", "lte", "gt", "gte")) {
            if (modifiers.contains(numeric)) {
                BigDecimal bound = number(value, key, source);
                return actual -> {
                    BigDecimal n = actual == null ? null : numberOrNull(actual);
                    if (n == null) {
                        return false;
                    }
                    int c = n.compareTo(bound);
                    return switch (numeric) {
                        case "lt" -> c < 0;
                        case "lte" -> c <= 0;
                        case "gt" -> c > 0;
                        default -> c >= 0;
                    };
                };
            }
        }
        String text = String.valueOf(value);
        if (modifiers.contains("re")) {
            Pattern re;
            try {
                re = Pattern.compile(text, cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE);
            } catch (PatternSyntaxException e) {
                throw new InvalidRuleException(source, "'" + key + "' is not a regular expression: " + e.getDescription());
            }
            return actual -> actual != null && re.matcher(String.valueOf(actual)).find();
        }
        if (modifiers.contains("cidr")) {
            Cidr cidr = Cidr.parse(text, key, source);
            return actual -> actual != null && cidr.contains(String.valueOf(actual));
        }
        String wildcard = modifiers.contains("contains") ? "*" + text + "*"
                : modifiers.contains("startswith") ? text + "*" : modifiers.contains("endswith") ? "*" + text : text;
        Pattern glob = glob(wildcard, cased);
        return actual -> actual != null && glob.matcher(String.valueOf(actual)).matches();
    }

    /** Sigma's wildcards as a pattern: {@code *} any run, {@code ?} one character, {@code \*} and {@code \?} themselves. */
    private static Pattern glob(String value, boolean cased) {
        StringBuilder re = new StringBuilder();
        StringBuilder literal = new StringBuilder();
        for (int i = 0; i < value.length(); i++) {
            char c = value.charAt(i);
            if (c == '\\' && i + 1 < value.length() && (value.charAt(i + 1) == '*' || value.charAt(i + 1) == '?' || value.charAt(i + 1) == '\\')) {
                literal.append(value.charAt(++i));
            } else if (c == '*' || c == '?') {
                re.append(Pattern.quote(literal.toString())).append(c == '*' ? ".*" : ".");
                literal.setLength(0);
            } else {
                literal.append(c);
            }
        }
        re.append(Pattern.quote(literal.toString()));
        return Pattern.compile(re.toString(), (cased ? 0 : Pattern.CASE_INSENSITIVE | Pattern.UNICODE_CASE) | Pattern.DOTALL);
    }

    private static BigDecimal number(Object value, String key, String source) {
        BigDecimal n = numberOrNull(value);
        if (n == null) {
            throw new InvalidRuleException(source, "'" + key + "' compares numbers, and '" + value + "' is not one");
        }
        return n;
    }

    private static BigDecimal numberOrNull(Object value) {
        try {
            return new BigDecimal(String.valueOf(value).trim());
        } catch (NumberFormatException e) {
            return null;
        }
    }

    boolean matches(EventFields event) {
        Object actual = event.value(field);
        if (all) {
            return tests.stream().allMatch(t -> t.test(actual));
        }
        return tests.stream().anyMatch(t -> t.test(actual));
    }

    String field() {
        return field;
    }

    /** An address range; an address that is not an IP literal is never in one (no name is ever looked up). */
    private record Cidr(byte[] network, int bits) {

        static Cidr parse(String text, String key, String source) {
            int slash = text.indexOf('/');
            try {
                byte[] address = literal(slash < 0 ? text : text.substring(0, slash));
                int bits = slash < 0 ? address.length * 8 : Integer.parseInt(text.substring(slash + 1));
                if (address == null || bits < 0 || bits > address.length * 8) {
                    throw new NumberFormatException();
                }
                return new Cidr(address, bits);
            } catch (NumberFormatException | UnknownHostException e) {
                throw new InvalidRuleException(source, "'" + key + "': '" + text + "' is not an address range such as 10.0.0.0/8");
            }
        }

        boolean contains(String address) {
            byte[] a;
            try {
                a = literal(address);
            } catch (UnknownHostException e) {
                return false;
            }
            if (a == null || a.length != network.length) {
                return false;
            }
            BigInteger mask = BigInteger.ONE.shiftLeft(network.length * 8).subtract(BigInteger.ONE)
                    .shiftRight(bits).not();
            return new BigInteger(1, a).and(mask).equals(new BigInteger(1, network).and(mask));
        }

        /** The bytes of an IPv4 or IPv6 literal, or null for anything else (a name is not resolved). */
        private static byte[] literal(String text) throws UnknownHostException {
            String t = text.trim().toLowerCase(Locale.ROOT);
            if (!t.matches("[0-9.]+") && !t.matches("[0-9a-f:.]+") || !t.matches(".*[.:].*")) {
                return null;
            }
            return InetAddress.getByName(t).getAddress();
        }
    }
}
