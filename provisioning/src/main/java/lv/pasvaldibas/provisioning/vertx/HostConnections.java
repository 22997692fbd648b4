package lv.pasvaldibas.provisioning.vertx;

import java.net.URI;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.function.BiConsumer;
import lv.pasvaldibas.provisioning.hypervisor.HostConnection;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorDriver;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorException;

/**
 * One open connection per host, opened on first use and again after it broke. Blocking: used from
 * worker threads only. An in-process test host ({@code test:///...}) lives inside its one connection,
 * so that connection is never closed and reopened while the daemon runs.
 */
final class HostConnections implements AutoCloseable {

    private final Map<String, HostConnection> open = new ConcurrentHashMap<>();
    private final BiConsumer<String, HypervisorDriver.DomainEvent> events;

    /** @param events receives (host id, event) on libvirt's event thread */
    HostConnections(BiConsumer<String, HypervisorDriver.DomainEvent> events) {
        this.events = events;
    }

    HostConnection get(String hostId, String uri) throws HypervisorException {
        URI host = URI.create(uri);
        HostConnection existing = open.get(hostId);
        if (existing != null && (inProcess(host) || existing.alive())) {
            return existing;
        }
        synchronized (this) {
            existing = open.get(hostId);
            if (existing != null && (inProcess(host) || existing.alive())) {
                return existing;
            }
            if (existing != null) {
                open.remove(hostId);
                existing.close();
            }
            HostConnection fresh = HypervisorDriver.forHost(host).connect(host, event -> events.accept(hostId, event));
            open.put(hostId, fresh);
            return fresh;
        }
    }

    /** Drops a connection that failed, so the next use opens a new one (never an in-process test host's). */
    void forget(String hostId, String uri) {
        if (!inProcess(URI.create(uri))) {
            HostConnection gone = open.remove(hostId);
            if (gone != null) {
                gone.close();
            }
        }
    }

    private static boolean inProcess(URI host) {
        return "test".equals(host.getScheme());
    }

    @Override
    public void close() {
        open.values().forEach(HostConnection::close);
        open.clear();
    }
}
