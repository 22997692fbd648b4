package lv.pasvaldibas.trust;

/**
 * A trust operation the rules forbid. {@link #rule()} names the rule (stable, for messages in the
 * user's language and for tests); the message explains it in English for logs and API clients.
 */
public final class TrustRuleException extends RuntimeException {

    public enum Rule {
        INVALID, SAME_MUNICIPALITY, NOT_A_PARTY, OWN_PROPOSAL, WRONG_STATE, NOT_THE_SUSPENDING_SIDE, REASON_REQUIRED
    }

    private final Rule rule;

    public TrustRuleException(Rule rule, String message) {
        super(message);
        this.rule = rule;
    }

    public Rule rule() {
        return rule;
    }
}
