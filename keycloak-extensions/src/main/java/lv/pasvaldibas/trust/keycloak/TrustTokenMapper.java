package lv.pasvaldibas.trust.keycloak;

import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import lv.pasvaldibas.trust.AccessDecision;
import org.keycloak.models.ClientModel;
import org.keycloak.models.ClientSessionContext;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.UserSessionModel;
import org.keycloak.protocol.oidc.mappers.AbstractOIDCProtocolMapper;
import org.keycloak.protocol.oidc.mappers.OIDCAccessTokenMapper;
import org.keycloak.protocol.oidc.mappers.OIDCIDTokenMapper;
import org.keycloak.protocol.oidc.mappers.TokenIntrospectionTokenMapper;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.representations.AccessToken;
import org.keycloak.representations.IDToken;

/**
 * For a user who reaches a client through trusts: the {@code trust} claim (the trusts used), and in
 * the access token only the roles those trusts grant for this client: the user's own
 * municipality's roles do not travel. Runs after Keycloak's role mappers, on every token, refresh
 * included: a trust suspended, revoked or expired since sign-in makes the next refresh fail.
 * Token introspection builds its answer again through the introspection mappers (always for a
 * lightweight access token, which carries no roles): Keycloak's role mappers put the user's own roles
 * there too, so this mapper trims that answer in the same way, whatever its configuration says.
 * <p>
 * On a platform-wide client that serves every municipality's data ({@link TrustGate#GRANTABLE_ROLES}),
 * the user keeps their own roles, and {@code trust_grants} says what other municipalities' trusts
 * grant them on those municipalities' data: {@code {"ventspils": ["vpvkac-specialist"]}}. The
 * client enforces it; introspection answers it afresh, so a client that asks on each request sees a
 * suspended trust at once.
 */
public final class TrustTokenMapper extends AbstractOIDCProtocolMapper
        implements OIDCAccessTokenMapper, OIDCIDTokenMapper, TokenIntrospectionTokenMapper {

    public static final String PROVIDER_ID = "municipal-trust-mapper";
    public static final String CLAIM = "trust";
    public static final String GRANTS_CLAIM = "trust_grants";

    @Override
    public String getId() {
        return PROVIDER_ID;
    }

    @Override
    public String getDisplayType() {
        return "Municipal trust";
    }

    @Override
    public String getDisplayCategory() {
        return TOKEN_MAPPER_CATEGORY;
    }

    @Override
    public String getHelpText() {
        return "Adds the trust claim and keeps only the trust-granted roles when the user comes from another municipality";
    }

    @Override
    public List<ProviderConfigProperty> getConfigProperties() {
        return List.of();
    }

    /** After the role mappers (Keycloak's highest built-in priority is 50); the SAML mapper's too. */
    static final int AFTER_BUILT_IN_MAPPERS = 100;

    @Override
    public int getPriority() {
        return AFTER_BUILT_IN_MAPPERS;
    }

    @Override
    public AccessToken transformAccessToken(AccessToken token, ProtocolMapperModel model, KeycloakSession session,
                                            UserSessionModel userSession, ClientSessionContext context) {
        ClientModel client = context.getClientSession().getClient();
        return withGrants(trimmed(token, client, TrustGate.decideOrRefuse(session, userSession, client)), session, userSession, client);
    }

    /**
     * The introspection answer is not an issued token: a trust stopped since the token was issued is
     * not an error here, it leaves the answer with no roles at all (the next refresh fails as above).
     */
    @Override
    public AccessToken transformIntrospectionToken(AccessToken token, ProtocolMapperModel model, KeycloakSession session,
                                                   UserSessionModel userSession, ClientSessionContext context) {
        ClientModel client = context.getClientSession().getClient();
        return withGrants(trimmed(token, client, TrustGate.decide(session, userSession.getRealm(), userSession.getUser(), client)),
                session, userSession, client);
    }

    private static AccessToken withGrants(AccessToken token, KeycloakSession session, UserSessionModel userSession, ClientModel tokenClient) {
        ClientModel client = TrustGate.grantsClient(userSession.getRealm(), tokenClient);
        var grants = TrustGate.grantsOnSharedClient(session, userSession.getRealm(), userSession.getUser(), client);
        // only what the client offers today: a role taken off its list since the trust was made no longer travels
        Set<String> grantable = TrustGate.grantableRoles(client);
        Map<String, List<String>> rolesByMunicipality = new TreeMap<>();
        List<String> trustIds = new ArrayList<>();
        grants.forEach((municipality, via) -> {
            List<String> roles = via.roles().stream().filter(grantable::contains).sorted().toList();
            if (!roles.isEmpty()) {
                rolesByMunicipality.put(municipality, roles);
                trustIds.addAll(via.trustIds());
            }
        });
        if (!rolesByMunicipality.isEmpty()) {
            token.getOtherClaims().put(GRANTS_CLAIM, rolesByMunicipality);
            token.getOtherClaims().put(CLAIM, trustIds);
        }
        return token;
    }

    private static AccessToken trimmed(AccessToken token, ClientModel client, AccessDecision.Access access) {
        if (access instanceof AccessDecision.Access.ViaTrust via) {
            token.getOtherClaims().put(CLAIM, via.trustIds());
            token.setRealmAccess(null);
            token.setResourceAccess(new java.util.HashMap<>());
            token.addAccess(client.getClientId()).roles(new HashSet<>(via.roles()));
        } else if (access instanceof AccessDecision.Access.Denied) {
            token.setRealmAccess(null);
            token.setResourceAccess(new java.util.HashMap<>());
        }
        return token;
    }

    @Override
    public IDToken transformIDToken(IDToken token, ProtocolMapperModel model, KeycloakSession session, UserSessionModel userSession,
                                    ClientSessionContext context) {
        if (TrustGate.decideOrRefuse(session, userSession, context.getClientSession().getClient()) instanceof AccessDecision.Access.ViaTrust via) {
            token.getOtherClaims().put(CLAIM, via.trustIds());
        }
        return token;
    }
}
