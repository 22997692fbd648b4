package lv.pasvaldibas.provisioning.hypervisor.libvirt;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import lv.pasvaldibas.provisioning.hypervisor.DomainSpec;
import lv.pasvaldibas.provisioning.hypervisor.DomainStatus;
import lv.pasvaldibas.provisioning.hypervisor.HostConnection;
import lv.pasvaldibas.provisioning.hypervisor.HostFacts;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorDriver.DomainEvent;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorException;
import lv.pasvaldibas.provisioning.server.Power;
import org.libvirt.Connect;
import org.libvirt.Domain;
import org.libvirt.DomainInfo;
import org.libvirt.DomainSnapshot;
import org.libvirt.LibvirtException;
import org.libvirt.StoragePool;
import org.libvirt.StorageVol;
import org.libvirt.event.LifecycleListener;

/**
 * One libvirt connection. Each operation first looks at the domain's state and does only what is
 * missing, so it can be repeated: libvirt's own answers to "already running" or "not running"
 * differ between drivers (the test driver says internal error where QEMU says invalid operation)
 * and are never relied on.
 */
final class LibvirtHost implements HostConnection {

    private static final Duration POLL = Duration.ofMillis(200);

    private final URI uri;
    private final Connect connect;
    private final String domainType;
    private final String storagePool;
    /** Kept referenced for as long as the connection: libvirt-java holds callbacks weakly. */
    private final LifecycleListener listener;

    LibvirtHost(URI uri, Connect connect, Consumer<DomainEvent> events, String domainType, String storagePool) throws LibvirtException {
        this.uri = uri;
        this.connect = connect;
        this.domainType = domainType;
        this.storagePool = storagePool;
        this.listener = (domain, event) -> {
            DomainEvent.Kind kind = switch (event.getType()) {
                case STARTED, RESUMED -> DomainEvent.Kind.STARTED;
                case STOPPED, SHUTDOWN, CRASHED -> DomainEvent.Kind.STOPPED;
                case DEFINED -> DomainEvent.Kind.DEFINED;
                case UNDEFINED -> DomainEvent.Kind.UNDEFINED;
                default -> null;
            };
            if (kind != null) {
                try {
                    events.accept(new DomainEvent(uri, domain.getName(), kind));
                } catch (LibvirtException e) {
                    // the domain went away before its name could be read: the next reconciliation sees it
                }
            }
            return 0;
        };
        connect.addLifecycleListener(listener);
    }

    @Override
    public HostFacts facts() throws HypervisorException {
        try {
            var info = connect.nodeInfo();
            return new HostFacts(info.cpus, info.memory / 1024);
        } catch (LibvirtException e) {
            throw failure("read the host's facts", e);
        }
    }

    @Override
    public List<DomainStatus> domains() throws HypervisorException {
        try {
            // one call for all: counting and then listing (listDomains, listDefinedDomains) misses domains defined in between
            List<DomainStatus> all = new ArrayList<>();
            for (Domain domain : connect.listAllDomains(0)) {
                try {
                    status(domain).ifPresent(all::add);
                } catch (LibvirtException e) {
                    if (!isMissing(e, org.libvirt.Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                        throw e;
                    }
                    // undefined since the listing: the next pass sees it gone
                }
            }
            return all;
        } catch (LibvirtException e) {
            throw failure("list domains", e);
        }
    }

    @Override
    public Optional<DomainStatus> domain(String name) throws HypervisorException {
        try {
            Optional<Domain> domain = lookup(name);
            return domain.isEmpty() ? Optional.empty() : status(domain.get());
        } catch (LibvirtException e) {
            throw failure("look up " + name, e);
        }
    }

    @Override
    public void define(DomainSpec spec) throws HypervisorException {
        try {
            String disk = ensureVolume(spec);
            connect.domainDefineXML(DomainXml.domain(spec, domainType, disk));
        } catch (LibvirtException e) {
            throw failure("define " + spec.name(), e);
        }
    }

    @Override
    public void start(String name) throws HypervisorException {
        try {
            Domain domain = existing(name);
            if (domain.getInfo().state == DomainInfo.DomainState.VIR_DOMAIN_PAUSED) {
                domain.resume();
            } else if (domain.isActive() == 0) {
                domain.create();
            }
        } catch (LibvirtException e) {
            throw failure("start " + name, e);
        }
    }

    @Override
    public void stop(String name, Duration grace) throws HypervisorException {
        try {
            Domain domain = existing(name);
            if (domain.isActive() == 0) {
                return;
            }
            domain.shutdown();
            long deadline = System.nanoTime() + grace.toNanos();
            while (domain.isActive() != 0 && System.nanoTime() < deadline) {
                Thread.sleep(POLL.toMillis());
            }
            if (domain.isActive() != 0) {
                domain.destroy();
            }
        } catch (LibvirtException e) {
            throw failure("stop " + name, e);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new HypervisorException(HypervisorException.Kind.UNREACHABLE, "interrupted while stopping " + name, e);
        }
    }

    @Override
    public void reboot(String name) throws HypervisorException {
        try {
            Domain domain = existing(name);
            if (domain.isActive() == 0) {
                domain.create();
            } else {
                domain.reboot(0);
            }
        } catch (LibvirtException e) {
            throw failure("reboot " + name, e);
        }
    }

    @Override
    public void snapshot(String name, String snapshot) throws HypervisorException {
        try {
            Domain domain = existing(name);
            if (!List.of(domain.snapshotListNames()).contains(snapshot)) {
                domain.snapshotCreateXML(DomainXml.snapshot(snapshot));
            }
        } catch (LibvirtException e) {
            throw failure("snapshot " + name, e);
        }
    }

    @Override
    public void revert(String name, String snapshot) throws HypervisorException {
        try {
            Domain domain = existing(name);
            if (!List.of(domain.snapshotListNames()).contains(snapshot)) {
                throw new HypervisorException(HypervisorException.Kind.NOT_FOUND, "no snapshot " + snapshot + " of " + name, null);
            }
            domain.revertToSnapshot(domain.snapshotLookupByName(snapshot));
        } catch (LibvirtException e) {
            throw failure("revert " + name, e);
        }
    }

    /**
     * On QEMU a live (or, stopped, offline) migration with the disk copied; libvirt refuses to migrate a
     * domain with snapshots, so their definitions are taken off first and given to the target after
     * (put back here if the migration fails). The test hypervisor keeps no disk contents and cannot
     * migrate: the same definition on the target is the whole domain.
     */
    @Override
    public void moveTo(DomainSpec spec, HostConnection target) throws HypervisorException {
        if (!(target instanceof LibvirtHost to)) {
            throw new HypervisorException(HypervisorException.Kind.REFUSED, "a libvirt domain moves only to another libvirt host", null);
        }
        try {
            Domain domain = existing(spec.name());
            List<SnapshotDefinition> snapshots = snapshotDefinitions(domain);
            if ("test".equals(domainType)) {
                to.define(spec);
            } else {
                to.ensureVolume(spec);
                boolean running = domain.isActive() != 0;
                for (SnapshotDefinition s : snapshots.reversed()) {
                    domain.snapshotLookupByName(s.name()).delete(DomainSnapshot.SnapshotDeleteFlags.METADATA_ONLY);
                }
                try {
                    domain.migrate(to.connect, Domain.MigrateFlags.PERSIST_DEST
                            | (running ? Domain.MigrateFlags.LIVE | Domain.MigrateFlags.NON_SHARED_DISK : Domain.MigrateFlags.OFFLINE), null, null, 0);
                } catch (LibvirtException e) {
                    redefineSnapshots(spec.name(), snapshots);
                    throw e;
                }
            }
            to.redefineSnapshots(spec.name(), snapshots);
        } catch (LibvirtException e) {
            throw failure("move " + spec.name() + " to " + to.uri, e);
        }
    }

    /** A snapshot as libvirt describes it, enough to define it again on another host. */
    private record SnapshotDefinition(String name, String xml, boolean current) {
    }

    /** The domain's snapshots, every parent before its children (libvirt defines a child only under a known parent). */
    private static List<SnapshotDefinition> snapshotDefinitions(Domain domain) throws LibvirtException {
        String current = domain.hasCurrentSnapshot() == 1 ? domain.snapshotCurrent().getXMLDesc() : null;
        Map<String, String> xmlByName = new LinkedHashMap<>();
        for (String name : domain.snapshotListNames()) {
            xmlByName.put(name, domain.snapshotLookupByName(name).getXMLDesc());
        }
        String currentName = current == null ? null : xmlByName.entrySet().stream().filter(e -> e.getValue().equals(current))
                .map(Map.Entry::getKey).findFirst().orElse(null);
        List<SnapshotDefinition> ordered = new ArrayList<>();
        Set<String> placed = new HashSet<>();
        while (ordered.size() < xmlByName.size()) {
            int before = ordered.size();
            xmlByName.forEach((name, xml) -> {
                String parent = DomainXml.snapshotParent(xml);
                if (!placed.contains(name) && (parent == null || placed.contains(parent) || !xmlByName.containsKey(parent))) {
                    ordered.add(new SnapshotDefinition(name, xml, name.equals(currentName)));
                    placed.add(name);
                }
            });
            if (ordered.size() == before) {
                throw new IllegalStateException("the snapshots of " + domain.getName() + " do not form a tree");
            }
        }
        return ordered;
    }

    private void redefineSnapshots(String name, List<SnapshotDefinition> snapshots) throws LibvirtException, HypervisorException {
        Domain domain = existing(name);
        List<String> present = List.of(domain.snapshotListNames());
        for (SnapshotDefinition s : snapshots) {
            if (!present.contains(s.name())) {
                domain.snapshotCreateXML(s.xml(), Domain.SnapshotCreateFlags.REDEFINE | (s.current() ? Domain.SnapshotCreateFlags.CURRENT : 0));
            }
        }
    }

    @Override
    public void undefine(String name) throws HypervisorException {
        try {
            Optional<Domain> domain = lookup(name);
            if (domain.isPresent()) {
                if (domain.get().isActive() != 0) {
                    domain.get().destroy();
                }
                domain.get().undefine(Domain.UndefineFlags.SNAPSHOTS_METADATA);
            }
            Optional<StorageVol> volume = volume(DomainXml.volumeName(name));
            if (volume.isPresent()) {
                volume.get().delete(0);
            }
        } catch (LibvirtException e) {
            throw failure("undefine " + name, e);
        }
    }

    /** The libvirt connection itself, for tests that look at what the seam does not show (snapshots' names). */
    Connect connectionForTests() {
        return connect;
    }

    @Override
    public boolean alive() {
        try {
            return connect.isAlive() && connect.nodeInfo() != null;
        } catch (LibvirtException e) {
            return false;
        }
    }

    @Override
    public void close() {
        try {
            connect.removeLifecycleListener(listener);
        } catch (LibvirtException ignored) {
            // the connection is gone already
        }
        try {
            connect.close();
        } catch (LibvirtException ignored) {
            // as above
        }
    }

    private String ensureVolume(DomainSpec spec) throws LibvirtException, HypervisorException {
        Optional<StorageVol> existing = volume(DomainXml.volumeName(spec.name()));
        if (existing.isPresent()) {
            return existing.get().getPath();
        }
        return pool().storageVolCreateXML(DomainXml.volume(spec), 0).getPath();
    }

    private Optional<StorageVol> volume(String volumeName) throws LibvirtException, HypervisorException {
        StoragePool pool = pool();
        try {
            return Optional.of(pool.storageVolLookupByName(volumeName));
        } catch (LibvirtException e) {
            if (isMissing(e, org.libvirt.Error.ErrorNumber.VIR_ERR_NO_STORAGE_VOL)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    private StoragePool pool() throws HypervisorException {
        try {
            return connect.storagePoolLookupByName(storagePool);
        } catch (LibvirtException e) {
            throw new HypervisorException(HypervisorException.Kind.REFUSED,
                    "host " + uri + " has no storage pool '" + storagePool + "' (PROVISIONING_STORAGE_POOL)", e);
        }
    }

    private Domain existing(String name) throws LibvirtException, HypervisorException {
        return lookup(name).orElseThrow(() -> new HypervisorException(HypervisorException.Kind.NOT_FOUND, "no domain " + name + " on " + uri, null));
    }

    /**
     * The domain by name, or empty when there is none. A lookup, not a search of the lists: concurrent
     * jobs define domains while another lists them, and libvirt's count-then-list calls miss those.
     */
    private Optional<Domain> lookup(String name) throws LibvirtException {
        try {
            return Optional.of(connect.domainLookupByName(name));
        } catch (LibvirtException e) {
            if (isMissing(e, org.libvirt.Error.ErrorNumber.VIR_ERR_NO_DOMAIN)) {
                return Optional.empty();
            }
            throw e;
        }
    }

    /** "No such thing" is the one answer every libvirt driver gives alike for a missing domain or volume. */
    private static boolean isMissing(LibvirtException e, org.libvirt.Error.ErrorNumber code) {
        return e.getError() != null && e.getError().getCode() == code;
    }

    private static Optional<DomainStatus> status(Domain domain) throws LibvirtException {
        DomainInfo info = domain.getInfo();
        Power power = switch (info.state) {
            case VIR_DOMAIN_RUNNING, VIR_DOMAIN_BLOCKED, VIR_DOMAIN_PAUSED -> Power.RUNNING;
            default -> Power.STOPPED;
        };
        return Optional.of(new DomainStatus(domain.getName(), power, info.nrVirtCpu, info.memory / 1024));
    }

    /** A libvirt error as the daemon's kinds: out of reach, not found, or refused. */
    static HypervisorException failure(String what, LibvirtException e) {
        org.libvirt.Error error = e.getError();
        org.libvirt.Error.ErrorNumber code = error == null ? null : error.getCode();
        HypervisorException.Kind kind;
        if (code == null) {
            kind = HypervisorException.Kind.REFUSED;
        } else {
            kind = switch (code) {
                case VIR_ERR_NO_DOMAIN, VIR_ERR_NO_DOMAIN_SNAPSHOT, VIR_ERR_NO_STORAGE_VOL -> HypervisorException.Kind.NOT_FOUND;
                case VIR_ERR_SYSTEM_ERROR, VIR_ERR_RPC, VIR_ERR_NO_CONNECT, VIR_ERR_INVALID_CONN, VIR_ERR_AUTH_FAILED,
                     VIR_ERR_OPERATION_TIMEOUT, VIR_ERR_AGENT_UNRESPONSIVE -> HypervisorException.Kind.UNREACHABLE;
                default -> HypervisorException.Kind.REFUSED;
            };
        }
        return new HypervisorException(kind, "Could not " + what + ": " + e.getMessage(), e);
    }
}
