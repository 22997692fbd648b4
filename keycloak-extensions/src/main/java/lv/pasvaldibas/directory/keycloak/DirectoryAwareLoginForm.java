package lv.pasvaldibas.directory.keycloak;

import jakarta.ws.rs.core.Response;
import lv.pasvaldibas.directory.SignInFailure;
import lv.pasvaldibas.trust.AccessDecision;
import lv.pasvaldibas.trust.keycloak.TrustGate;
import org.keycloak.authentication.FlowStatus;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.PasswordForm;
import org.keycloak.authentication.authenticators.browser.PasswordFormFactory;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's login forms, telling the person why their municipal directory refused them (the
 * message keys of {@link SignInFailure}, translated by the platform's login theme). Both forms are
 * replaced, under their built-in provider ids with a higher order: the username-and-password form,
 * and the password form that the identity-first login (Organizations) shows after the name.
 */
public final class DirectoryAwareLoginForm {

    private DirectoryAwareLoginForm() {
    }

    static String challengeMessage(AuthenticationFlowContext context, String generic) {
        return SignInFailures.recorded(context.getSession()).map(SignInFailure::messageKey).orElse(generic);
    }

    /**
     * After the password step: a check that failed because a directory or the audit log was down
     * shows the form again with the reason, as a challenge, so Keycloak's brute-force guard does not
     * count it as a wrong password (decision 33). After a right password: may this user reach this
     * client? If not, an error page naming the municipality that did not grant access (a challenge
     * too).
     *
     * @param form the form with an error message, as the authenticator builds it
     */
    static void afterPassword(AuthenticationFlowContext context, java.util.function.Function<String, Response> form) {
        java.util.Optional<SignInFailure> outage = SignInFailures.recorded(context.getSession()).filter(SignInFailure::isOutage);
        if ((context.getStatus() == FlowStatus.FAILED || context.getStatus() == FlowStatus.FAILURE_CHALLENGE) && outage.isPresent()) {
            context.forceChallenge(form.apply(outage.get().messageKey()));
            return;
        }
        if (context.getStatus() != FlowStatus.SUCCESS || context.getUser() == null) {
            return;
        }
        if (TrustGate.decide(context.getSession(), context.getRealm(), context.getUser(), context.getAuthenticationSession().getClient())
                instanceof AccessDecision.Access.Denied denied) {
            context.getEvent().user(context.getUser()).detail("resource_municipality", denied.resourceMunicipality()).error("trust_denied");
            context.forceChallenge(TrustGate.refusalPage(context.getSession(), context.form(), denied.resourceMunicipality()));
        }
    }

    /** Replaces {@code auth-username-password-form}. */
    public static final class UsernamePassword extends UsernamePasswordFormFactory {
        @Override
        public Authenticator create(KeycloakSession session) {
            return new UsernamePasswordForm(session) {
                @Override
                protected String getDefaultChallengeMessage(AuthenticationFlowContext context) {
                    return challengeMessage(context, super.getDefaultChallengeMessage(context));
                }

                @Override
                public void action(AuthenticationFlowContext context) {
                    super.action(context);
                    afterPassword(context, message -> challenge(context, message));
                }
            };
        }

        @Override
        public int order() {
            return DirectoryAwareDirectGrant.ORDER;
        }
    }

    /** Replaces {@code auth-password-form}. */
    public static final class Password extends PasswordFormFactory {
        @Override
        public Authenticator create(KeycloakSession session) {
            return new PasswordForm(session) {
                @Override
                protected String getDefaultChallengeMessage(AuthenticationFlowContext context) {
                    return challengeMessage(context, super.getDefaultChallengeMessage(context));
                }

                @Override
                public void action(AuthenticationFlowContext context) {
                    super.action(context);
                    afterPassword(context, message -> challenge(context, message));
                }
            };
        }

        @Override
        public int order() {
            return DirectoryAwareDirectGrant.ORDER;
        }
    }
}
