package lv.pasvaldibas.signin.keycloak;

import java.util.Optional;
import lv.pasvaldibas.trust.AccessDecision;
import lv.pasvaldibas.trust.keycloak.TrustGate;
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
 * refused earlier, by the password step itself ({@link AfterPasswordCheck}). New realms get it
 * enabled ({@link TrustRealmDefaults}).
 */
public final class TrustRequiredAction implements RequiredActionProvider, RequiredActionFactory {

    public static final String PROVIDER_ID = "municipal-trust-check";

    @Override
    public void evaluateTriggers(RequiredActionContext context) {
        if (denied(context).isPresent()) {
            context.getAuthenticationSession().addRequiredAction(PROVIDER_ID);
        }
    }

    @Override
    public void requiredActionChallenge(RequiredActionContext context) {
        Optional<AccessDecision.Access.Denied> denied = denied(context);
        if (denied.isEmpty()) {
            context.success();
            return;
        }
        // the sign-in itself succeeded: its refusal is an error event of its own
        TrustGate.recordRefusal(context.getEvent().clone().event(EventType.LOGIN_ERROR), context.getUser(), denied.get());
        context.challenge(TrustGate.refusalPage(context.getSession(), context.form(), denied.get().resourceMunicipality()));
    }

    @Override
    public void processAction(RequiredActionContext context) {
        requiredActionChallenge(context);
    }

    private static Optional<AccessDecision.Access.Denied> denied(RequiredActionContext context) {
        return TrustGate.denied(context.getSession(), context.getRealm(), context.getUser(), context.getAuthenticationSession().getClient());
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
