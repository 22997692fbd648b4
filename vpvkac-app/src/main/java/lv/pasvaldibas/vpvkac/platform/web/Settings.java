package lv.pasvaldibas.vpvkac.platform.web;

/**
 * The application's settings, read from WildFly's environment (bin/platform sets them; the WAR holds
 * none). A missing required one stops the application with its name, never with a half-working one.
 * <p>
 * A setting {@code X} is found the way WildFly finds {@code ${env.X}} in its own configuration (the
 * datasource of vpvkac.cli): a system property {@code env.X} first, then the environment variable.
 * So a server given its settings as system properties ({@code --properties}, as the Arquillian tests
 * start it: their launcher cannot set the environment) configures the datasource and the application
 * alike.
 */
public final class Settings {

    private Settings() {
    }

    public static String required(String variable, String whatFails) {
        String value = value(variable);
        if (value == null || value.isBlank()) {
            throw new IllegalStateException(whatFails + ": the environment variable " + variable + " is not set (bin/platform up sets it)");
        }
        return value;
    }

    public static String optional(String variable, String fallback) {
        String value = value(variable);
        return value == null || value.isBlank() ? fallback : value;
    }

    private static String value(String variable) {
        String property = System.getProperty("env." + variable);
        return property != null ? property : System.getenv(variable);
    }
}
