package lv.pasvaldibas.audit;

/** The audit database cannot take a record and the writer is fail-closed: the audited action must be refused. */
public final class AuditUnavailableException extends RuntimeException {

    public AuditUnavailableException(Throwable cause) {
        super("The audit log is unavailable; the action is refused (fail-closed)", cause);
    }
}
