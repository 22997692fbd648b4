package lv.pasvaldibas.trust.keycloak;

import io.micrometer.core.instrument.Metrics;
import io.micrometer.core.instrument.Timer;
import jakarta.ws.rs.core.Response;
import java.time.Instant;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import java.util.stream.Collectors;
import lv.pasvaldibas.directory.PlatformUserAttributes;
import lv.pasvaldibas.platform.keycloak.ThemeMessages;
import lv.pasvaldibas.trust.AccessDecision;
import org.keycloak.events.EventBuilder;
import org.keycloak.forms.login.LoginFormsProvider;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.services.ErrorResponseException;
import org.keycloak.services.resource.RealmResourceProvider;

/**
 * The access decision at sign-in (DESIGN.md §3): may this user reach this client? A client with a
 * {@code municipality} attribute belongs to that municipality; others are platform-wide. The user's
 * municipality, home directory and directory groups come from their imported attributes.
 */
public final class TrustGate {

    /** Client attribute naming the municipality that owns the client. */
    public static final String CLIENT_OWNER = "municipality";
    /**
     * Attribute of a platform-wide client that serves every municipality's data: the realm roles
     * (space-separated) that trusts may grant on it, scoped to the trusting municipality's data.
     * Without it a platform-wide client cannot be covered by a trust.
     */
    public static final String GRANTABLE_ROLES = "trust-grantable-roles";
    /**
     * Attribute of a client that fronts a platform-wide API (a command-line or page client whose tokens
     * are for the API's audience): the API's client id. Its tokens carry the trust grants of that API,
     * so one trust covering the API serves every front end (decision 96).
     */
    public static final String GRANTS_OF = "trust-grants-of";

    // registered once, not looked up per sign-in; Keycloak's registry joins the global composite at start
    private static final Timer ADMITTED = decisionTimer("admitted");
    private static final Timer DENIED = decisionTimer("denied");

    private TrustGate() {
    }

    private static Timer decisionTimer(String outcome) {
        return Timer.builder("pasvaldibas.trust.decision").tag("outcome", outcome)
                .description("One trust decision for a client of another municipality (cache lookup included)")
                .publishPercentiles(0.5, 0.99).register(Metrics.globalRegistry);
    }

    public static AccessDecision.Access decide(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client) {
        String owner = client.getAttribute(CLIENT_OWNER);
        String municipality = user.getFirstAttribute(PlatformUserAttributes.MUNICIPALITY);
        if (owner == null || owner.equals(municipality)) {
            return new AccessDecision.Access.Home(); // the common case: no trust is looked at
        }
        if (user.getServiceAccountClientLink() != null) {
            return new AccessDecision.Access.Home(); // a client's own service account is no employee: trusts are about people
        }
        // one request asks several times (password step, required action trigger, each token mapper)
        String asked = "pasvaldibas.trust-decision:" + user.getId() + ":" + client.getId();
        if (session.getAttribute(asked) instanceof AccessDecision.Access known) {
            return known;
        }
        long start = System.nanoTime();
        AccessDecision.Access access = decisions(session).decision(session, realm).decide(request(user, client, owner), Instant.now());
        (access instanceof AccessDecision.Access.Denied ? DENIED : ADMITTED).record(System.nanoTime() - start, TimeUnit.NANOSECONDS);
        session.setAttribute(asked, access);
        return access;
    }

    /** The client whose trust grants tokens of {@code client} carry: the API it fronts ({@link #GRANTS_OF}), else itself. */
    public static ClientModel grantsClient(RealmModel realm, ClientModel client) {
        String api = client.getAttribute(GRANTS_OF);
        ClientModel fronted = api == null || api.isBlank() ? null : realm.getClientByClientId(api.trim());
        return fronted == null ? client : fronted;
    }

    /** The realm roles trusts may grant on this platform-wide client; empty for any other client. */
    public static Set<String> grantableRoles(ClientModel client) {
        String roles = client.getAttribute(GRANTABLE_ROLES);
        if (client.getAttribute(CLIENT_OWNER) != null || roles == null || roles.isBlank()) {
            return Set.of();
        }
        return Set.of(roles.trim().split("\\s+"));
    }

    /**
     * What trusts of other municipalities grant this user on their data in this platform-wide
     * client, by municipality (DESIGN.md §3 and §6: VPVKAC queues); empty for any other client.
     */
    public static Map<String, AccessDecision.Access.ViaTrust> grantsOnSharedClient(KeycloakSession session, RealmModel realm,
                                                                                           UserModel user, ClientModel client) {
        if (grantableRoles(client).isEmpty() || user.getServiceAccountClientLink() != null) {
            return Map.of();
        }
        String asked = "pasvaldibas.trust-grants:" + user.getId() + ":" + client.getId();
        if (session.getAttribute(asked) instanceof Map<?, ?> known) {
            @SuppressWarnings("unchecked")
            Map<String, AccessDecision.Access.ViaTrust> grants = (Map<String, AccessDecision.Access.ViaTrust>) known;
            return grants;
        }
        Map<String, AccessDecision.Access.ViaTrust> grants = decisions(session).decision(session, realm)
                .grantsOnSharedClient(request(user, client, null), Instant.now());
        session.setAttribute(asked, grants);
        return grants;
    }

    private static AccessDecision.Request request(UserModel user, ClientModel client, String owner) {
        Set<String> groups = user.getAttributeStream(PlatformUserAttributes.DIRECTORY_GROUPS).collect(Collectors.toSet());
        return new AccessDecision.Request(user.getFirstAttribute(PlatformUserAttributes.MUNICIPALITY),
                user.getFirstAttribute(PlatformUserAttributes.HOME_DIRECTORY), groups, client.getClientId(), owner);
    }

    /** The refusal when this user may not reach this client, else empty. */
    public static Optional<AccessDecision.Access.Denied> denied(KeycloakSession session, RealmModel realm, UserModel user, ClientModel client) {
        return decide(session, realm, user, client) instanceof AccessDecision.Access.Denied denied ? Optional.of(denied) : Optional.empty();
    }

    /** Records a refused sign-in as {@code trust_denied}, naming the municipality that did not grant access. */
    public static void recordRefusal(EventBuilder event, UserModel user, AccessDecision.Access.Denied denied) {
        event.user(user).detail("resource_municipality", denied.resourceMunicipality()).error("trust_denied");
    }

    private static TrustDecisionCache decisions(KeycloakSession session) {
        return ((TrustAdminResourceProviderFactory) session.getKeycloakSessionFactory()
                .getProviderFactory(RealmResourceProvider.class, TrustAdminResourceProviderFactory.ID)).decisions();
    }

    /**
     * The decision when a token or assertion is built (sign-in by SSO cookie, refresh): denied now,
     * e.g. because the trust was suspended since sign-in, means no token at all.
     */
    public static AccessDecision.Access decideOrRefuse(KeycloakSession session, UserSessionModel userSession, ClientModel client) {
        AccessDecision.Access access = decide(session, userSession.getRealm(), userSession.getUser(), client);
        if (access instanceof AccessDecision.Access.Denied denied) {
            throw new ErrorResponseException("invalid_grant", refusal(session, denied.resourceMunicipality()),
                    Response.Status.BAD_REQUEST);
        }
        return access;
    }

    /** The browser's refusal page, in the person's language, naming the municipality. */
    public static Response refusalPage(KeycloakSession session, LoginFormsProvider form, String municipality) {
        return form.setError("trustDeniedMessage", municipalityName(session, municipality)).createErrorPage(Response.Status.FORBIDDEN);
    }

    /** The refusal for a person, in Latvian and English, naming the municipality. */
    public static String refusal(KeycloakSession session, String municipality) {
        return ThemeMessages.bilingual(session, "trustDeniedMessage", municipalityName(session, municipality));
    }

    /** The municipality's Organization name ("Kuldīgas novada pašvaldība"), else its id. */
    public static String municipalityName(KeycloakSession session, String municipality) {
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        OrganizationModel org = organizations == null ? null : organizations.getByAlias(municipality);
        return Optional.ofNullable(org).map(OrganizationModel::getName).orElse(municipality);
    }
}
