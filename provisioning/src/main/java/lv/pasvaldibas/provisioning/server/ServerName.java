package lv.pasvaldibas.provisioning.server;

import java.util.regex.Pattern;

/**
 * A server's name within its municipality: a DNS label (lower-case letters, digits and hyphens,
 * 1–63 characters, starting with a letter, not ending with a hyphen), so it can become a host name.
 * Names are unique per municipality among servers that are not deleted.
 */
public final class ServerName {

    public static final int MAX_LENGTH = 63;
    private static final Pattern LABEL = Pattern.compile("[a-z]([a-z0-9-]{0,61}[a-z0-9])?");

    private ServerName() {
    }

    public static boolean valid(String name) {
        return name != null && name.length() <= MAX_LENGTH && LABEL.matcher(name).matches();
    }
}
