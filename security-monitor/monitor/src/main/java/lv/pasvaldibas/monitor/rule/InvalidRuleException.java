package lv.pasvaldibas.monitor.rule;

/** A rule file that cannot be used, with the file and what is wrong in it; the monitor does not start with it. */
public final class InvalidRuleException extends RuntimeException {

    public InvalidRuleException(String source, String problem) {
        super(source + ": " + problem);
    }
}
