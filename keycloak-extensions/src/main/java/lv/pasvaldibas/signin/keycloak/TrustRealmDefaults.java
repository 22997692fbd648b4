package lv.pasvaldibas.signin.keycloak;

import java.util.HashMap;
import lv.pasvaldibas.trust.keycloak.TrustGate;
import lv.pasvaldibas.trust.keycloak.TrustSamlMapper;
import lv.pasvaldibas.trust.keycloak.TrustTokenMapper;
import org.keycloak.models.ClientScopeModel;
import org.keycloak.models.ProtocolMapperModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RequiredActionProviderModel;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * What every new realm gets so that trusts hold without anyone remembering a setting: the trust check
 * for cookie sign-ins ({@link TrustRequiredAction}, enabled) and two default client scopes that carry
 * the trust mappers ({@code municipal-trust} for OIDC, {@code municipal-trust-saml} for SAML), so
 * every client created afterwards trims an admitted outsider's roles and re-checks at refresh, and a
 * platform-wide client that takes trust grants (VPVKAC) carries them.
 * Applied when a realm is created (imported or not; the municipalities' clients of an import get the
 * scope too): a realm file with its own {@code requiredActions} or {@code clientScopes} would replace
 * Keycloak's defaults, so the realm file names neither.
 */
final class TrustRealmDefaults {

    static final String OIDC_SCOPE = "municipal-trust";
    static final String SAML_SCOPE = "municipal-trust-saml";

    private TrustRealmDefaults() {
    }

    /** Applies the defaults to every realm created from now on. */
    static void onRealmCreation(KeycloakSessionFactory factory) {
        factory.register(event -> {
            if (event instanceof RealmModel.RealmPostCreateEvent created) {
                apply(created.getCreatedRealm());
            }
        });
    }

    static void apply(RealmModel realm) {
        if (realm.getRequiredActionProviderByAlias(TrustRequiredAction.PROVIDER_ID) == null) {
            RequiredActionProviderModel check = new RequiredActionProviderModel();
            check.setAlias(TrustRequiredAction.PROVIDER_ID);
            check.setProviderId(TrustRequiredAction.PROVIDER_ID);
            check.setName("Municipal trust check");
            check.setEnabled(true);
            check.setDefaultAction(false);
            check.setPriority(Integer.MAX_VALUE);
            realm.addRequiredActionProvider(check);
        }
        defaultScope(realm, OIDC_SCOPE, "openid-connect", TrustTokenMapper.PROVIDER_ID,
                "Municipal trust: the trust claim and only the trust-granted roles; a refresh re-checks the trust");
        defaultScope(realm, SAML_SCOPE, "saml", TrustSamlMapper.PROVIDER_ID,
                "Municipal trust: municipality, home_directory, trust and only the trust-granted roles");
    }

    /**
     * The scope, made a realm default, and given to the clients already in the realm (an import's) that
     * trusts concern: the municipalities' own and the platform-wide ones that take trust grants.
     */
    private static void defaultScope(RealmModel realm, String name, String protocol, String mapper, String description) {
        ClientScopeModel scope = realm.getClientScopesStream().filter(s -> s.getName().equals(name)).findFirst().orElse(null);
        if (scope == null) {
            scope = realm.addClientScope(name);
            scope.setProtocol(protocol);
            scope.setDescription(description);
            scope.setIncludeInTokenScope(false);
            ProtocolMapperModel model = new ProtocolMapperModel();
            model.setName("municipal trust");
            model.setProtocol(protocol);
            model.setProtocolMapper(mapper);
            model.setConfig(new HashMap<>());
            scope.addProtocolMapper(model);
            realm.addDefaultClientScope(scope, true);
        }
        ClientScopeModel trustScope = scope;
        realm.getClientsStream()
                .filter(c -> c.getAttribute(TrustGate.CLIENT_OWNER) != null || !TrustGate.grantableRoles(c).isEmpty()
                        || c.getAttribute(TrustGate.GRANTS_OF) != null)
                .filter(c -> protocol.equals(c.getProtocol() == null ? "openid-connect" : c.getProtocol()))
                .filter(c -> !c.getClientScopes(true).containsKey(name))
                .forEach(c -> c.addClientScope(trustScope, true));
    }
}
