package lv.pasvaldibas.realmconfig;

import com.fasterxml.jackson.databind.JsonNode;
import java.util.regex.Pattern;

/**
 * One field that differs: where, what the platform has, what realm-config wants. Secret fields
 * (client secrets, passwords, keys) are compared but never shown.
 */
public record FieldDiff(String path, JsonNode before, JsonNode after) {

    private static final Pattern SECRET = Pattern.compile("(?i).*(secret|password|credential|private|token|key)$");

    public boolean secret() {
        String last = path.substring(path.lastIndexOf('.') + 1);
        return SECRET.matcher(last).matches();
    }

    /** {@code description: "old" -> "new"}, or {@code secret: changed (not shown)}. */
    public String render() {
        if (secret()) {
            return path + ": changed (not shown)";
        }
        return path + ": " + show(before) + " -> " + show(after);
    }

    private static String show(JsonNode value) {
        if (value == null || value.isMissingNode() || value.isNull()) {
            return "(none)";
        }
        String text = value.toString();
        return text.length() > 120 ? text.substring(0, 117) + "..." : text;
    }
}
