package lv.pasvaldibas.provisioning.hypervisor;

import java.time.Duration;
import java.util.List;
import java.util.Optional;

/**
 * One open connection to a host's hypervisor. Every call blocks (run it off the event loop) and is
 * idempotent where the daemon's retries need it: defining a domain that exists updates it, starting a
 * running one, stopping a stopped one and undefining a missing one succeed without change. That is
 * what keeps a retried half-done create from failing with "already exists".
 */
public interface HostConnection extends AutoCloseable {

    HostFacts facts() throws HypervisorException;

    /** Every domain on the host, the daemon's and others. */
    List<DomainStatus> domains() throws HypervisorException;

    Optional<DomainStatus> domain(String name) throws HypervisorException;

    /** Creates the disk (if missing) and defines the domain (or updates its definition); does not start it. */
    void define(DomainSpec spec) throws HypervisorException;

    void start(String name) throws HypervisorException;

    /** Asks the guest to shut down and powers it off if it has not within {@code grace}. */
    void stop(String name, Duration grace) throws HypervisorException;

    void reboot(String name) throws HypervisorException;

    void snapshot(String name, String snapshot) throws HypervisorException;

    void revert(String name, String snapshot) throws HypervisorException;

    /**
     * Puts the domain, with its disk and its snapshots, on {@code target}: defined there, and running
     * there if it ran here where the hypervisor can move it live. This host keeps its copy until
     * {@link #undefine}: the caller removes it once the server is placed on the target, so that a move
     * broken off halfway never leaves a server without a domain.
     */
    void moveTo(DomainSpec spec, HostConnection target) throws HypervisorException;

    /** Powers the domain off if it runs, removes it with its snapshots and its disk. */
    void undefine(String name) throws HypervisorException;

    /** Whether the connection still works (a cheap call to the host). */
    boolean alive();

    @Override
    void close();
}
