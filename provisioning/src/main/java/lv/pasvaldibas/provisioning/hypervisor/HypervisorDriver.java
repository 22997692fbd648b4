package lv.pasvaldibas.provisioning.hypervisor;

import java.net.URI;
import java.util.ServiceLoader;
import java.util.function.Consumer;

/**
 * A kind of hypervisor the daemon can drive (DESIGN.md §5's seam), found with {@link ServiceLoader}
 * by the host's URI, as directory dialects are. The libvirt driver handles {@code test:},
 * {@code qemu:} and their remote forms.
 */
public interface HypervisorDriver {

    /** A domain's power changed or it was undefined on a host, reported by the hypervisor itself. */
    record DomainEvent(URI host, String domainName, Kind kind) {
        public enum Kind { STARTED, STOPPED, DEFINED, UNDEFINED }
    }

    boolean handles(URI host);

    /**
     * Opens a connection; {@code events} is called on the driver's own thread for every lifecycle
     * event of that host (hand it to the event loop, do not block it).
     */
    HostConnection connect(URI host, Consumer<DomainEvent> events) throws HypervisorException;

    /** The driver for {@code host}. */
    static HypervisorDriver forHost(URI host) {
        for (HypervisorDriver driver : ServiceLoader.load(HypervisorDriver.class)) {
            if (driver.handles(host)) {
                return driver;
            }
        }
        throw new IllegalArgumentException("No hypervisor driver handles " + host);
    }
}
