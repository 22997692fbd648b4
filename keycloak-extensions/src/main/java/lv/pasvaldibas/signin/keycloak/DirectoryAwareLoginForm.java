package lv.pasvaldibas.signin.keycloak;

import jakarta.ws.rs.core.Response;
import java.util.function.Function;
import lv.pasvaldibas.directory.SignInFailure;
import lv.pasvaldibas.directory.keycloak.SignInFailures;
import lv.pasvaldibas.trust.keycloak.TrustGate;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.Authenticator;
import org.keycloak.authentication.authenticators.browser.PasswordForm;
import org.keycloak.authentication.authenticators.browser.PasswordFormFactory;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordForm;
import org.keycloak.authentication.authenticators.browser.UsernamePasswordFormFactory;
import org.keycloak.models.KeycloakSession;

/**
 * Keycloak's login forms, telling the person why their municipal directory refused them (the
 * message keys of {@link SignInFailure}, translated by the platform's login theme), and ending each
 * password check in the {@link AfterPasswordCheck}. Both forms are replaced, under their built-in
 * provider ids with a higher order: the username-and-password form, and the password form that the
 * identity-first login (Organizations) shows after the name.
 */
public final class DirectoryAwareLoginForm {

    private DirectoryAwareLoginForm() {
    }

    static String challengeMessage(AuthenticationFlowContext context, String generic) {
        return SignInFailures.recorded(context.getSession()).map(SignInFailure::messageKey).orElse(generic);
    }

    /**
     * The {@link AfterPasswordCheck} in the browser: an outage shows the form again with its reason; a
     * trust refusal is an error page naming the municipality that did not grant access.
     *
     * @param formWithError the form with an error message, as the authenticator builds it
     */
    static void afterPassword(AuthenticationFlowContext context, Function<String, Response> formWithError) {
        AfterPasswordCheck.apply(context, new AfterPasswordCheck.Answers() {
            @Override
            public Response outage(SignInFailure outage) {
                return formWithError.apply(outage.messageKey());
            }

            @Override
            public Response trustDenied(String resourceMunicipality) {
                return TrustGate.refusalPage(context.getSession(), context.form(), resourceMunicipality);
            }
        });
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
