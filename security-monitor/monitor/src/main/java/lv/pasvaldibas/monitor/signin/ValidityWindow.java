package lv.pasvaldibas.monitor.signin;

import java.time.Duration;
import java.time.Instant;

/**
 * A SAML validity window ({@code NotBefore} inclusive, {@code NotOnOrAfter} exclusive) judged with a small
 * allowance for the two clocks disagreeing. A missing end is refused: an assertion valid for ever
 * would be a credential that never expires.
 */
public final class ValidityWindow {

    public static final Duration MAX_SKEW = Duration.ofMinutes(5);

    private ValidityWindow() {
    }

    /** A setting's check: an allowance of more than a few minutes would keep expired assertions usable. */
    public static void requireSkew(Duration skew) {
        if (skew.isNegative() || skew.compareTo(MAX_SKEW) > 0) {
            throw new IllegalArgumentException("the clock skew allowance is 0 to " + MAX_SKEW);
        }
    }

    public static void check(Instant notBefore, Instant notOnOrAfter, Instant now, Duration skew) throws SignInRefused {
        requireSkew(skew);
        if (notOnOrAfter == null) {
            throw new SignInRefused(SignInRefusal.EXPIRED, "no NotOnOrAfter");
        }
        if (!now.minus(skew).isBefore(notOnOrAfter)) {
            throw new SignInRefused(SignInRefusal.EXPIRED, "ended " + notOnOrAfter);
        }
        if (notBefore != null && now.plus(skew).isBefore(notBefore)) {
            throw new SignInRefused(SignInRefusal.EXPIRED, "starts " + notBefore);
        }
    }
}
