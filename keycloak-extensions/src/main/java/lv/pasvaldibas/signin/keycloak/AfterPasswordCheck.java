package lv.pasvaldibas.signin.keycloak;

import jakarta.ws.rs.core.Response;
import java.util.Optional;
import lv.pasvaldibas.directory.SignInFailure;
import lv.pasvaldibas.directory.keycloak.SignInFailures;
import lv.pasvaldibas.trust.keycloak.TrustGate;
import org.keycloak.authentication.AuthenticationFlowContext;
import org.keycloak.authentication.FlowStatus;

/**
 * What every step that checks a password does once Keycloak has checked it (the browser's two forms
 * and the direct grant), in one place:
 * <ol>
 *   <li>A check that failed because the password could not be checked at all (a directory down, or the
 *       audit log down in fail-closed mode: the provider recorded it as an outage) is answered as
 *       such, as a challenge, so that Keycloak's brute-force guard does not count it as a wrong
 *       password (decision 33). A locked or disabled account's reason is the step's own failure
 *       message ({@link SignInFailures}).</li>
 *   <li>After a right password: may this user reach this client (DESIGN.md §3)? Asked only then, so a
 *       refusal tells nothing about accounts to someone who does not know one; recorded as
 *       {@code trust_denied}, and a challenge too: the password was right.</li>
 * </ol>
 */
final class AfterPasswordCheck {

    /** How a step words the two answers: a page for the browser, a JSON error for the direct grant. */
    interface Answers {
        Response outage(SignInFailure outage);

        Response trustDenied(String resourceMunicipality);
    }

    private AfterPasswordCheck() {
    }

    static void apply(AuthenticationFlowContext context, Answers answers) {
        Optional<SignInFailure> outage = SignInFailures.recorded(context.getSession()).filter(SignInFailure::isOutage);
        if (outage.isPresent() && (context.getStatus() == FlowStatus.FAILED || context.getStatus() == FlowStatus.FAILURE_CHALLENGE)) {
            context.forceChallenge(answers.outage(outage.get()));
            return;
        }
        if (context.getStatus() != FlowStatus.SUCCESS || context.getUser() == null) {
            return;
        }
        TrustGate.denied(context.getSession(), context.getRealm(), context.getUser(), context.getAuthenticationSession().getClient())
                .ifPresent(denied -> {
                    TrustGate.recordRefusal(context.getEvent(), context.getUser(), denied);
                    context.forceChallenge(answers.trustDenied(denied.resourceMunicipality()));
                });
    }
}
