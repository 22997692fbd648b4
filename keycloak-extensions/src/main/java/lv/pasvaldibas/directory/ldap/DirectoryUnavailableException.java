package lv.pasvaldibas.directory.ldap;

/** No server of the directory answered in time; its users get a clear, fast error. */
public final class DirectoryUnavailableException extends RuntimeException {

    public DirectoryUnavailableException(String directoryId, String reason, Throwable cause) {
        super("Directory " + directoryId + " unavailable: " + reason, cause);
    }
}
