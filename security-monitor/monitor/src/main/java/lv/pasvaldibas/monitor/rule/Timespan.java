package lv.pasvaldibas.monitor.rule;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** A Sigma timespan: a whole number and a unit, {@code 30s}, {@code 5m}, {@code 2h}, {@code 1d}. */
final class Timespan {

    private static final Pattern FORM = Pattern.compile("(\\d{1,6})([smhd])");

    private Timespan() {
    }

    static Duration parse(String text, String source) {
        Matcher m = text == null ? null : FORM.matcher(text.trim());
        if (m == null || !m.matches() || Long.parseLong(m.group(1)) == 0) {
            throw new InvalidRuleException(source, "timespan '" + text + "' is not a positive number followed by s, m, h or d");
        }
        long n = Long.parseLong(m.group(1));
        return switch (m.group(2)) {
            case "s" -> Duration.ofSeconds(n);
            case "m" -> Duration.ofMinutes(n);
            case "h" -> Duration.ofHours(n);
            default -> Duration.ofDays(n);
        };
    }
}
