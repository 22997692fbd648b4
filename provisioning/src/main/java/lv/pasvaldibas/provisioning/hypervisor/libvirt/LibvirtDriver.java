package lv.pasvaldibas.provisioning.hypervisor.libvirt;

import java.net.URI;
import java.util.Set;
import java.util.function.Consumer;
import lv.pasvaldibas.provisioning.hypervisor.HostConnection;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorDriver;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorException;
import org.libvirt.Connect;
import org.libvirt.LibvirtException;
import org.libvirt.Library;

/**
 * Hosts driven through libvirt (libvirt-java over JNA): the test driver ({@code test:///...}, in this
 * process, or {@code test+unix:///default?socket=...} served by a host's libvirtd) and QEMU/KVM
 * ({@code qemu:///system}, {@code qemu+ssh://host/system}). libvirt's own event loop runs on one
 * thread of its own, started before the first connection, and hands lifecycle events on.
 */
public final class LibvirtDriver implements HypervisorDriver {

    private static final Set<String> SCHEMES = Set.of("test", "test+unix", "qemu", "qemu+ssh", "qemu+unix", "qemu+tcp", "qemu+tls");
    private static final Object EVENT_LOOP_LOCK = new Object();
    /**
     * Replaces libvirt's printing of every error to stderr: each error reaches its caller as an
     * exception anyway, and most are answers ("no such domain" to a lookup before a define), which in
     * the daemon's log read as failures. Kept referenced: JNA holds callbacks weakly.
     */
    private static final org.libvirt.jna.Libvirt.VirErrorCallback QUIET = (userData, error) -> { };
    private static Thread eventLoop;

    @Override
    public boolean handles(URI host) {
        return host.getScheme() != null && SCHEMES.contains(host.getScheme());
    }

    @Override
    public HostConnection connect(URI host, Consumer<DomainEvent> events) throws HypervisorException {
        startEventLoop();
        try {
            Connect connect = new Connect(host.toString());
            return new LibvirtHost(host, connect, events, host.getScheme().startsWith("test") ? "test" : "kvm", storagePool(host));
        } catch (LibvirtException e) {
            throw LibvirtHost.failure("connect to " + host, e);
        }
    }

    /** The pool disks are made in: the test driver's own pool, or {@code PROVISIONING_STORAGE_POOL} (default {@code default}). */
    private static String storagePool(URI host) {
        if (host.getScheme().startsWith("test")) {
            return "default-pool";
        }
        String configured = System.getenv("PROVISIONING_STORAGE_POOL");
        return configured == null || configured.isBlank() ? "default" : configured;
    }

    private static void startEventLoop() throws HypervisorException {
        synchronized (EVENT_LOOP_LOCK) {
            if (eventLoop != null) {
                return;
            }
            try {
                Connect.setErrorCallback(QUIET);
                Library.initEventLoop();
            } catch (LibvirtException e) {
                throw LibvirtHost.failure("start libvirt's event loop", e);
            }
            eventLoop = new Thread(() -> {
                try {
                    Library.runEventLoop();
                } catch (LibvirtException | InterruptedException e) {
                    System.getLogger(LibvirtDriver.class.getName()).log(System.Logger.Level.WARNING, "libvirt's event loop stopped: " + e);
                }
            }, "libvirt-events");
            eventLoop.setDaemon(true);
            eventLoop.start();
        }
    }
}
