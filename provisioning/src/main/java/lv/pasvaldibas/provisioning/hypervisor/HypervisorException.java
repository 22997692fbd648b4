package lv.pasvaldibas.provisioning.hypervisor;

/**
 * A hypervisor call that did not do what was asked. {@link Kind#UNREACHABLE} is worth retrying
 * later; the others are answers about the domain.
 */
public final class HypervisorException extends Exception {

    public enum Kind {
        /** The host does not answer (connection refused, lost, timed out). */
        UNREACHABLE,
        /** No such domain or snapshot. */
        NOT_FOUND,
        /** The host refused the operation (for example an invalid domain description). */
        REFUSED
    }

    private final Kind kind;

    public HypervisorException(Kind kind, String message, Throwable cause) {
        super(message, cause);
        this.kind = kind;
    }

    public Kind kind() {
        return kind;
    }
}
