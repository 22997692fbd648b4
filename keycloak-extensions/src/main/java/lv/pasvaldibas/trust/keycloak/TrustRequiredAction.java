package lv.pasvaldibas.trust.keycloak;

import lv.pasvaldibas.trust.AccessDecision;
import org.keycloak.Config;
import org.keycloak.authentication.InitiatedActionSupport;
import org.keycloak.authentication.RequiredActionContext;
import org.keycloak.authentication.RequiredActionFactory;
import org.keycloak.authentication.RequiredActionProvider;
import org.keycloak.events.EventType;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;

/**
 * The trust check for a browser sign-in that asked for no password: someone already signed in (SSO
 * cookie) who opens another municipality's application. Keycloak evaluates every enabled required
 * action at the end of every browser sign-in, cookie or form; this one stops the sign-in with the
 * refusal page, for this sign-in only (nothing is stored on the account). Sign-ins with a password are
 * refused earlier, by the password step itself. New realms get it enabled ({@link TrustRealmDefaults}).
 */
public final class TrustRequiredAction implements RequiredActionProvider, RequiredActionFactory {

    public static final String PROVIDER_ID = "municipal-trust-check";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        if (denied(context) != null) {
            context.getAuthenticationSession().addRequiredAction(PROVIDER_ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        AccessDecision.Access.Denied denied = denied(context);
        if (denied == null) {
            context.success();
            return;
        }
        context.getEvent().clone().event(EventType.LOGIN_ERROR).user(context.getUser())
                .detail("resource_municipality", denied.resourceMunicipality()).error("trust_denied");
        context.challenge(TrustGate.refusalPage(context.getSession(), context.form(), denied.resourceMunicipality()));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        requiredActionChallenge(context);
    }

    private static AccessDecision.Access.Denied denied(RequiredActionContext context) {
        return TrustGate.decide(context.getSession(), context.getRealm(), context.getUser(),
                context.getAuthenticationSession().getClient()) instanceof AccessDecision.Access.Denied denied ? denied : null;
    }

    @Override
    public InitiatedActionSupport initiatedActionSupport() {
        return InitiatedActionSupport.NOT_SUPPORTED;
    }

    @Override
    public String getDisplayText() {
        return "Municipal trust check";
    }

    @Override
    public RequiredActionProvider create(KeycloakSession session) {
        return this;
    }

    @Override
    public void init(Config.Scope config) {
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        TrustRealmDefaults.onRealmCreation(factory);
    }

    @Override
    public void close() {
    }

    @Override
    public String getId() {
        return PROVIDER_ID;
    }
}
