package lv.pasvaldibas.provisioning.vertx;

import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.handler.StaticHandler;
import java.net.URI;

/**
 * The page for municipal IT staff ({@code webroot/} on the classpath, at {@code /}) and what it needs
 * to sign in ({@code /config.json}: the realm and the public client). The page signs in by itself in
 * the browser (authorization code with PKCE) and calls {@code /api/} with the bearer token, so the
 * daemon keeps no session and sets no cookie, and the API stays the one thing that is guarded; the
 * page itself holds nothing secret. Its headers keep it to its own scripts (no inline script, so
 * text that slipped into the data cannot run) and out of other sites' frames, as VPVKAC's pages
 * (decision 83); the one other origin it may connect to is the platform's Keycloak, for the token
 * exchange.
 */
final class Page {

    static final String WEBROOT = "webroot";

    private final String policy;
    private final String config;

    Page(ProvisioningSettings settings) {
        URI issuer = URI.create(settings.issuer());
        String keycloak = issuer.getScheme() + "://" + issuer.getRawAuthority();
        policy = "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self'; connect-src 'self' " + keycloak + "; "
                + "object-src 'none'; base-uri 'none'; form-action 'self'; frame-ancestors 'none'";
        config = new JsonObject().put("issuer", settings.issuer()).put("clientId", settings.pageClient()).encode();
    }

    /** After the API's routes: only {@code /}, its assets and its configuration are served. */
    void mount(Router router) {
        router.get("/config.json").handler(this::headers).handler(rc -> rc.response()
                .putHeader("Content-Type", "application/json; charset=utf-8").end(config));
        router.get("/").handler(this::headers).handler(files(WEBROOT));
        // a route ending in * serves the path after its prefix: the assets come from their own folder
        router.get("/assets/*").handler(this::headers).handler(files(WEBROOT + "/assets"));
    }

    /** The files under root; the browser revalidates each, so a new daemon's page and scripts take effect at the next load. */
    private static StaticHandler files(String root) {
        return StaticHandler.create(root).setCachingEnabled(false).setDefaultContentEncoding("UTF-8");
    }

    private void headers(RoutingContext rc) {
        rc.response().putHeader("Content-Security-Policy", policy)
                .putHeader("X-Content-Type-Options", "nosniff")
                // the address holds the sign-in's one-time code for a moment; no other site needs to see where someone came from
                .putHeader("Referrer-Policy", "no-referrer")
                .putHeader("Cache-Control", "no-cache");
        rc.next();
    }
}
