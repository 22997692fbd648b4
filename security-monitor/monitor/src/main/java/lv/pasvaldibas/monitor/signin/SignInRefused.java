package lv.pasvaldibas.monitor.signin;

/**
 * A SAML message refused for {@link #reason()}; the message says which check, without the message's
 * content (an assertion is a credential and is never logged).
 */
public class SignInRefused extends Exception {

    private final SignInRefusal reason;

    public SignInRefused(SignInRefusal reason, String detail) {
        super(reason.code() + ": " + detail);
        this.reason = reason;
    }

    public SignInRefusal reason() {
        return reason;
    }
}
