package lv.pasvaldibas.monitor.web;

import io.vertx.core.Future;
import io.vertx.core.http.Cookie;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import io.vertx.ext.web.client.WebClient;
import java.time.Duration;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.monitor.postgres.SignInStore;
import lv.pasvaldibas.monitor.saml.IdentityProvider;
import lv.pasvaldibas.monitor.saml.ServiceProvider;
import lv.pasvaldibas.monitor.signin.Officer;
import lv.pasvaldibas.monitor.signin.SessionTokens;
import lv.pasvaldibas.monitor.signin.SignInRefusal;
import lv.pasvaldibas.monitor.signin.SignInRefused;
import lv.pasvaldibas.monitor.signin.WebSession;

/**
 * Security officers' sign-in and logout over SAML: {@code /login} sends the browser to the identity
 * provider with a signed request; {@code /saml/acs} takes the response only after every check of
 * {@link ServiceProvider}, the replay cache and the request ledger, and a role; {@code /logout} and
 * {@code /saml/slo} are single logout both ways. Every sign-in, refusal and logout is audited. The
 * identity provider's metadata is fetched when first needed and again hourly, so the monitor starts
 * while Keycloak is still down and signs people in once it is up.
 */
final class SignInRoutes {

    private static final System.Logger LOG = System.getLogger(SignInRoutes.class.getName());
    private static final Duration REQUEST_VALID = Duration.ofMinutes(10);
    private static final Duration METADATA_FRESH = Duration.ofHours(1);

    private final Web web;
    private final ServiceProvider sp;
    private final String metadataUrl;
    private final Duration sessionLifetime;
    private final WebClient http;
    private volatile IdentityProvider idp;
    private volatile Instant idpFetched = Instant.EPOCH;

    SignInRoutes(Web web, ServiceProvider sp, String metadataUrl, Duration sessionLifetime) {
        this.web = web;
        this.sp = sp;
        this.metadataUrl = metadataUrl;
        this.sessionLifetime = sessionLifetime;
        this.http = WebClient.create(web.vertx);
    }

    void register(Router router) {
        router.get("/login").handler(this::login);
        router.post("/saml/acs").handler(this::acs);
        router.post("/saml/slo").handler(this::slo);
        router.get("/signed-out").handler(rc -> {
            Texts t = web.texts(rc);
            Web.html(rc, 200, Html.page(t, t.get("signedout"), null, "<p id=\"signed-out\"><a href=\"/login\">" + Html.text(t.get("signin.again"))
                    + "</a></p>"));
        });
        router.post("/logout").handler(web::requireSession).handler(this::logout);
    }

    private Future<IdentityProvider> identityProvider() {
        IdentityProvider known = idp;
        if (known != null && idpFetched.plus(METADATA_FRESH).isAfter(Instant.now())) {
            return Future.succeededFuture(known);
        }
        return http.getAbs(metadataUrl).timeout(5000).send().compose(r -> {
            if (r.statusCode() != 200) {
                return Future.failedFuture("the metadata answered " + r.statusCode());
            }
            IdentityProvider read = IdentityProvider.fromMetadata(r.body().getBytes());
            idp = read;
            idpFetched = Instant.now();
            return Future.succeededFuture(read);
        }).recover(e -> {
            LOG.log(System.Logger.Level.WARNING, "The identity provider's metadata " + metadataUrl + " is not available: " + e.getMessage());
            return known != null ? Future.succeededFuture(known) : Future.failedFuture(e);
        });
    }

    private void login(RoutingContext rc) {
        String id = SessionTokens.newRequestId();
        identityProvider().compose(provider -> web.monitor(c -> {
            SignInStore.rememberRequest(c, id, SignInStore.Purpose.SIGN_IN, Instant.now().plus(REQUEST_VALID));
            return sp.signOnRedirect(provider, id, Instant.now());
        })).onSuccess(rc::redirect).onFailure(e -> web.error(rc, 503, web.texts(rc).get("signin.idp-down")));
    }

    private void acs(RoutingContext rc) {
        String posted = rc.request().getFormAttribute("SAMLResponse");
        Instant now = Instant.now();
        identityProvider().compose(provider -> web.monitor(c -> {
            ServiceProvider.VerifiedSignIn signIn = sp.readResponse(posted, provider, now);
            if (!SignInStore.firstUse(c, signIn.assertionId(), signIn.expires().plus(sp.settings().skew()))) {
                throw new SignInRefused(SignInRefusal.REPLAYED, "assertion " + signIn.assertionId() + " was used before");
            }
            if (!SignInStore.takeRequest(c, signIn.inResponseTo(), SignInStore.Purpose.SIGN_IN, now)) {
                throw new SignInRefused(SignInRefusal.UNSOLICITED, "no outstanding request " + signIn.inResponseTo());
            }
            Officer officer = Officer.of(signIn.nameId(), signIn.attributes())
                    .orElseThrow(() -> new NoRole(signIn.nameId(), signIn.attributes()));
            String token = SessionTokens.newToken();
            WebSession session = new WebSession(officer, signIn.nameId(), signIn.nameIdFormat(), signIn.sessionIndex(), SessionTokens.newToken());
            SignInStore.openSession(c, SessionTokens.digest(token), session, now, sessionLifetime);
            return Map.entry(token, session);
        })).onComplete(done -> {
            if (done.succeeded()) {
                rc.put("session", done.result().getValue());
                Officer officer = done.result().getValue().officer();
                web.audited(rc, "MONITOR_SIGNED_IN", AuditEvent.Outcome.SUCCESS, "officer", officer.username(),
                        Map.of("scope", officer.platformWide() ? "platform" : officer.municipality())).onComplete(written -> {
                    if (written.failed()) {
                        web.error(rc, 503, web.texts(rc).get("error.unavailable"));
                        return;
                    }
                    rc.response().addCookie(web.cookie(Web.SESSION_COOKIE, done.result().getKey(), sessionLifetime));
                    rc.redirect("/");
                });
                return;
            }
            refuse(rc, done.cause());
        });
    }

    /** A valid sign-in of someone without either security officer role. */
    private static final class NoRole extends SignInRefused {
        final String username;
        final java.util.List<String> municipality;

        NoRole(String username, Map<String, java.util.List<String>> attributes) {
            super(SignInRefusal.NO_ROLE, "neither " + Officer.MUNICIPAL_ROLE + " nor " + Officer.PLATFORM_ROLE + " (or the municipal one "
                    + "without one municipality); roles " + attributes.getOrDefault("Role", java.util.List.of()) + ", attributes "
                    + attributes.keySet());
            this.username = username;
            this.municipality = attributes.getOrDefault("municipality", java.util.List.of());
        }
    }

    private void refuse(RoutingContext rc, Throwable cause) {
        Texts t = web.texts(rc);
        if (!(cause instanceof SignInRefused refused)) {
            LOG.log(System.Logger.Level.WARNING, "A sign-in could not be completed: " + cause);
            web.error(rc, 503, t.get("error.unavailable"));
            return;
        }
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("reason", refused.reason().code());
        details.put("detail", refused.getMessage());
        String target = null;
        if (refused instanceof NoRole noRole) {
            target = noRole.username;
            details.put("municipality", String.join(",", noRole.municipality));
        }
        LOG.log(System.Logger.Level.WARNING, "Sign-in refused from " + Web.sourceIp(rc) + ": " + refused.getMessage());
        web.audited(rc, "MONITOR_SIGN_IN_REFUSED", AuditEvent.Outcome.DENIED, "officer", target, details).onComplete(written -> {
            int status = refused.reason() == SignInRefusal.NO_ROLE ? 403 : 400;
            Web.html(rc, status, Html.page(t, t.get("signin.refused"), null, "<p class=\"error\" id=\"refusal\" data-reason=\""
                    + Html.text(refused.reason().code()) + "\">" + Html.text(refused.reason().message(t.language())) + "</p>"));
        });
    }

    /** Ends our session, then the identity provider's (it answers at {@code /saml/slo}). */
    private void logout(RoutingContext rc) {
        if (!Web.csrfOk(rc)) {
            web.error(rc, 403, web.texts(rc).get("error.csrf"));
            return;
        }
        Cookie cookie = rc.request().getCookie(Web.SESSION_COOKIE);
        WebSession session = Web.session(rc);
        String id = SessionTokens.newRequestId();
        web.audited(rc, "MONITOR_SIGNED_OUT", AuditEvent.Outcome.SUCCESS, "officer", session.officer().username(), Map.of())
                .compose(written -> identityProvider()).compose(provider -> web.monitor(c -> {
                    SignInStore.closeSession(c, SessionTokens.digest(cookie.getValue()));
                    SignInStore.rememberRequest(c, id, SignInStore.Purpose.LOGOUT, Instant.now().plus(REQUEST_VALID));
                    return sp.logoutRedirect(provider, id, Instant.now(), session.nameId(), session.nameIdFormat(), session.sessionIndex());
                })).onSuccess(location -> {
                    rc.response().addCookie(web.cookie(Web.SESSION_COOKIE, "", Duration.ZERO));
                    rc.redirect(location);
                }).onFailure(e -> web.monitor(c -> SignInStore.closeSession(c, SessionTokens.digest(cookie.getValue()))).onComplete(closed -> {
                    // the identity provider is away: our session is over all the same
                    rc.response().addCookie(web.cookie(Web.SESSION_COOKIE, "", Duration.ZERO));
                    rc.redirect("/signed-out");
                }));
    }

    /** The identity provider's logout request (another application's logout ended the person's session) or its answer to ours. */
    private void slo(RoutingContext rc) {
        String request = rc.request().getFormAttribute("SAMLRequest");
        String posted = request != null ? request : rc.request().getFormAttribute("SAMLResponse");
        Instant now = Instant.now();
        identityProvider().compose(provider -> web.monitor(c -> {
            ServiceProvider.IdpLogout logout = sp.readLogout(posted, provider, now);
            if (logout.request()) {
                java.util.List<String> ended = SignInStore.closeSessions(c, logout.nameId(), logout.sessionIndexes());
                return Map.entry(ended, sp.logoutResponseRedirect(provider, SessionTokens.newRequestId(), logout.id(), now));
            }
            SignInStore.takeRequest(c, logout.inResponseTo(), SignInStore.Purpose.LOGOUT, now);
            return Map.entry(java.util.List.<String>of(), "/signed-out");
        })).onComplete(done -> {
            if (done.failed()) {
                refuse(rc, done.cause());
                return;
            }
            rc.response().addCookie(web.cookie(Web.SESSION_COOKIE, "", Duration.ZERO));
            if (done.result().getKey().isEmpty()) {
                rc.redirect(done.result().getValue());
                return;
            }
            web.audited(rc, "MONITOR_SIGNED_OUT", AuditEvent.Outcome.SUCCESS, "officer", String.join(",", done.result().getKey()),
                    Map.of("by", "identity provider")).onComplete(w -> rc.redirect(done.result().getValue()));
        });
    }
}
