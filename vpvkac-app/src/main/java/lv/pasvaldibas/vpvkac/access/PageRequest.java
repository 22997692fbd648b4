package lv.pasvaldibas.vpvkac.access;

import java.util.Locale;
import java.util.Set;
import lv.pasvaldibas.vpvkac.i18n.MessageKey;

/**
 * Whether a request that may change something can have come from VPVKAC's own pages (decision 83).
 * The pages sign in with a session cookie, which a browser also sends when another site's page
 * posts a form or script to the API; what such a page cannot do is add a header of its own without
 * the browser asking the API first (a CORS preflight, which WildFly does not grant). So a change
 * authenticated by the session must carry {@code X-Requested-With: XMLHttpRequest}, the header that
 * also makes WildFly's OIDC client answer a lost session with 401 instead of a sign-in page. A
 * request with a bearer token carries its own proof and needs no header: browsers never add
 * bearer tokens by themselves.
 */
public final class PageRequest {

    public static final String HEADER = "X-Requested-With";
    public static final String HEADER_VALUE = "XMLHttpRequest";
    private static final Set<String> SAFE = Set.of("GET", "HEAD", "OPTIONS");

    /** Why a request was refused; the text is in the bundles. */
    public enum Refusal implements MessageKey.Prefixed {
        /** A change that came with the session cookie only, without the pages' header. */
        NOT_FROM_PAGE;

        @Override
        public String prefix() {
            return "request";
        }
    }

    private PageRequest() {
    }

    /**
     * True when the request may go on: it reads only, or carries a bearer token, or carries the
     * pages' header. Header values as received (null when absent).
     */
    public static boolean allowed(String method, String authorization, String requestedWith) {
        if (method == null || SAFE.contains(method.toUpperCase(Locale.ROOT))) {
            return true;
        }
        if (authorization != null && authorization.regionMatches(true, 0, "Bearer ", 0, 7)) {
            return true;
        }
        return HEADER_VALUE.equalsIgnoreCase(requestedWith == null ? null : requestedWith.strip());
    }
}
