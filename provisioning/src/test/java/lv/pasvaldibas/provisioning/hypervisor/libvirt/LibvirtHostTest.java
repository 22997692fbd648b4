package lv.pasvaldibas.provisioning.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import lv.pasvaldibas.provisioning.hypervisor.DomainSpec;
import lv.pasvaldibas.provisioning.hypervisor.DomainStatus;
import lv.pasvaldibas.provisioning.hypervisor.HostConnection;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorDriver;
import lv.pasvaldibas.provisioning.hypervisor.HypervisorException;
import lv.pasvaldibas.provisioning.job.JobKind;
import lv.pasvaldibas.provisioning.job.JobSteps;
import lv.pasvaldibas.provisioning.server.DomainNames;
import lv.pasvaldibas.provisioning.server.Phase;
import lv.pasvaldibas.provisioning.server.Power;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The libvirt driver and the job steps against libvirt's real test hypervisor, in this process (libvirt0). */
class LibvirtHostTest {

    private static final Duration GRACE = Duration.ofSeconds(5);
    private final List<HypervisorDriver.DomainEvent> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final List<String> steps = new ArrayList<>();
    private HostConnection host;
    private DomainSpec spec;

    @BeforeEach
    void open() throws HypervisorException {
        // test:///default is one host shared by this process; each test works on a domain of its own
        host = HypervisorDriver.forHost(URI.create("test:///default")).connect(URI.create("test:///default"), events::add);
        UUID id = UUID.randomUUID();
        spec = new DomainSpec(id, DomainNames.of(id), 2, 1024, 10, "debian-12");
    }

    @AfterEach
    void close() throws HypervisorException {
        host.undefine(spec.name());
        host.close();
    }

    private JobSteps.Outcome run(JobKind kind, Power power, String snapshot) throws HypervisorException {
        return JobSteps.run(kind, new JobSteps.Target(spec, power, snapshot), host, GRACE, (step, percent) -> steps.add(step));
    }

    private DomainStatus status() throws HypervisorException {
        return host.domain(spec.name()).orElseThrow();
    }

    @Test
    void aServersWholeLifeShowsInLibvirtStepByStep() throws HypervisorException {
        assertThat(run(JobKind.CREATE, Power.RUNNING, null)).isEqualTo(new JobSteps.Outcome(Phase.READY, Power.RUNNING));
        assertThat(status()).isEqualTo(new DomainStatus(spec.name(), Power.RUNNING, 2, 1024));
        assertThat(steps).containsExactly("define", "start", "check");

        run(JobKind.SNAPSHOT, Power.RUNNING, "pirms-atjauninājuma");
        run(JobKind.STOP, Power.STOPPED, null);
        assertThat(status().power()).isEqualTo(Power.STOPPED);
        run(JobKind.REVERT, Power.RUNNING, "pirms-atjauninājuma");
        assertThat(status().power()).isEqualTo(Power.RUNNING); // the snapshot was taken while it ran

        assertThat(run(JobKind.DELETE, Power.RUNNING, null)).isEqualTo(new JobSteps.Outcome(Phase.DELETED, null));
        assertThat(host.domain(spec.name())).isEmpty();
    }

    @Test
    void aCreateThatFailedHalfWayIsRetriedWithoutAlreadyExists() throws HypervisorException {
        host.define(spec); // the first attempt got as far as defining the domain and its disk, then died
        assertThat(run(JobKind.CREATE, Power.RUNNING, null)).isEqualTo(new JobSteps.Outcome(Phase.READY, Power.RUNNING));
        assertThat(run(JobKind.CREATE, Power.RUNNING, null)).isEqualTo(new JobSteps.Outcome(Phase.READY, Power.RUNNING));
        assertThat(host.domains().stream().filter(d -> d.name().equals(spec.name()))).hasSize(1);
    }

    @Test
    void repeatingAStepChangesNothingAndFailsNothing() throws HypervisorException {
        run(JobKind.CREATE, Power.STOPPED, null);
        assertThat(status().power()).isEqualTo(Power.STOPPED);
        host.stop(spec.name(), GRACE);
        host.start(spec.name());
        host.start(spec.name());
        host.snapshot(spec.name(), "s1");
        host.snapshot(spec.name(), "s1");
        host.undefine(spec.name());
        host.undefine(spec.name());
        assertThat(host.domain(spec.name())).isEmpty();
    }

    @Test
    void aResizeOfARunningServerRestartsItWithTheNewSize() throws HypervisorException {
        run(JobKind.CREATE, Power.RUNNING, null);
        spec = new DomainSpec(spec.uuid(), spec.name(), 4, 2048, 10, "debian-12");
        run(JobKind.RESIZE, Power.RUNNING, null);
        assertThat(status()).isEqualTo(new DomainStatus(spec.name(), Power.RUNNING, 4, 2048));
    }

    @Test
    void disksAreThinSoAHostHandsOutWhatItsOperatorRegisteredNotWhatThePoolHasFree() throws HypervisorException {
        List<DomainSpec> big = new ArrayList<>();
        try {
            for (int i = 0; i < 4; i++) { // 4 x 60 GiB in the test driver's 100 GiB pool
                UUID id = UUID.randomUUID();
                DomainSpec disk = new DomainSpec(id, DomainNames.of(id), 1, 512, 60, "debian-12");
                host.define(disk);
                big.add(disk);
            }
            for (DomainSpec d : big) {
                assertThat(host.domain(d.name())).isPresent();
            }
        } finally {
            for (DomainSpec d : big) {
                host.undefine(d.name());
            }
        }
    }

    @Test
    void manyJobsAtOnceOnOneHostEachFindTheDomainTheyJustDefined() throws Exception {
        // the benchmark found it: with jobs defining domains side by side, count-then-list calls missed some
        java.util.concurrent.ExecutorService pool = java.util.concurrent.Executors.newFixedThreadPool(8);
        List<DomainSpec> made = java.util.Collections.synchronizedList(new ArrayList<>());
        try {
            List<java.util.concurrent.Future<JobSteps.Outcome>> outcomes = new ArrayList<>();
            for (int i = 0; i < 80; i++) {
                outcomes.add(pool.submit(() -> {
                    UUID id = UUID.randomUUID();
                    DomainSpec one = new DomainSpec(id, DomainNames.of(id), 1, 512, 10, "debian-12");
                    made.add(one);
                    return JobSteps.run(JobKind.CREATE, new JobSteps.Target(one, Power.RUNNING, null), host, GRACE, (step, percent) -> { });
                }));
            }
            for (var outcome : outcomes) {
                assertThat(outcome.get()).isEqualTo(new JobSteps.Outcome(Phase.READY, Power.RUNNING));
            }
            assertThat(host.domains().stream().map(DomainStatus::name)).containsAll(made.stream().map(DomainSpec::name).toList());
        } finally {
            pool.shutdownNow();
            for (DomainSpec d : made) {
                host.undefine(d.name());
            }
        }
    }

    @Test
    void aMissingDomainOrSnapshotIsNotFound() throws HypervisorException {
        assertThatThrownBy(() -> host.start(spec.name())).isInstanceOf(HypervisorException.class)
                .extracting(e -> ((HypervisorException) e).kind()).isEqualTo(HypervisorException.Kind.NOT_FOUND);
        run(JobKind.CREATE, Power.RUNNING, null);
        assertThatThrownBy(() -> host.revert(spec.name(), "nav")).isInstanceOf(HypervisorException.class)
                .extracting(e -> ((HypervisorException) e).kind()).isEqualTo(HypervisorException.Kind.NOT_FOUND);
    }

    @Test
    void theHostReportsItsLifecycleEvents() throws Exception {
        run(JobKind.CREATE, Power.RUNNING, null);
        long deadline = System.nanoTime() + Duration.ofSeconds(5).toNanos();
        while (events.stream().noneMatch(e -> e.domainName().equals(spec.name()) && e.kind() == HypervisorDriver.DomainEvent.Kind.STARTED)
                && System.nanoTime() < deadline) {
            Thread.sleep(50);
        }
        assertThat(events).anyMatch(e -> e.domainName().equals(spec.name()) && e.kind() == HypervisorDriver.DomainEvent.Kind.STARTED);
    }

    @Test
    void aDemoHostDescribedByANodeFileTakesServersAndKeepsThemForItsConnectionsLife(@org.junit.jupiter.api.io.TempDir java.nio.file.Path dir)
            throws Exception {
        java.nio.file.Path node = dir.resolve("host-0.xml");
        java.nio.file.Files.writeString(node, """
                <node>
                  <cpu><nodes>1</nodes><sockets>2</sockets><cores>8</cores><threads>2</threads><active>32</active><mhz>2400</mhz><model>x86_64</model></cpu>
                  <memory>134217728</memory>
                  <pool type='dir'><name>default-pool</name><capacity unit='GiB'>2000</capacity><allocation unit='GiB'>0</allocation>
                    <available unit='GiB'>2000</available><target><path>/default-pool</path></target></pool>
                </node>""");
        URI uri = URI.create("test://" + node);
        try (HostConnection demo = HypervisorDriver.forHost(uri).connect(uri, e -> { })) {
            assertThat(demo.facts()).isEqualTo(new lv.pasvaldibas.provisioning.hypervisor.HostFacts(32, 131072));
            assertThat(JobSteps.run(JobKind.CREATE, new JobSteps.Target(spec, Power.RUNNING, null), demo, GRACE, (step, percent) -> { }))
                    .isEqualTo(new JobSteps.Outcome(Phase.READY, Power.RUNNING));
            assertThat(demo.domain(spec.name()).orElseThrow().power()).isEqualTo(Power.RUNNING);
        }
    }
}
