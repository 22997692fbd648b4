package lv.pasvaldibas.directory;

import java.net.IDN;
import java.text.Normalizer;
import java.util.Locale;
import java.util.regex.Pattern;

/**
 * A name as a person typed it at sign-in, taken apart for routing: {@code name@domain} (UPN or
 * e-mail), {@code DOMAIN\name} (down-level logon name) or a bare {@code name}. Parsing bounds the
 * size and refuses control and invisible characters; everything else is kept and escaped where it is used.
 *
 * @param kind    which of the three forms
 * @param account the part before {@code @} or after {@code \}; the whole name when bare
 * @param domain  lower-case ASCII (IDNA) DNS domain, or the upper-case NetBIOS name; empty when bare
 * @param typed   the whole name, trimmed and NFC-normalised
 */
public record LoginName(Kind kind, String account, String domain, String typed) {

    /** AD's userPrincipalName is at most 1024 characters, but no real sign-in name comes near 256. */
    public static final int MAX_LENGTH = 256;

    private static final Pattern NETBIOS = Pattern.compile("[A-Za-z0-9][A-Za-z0-9._-]{0,14}");
    private static final Pattern DNS_DOMAIN = Pattern.compile("(?=.{1,253}$)([a-z0-9]([a-z0-9-]{0,61}[a-z0-9])?\\.)+[a-z][a-z0-9-]{0,61}[a-z0-9]");

    public enum Kind { QUALIFIED, DOWN_LEVEL, BARE }

    public static LoginName parse(String raw) {
        if (raw == null) {
            throw new InvalidLoginNameException("empty");
        }
        if (raw.length() > MAX_LENGTH * 4) {
            throw new InvalidLoginNameException("too long");
        }
        String typed = Normalizer.normalize(raw.strip(), Normalizer.Form.NFC);
        if (typed.isEmpty()) {
            throw new InvalidLoginNameException("empty");
        }
        if (typed.length() > MAX_LENGTH) {
            throw new InvalidLoginNameException("too long");
        }
        if (typed.codePoints().anyMatch(LoginName::invisible)) {
            throw new InvalidLoginNameException("control or invisible characters");
        }
        int backslash = typed.indexOf('\\');
        if (backslash >= 0) {
            String netbios = typed.substring(0, backslash);
            String account = typed.substring(backslash + 1);
            if (!NETBIOS.matcher(netbios).matches() || account.isEmpty()) {
                throw new InvalidLoginNameException("malformed DOMAIN\\name");
            }
            return new LoginName(Kind.DOWN_LEVEL, account, netbios.toUpperCase(Locale.ROOT), typed);
        }
        int at = typed.lastIndexOf('@');
        if (at >= 0) {
            String account = typed.substring(0, at);
            String domain = normaliseDomain(typed.substring(at + 1));
            if (account.isEmpty() || domain == null) {
                throw new InvalidLoginNameException("malformed name@domain");
            }
            return new LoginName(Kind.QUALIFIED, account, domain, typed);
        }
        return new LoginName(Kind.BARE, typed, "", typed);
    }

    /**
     * The name made safe to record (events, logs): control characters replaced, cut to
     * {@link #MAX_LENGTH}. For names that {@link #parse} refuses.
     */
    public static String printable(String raw) {
        if (raw == null) {
            return "";
        }
        String cut = raw.length() > MAX_LENGTH ? raw.substring(0, MAX_LENGTH) + "…" : raw;
        StringBuilder out = new StringBuilder(cut.length());
        cut.codePoints().forEach(c -> out.appendCodePoint(invisible(c) ? '\uFFFD' : c));
        return out.toString();
    }

    /** Control and format characters (NUL, zero-width space, bidi marks): nobody's name contains them. */
    private static boolean invisible(int c) {
        int type = Character.getType(c);
        return type == Character.CONTROL || type == Character.FORMAT;
    }

    /** Lower-case ASCII form of a DNS domain (IDNA for non-ASCII labels), or null if it is not one. */
    public static String normaliseDomain(String domain) {
        try {
            String ascii = IDN.toASCII(domain.strip(), IDN.USE_STD3_ASCII_RULES).toLowerCase(Locale.ROOT);
            return DNS_DOMAIN.matcher(ascii).matches() ? ascii : null;
        } catch (IllegalArgumentException e) {
            return null;
        }
    }
}
