package lv.pasvaldibas.vpvkac.platform.web;

/**
 * The application's settings, read from WildFly's environment (bin/platform sets them; the WAR holds
 * none). A missing required one stops the application with its name, never with a half-working one.
 */
public final class Settings {

    private Settings() {
    }

    public static String required(String variable, String whatFails) {
        String value = System.getenv(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(whatFails + ": the environment variable " + variable + " is not set (bin/platform up sets it)");
        }
        return value;
    }

    public static String optional(String variable, String fallback) {
        String value = System.getenv(variable);
        return value == null || value.isBlank() ? fallback : value;
    }
}
