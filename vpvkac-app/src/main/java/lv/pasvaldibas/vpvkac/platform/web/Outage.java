package lv.pasvaldibas.vpvkac.platform.web;

import lv.pasvaldibas.vpvkac.i18n.MessageKey;

/**
 * Something the application cannot work without is out of reach, so a request is answered 503
 * (try again shortly), never as done: the audit log (decision 79) or the platform's sign-in service.
 */
public enum Outage implements MessageKey {
    /** An action's audit record can be neither stored nor spooled: the action is not done. */
    AUDIT("audit.unavailable"),
    /** Keycloak does not answer, so no token or sign-in can be checked. */
    SIGN_IN("signIn.unavailable");

    /** Seconds a client is told to wait before it tries again. */
    public static final String RETRY_AFTER_SECONDS = "10";

    private final String key;

    Outage(String key) {
        this.key = key;
    }

    @Override
    public String key() {
        return key;
    }
}
