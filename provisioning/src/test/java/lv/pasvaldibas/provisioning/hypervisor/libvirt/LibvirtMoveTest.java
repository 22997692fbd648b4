package lv.pasvaldibas.provisioning.hypervisor.libvirt;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.UUID;
import java.util.concurrent.atomic.AtomicInteger;
import lv.pasvaldibas.provisioning.hypervisor.DomainSpec;
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
import org.junit.jupiter.api.io.TempDir;

/**
 * A host drain's move between two hosts of libvirt's real test hypervisor (each its own node file, so
 * two separate hosts in this process): what it carries, and how a move broken off anywhere ends.
 */
class LibvirtMoveTest {

    private static final Duration GRACE = Duration.ofSeconds(5);
    private final List<String> steps = new ArrayList<>();
    private final AtomicInteger placements = new AtomicInteger();
    private HostConnection from;
    private HostConnection to;
    private DomainSpec spec;

    @BeforeEach
    void open(@TempDir Path dir) throws Exception {
        from = host(dir.resolve("host-a.xml"));
        to = host(dir.resolve("host-b.xml"));
        UUID id = UUID.randomUUID();
        spec = new DomainSpec(id, DomainNames.of(id), 2, 1024, 10, "debian-12");
    }

    private static HostConnection host(Path node) throws Exception {
        Files.writeString(node, """
                <node>
                  <cpu><nodes>1</nodes><sockets>1</sockets><cores>8</cores><threads>1</threads><active>8</active><mhz>2400</mhz><model>x86_64</model></cpu>
                  <memory>33554432</memory>
                  <pool type='dir'><name>default-pool</name><capacity unit='GiB'>500</capacity><allocation unit='GiB'>0</allocation>
                    <available unit='GiB'>500</available><target><path>/default-pool</path></target></pool>
                </node>""");
        URI uri = URI.create("test://" + node);
        return HypervisorDriver.forHost(uri).connect(uri, e -> { });
    }

    @AfterEach
    void close() {
        from.close();
        to.close();
    }

    private JobSteps.Outcome move(Power power) throws HypervisorException {
        return JobSteps.move(new JobSteps.Target(spec, power, null), Phase.READY, from, to, GRACE, (step, percent) -> steps.add(step),
                placements::incrementAndGet);
    }

    private void create(Power power) throws HypervisorException {
        JobSteps.run(JobKind.CREATE, new JobSteps.Target(spec, power, null), from, GRACE, (step, percent) -> { });
    }

    private List<String> snapshotsOn(HostConnection host) throws Exception {
        return List.of(((LibvirtHost) host).connectionForTests().domainLookupByName(spec.name()).snapshotListNames());
    }

    @Test
    void aRunningServerMovesWithItsSnapshotsAndLeavesNothingBehind() throws Exception {
        create(Power.RUNNING);
        from.snapshot(spec.name(), "pirms-atjauninājuma");
        from.snapshot(spec.name(), "pēc-atjauninājuma"); // a child of the first: defined on the target after it

        assertThat(move(Power.RUNNING)).isEqualTo(new JobSteps.Outcome(Phase.READY, Power.RUNNING));

        assertThat(steps).containsExactly("move", "start", "place", "remove from source", "check");
        assertThat(placements).hasValue(1);
        assertThat(from.domain(spec.name())).isEmpty();
        assertThat(to.domain(spec.name()).orElseThrow().power()).isEqualTo(Power.RUNNING);
        assertThat(snapshotsOn(to)).containsExactlyInAnyOrder("pirms-atjauninājuma", "pēc-atjauninājuma");
        to.revert(spec.name(), "pirms-atjauninājuma"); // the snapshots work where they arrived
    }

    @Test
    void aStoppedServerArrivesStopped() throws HypervisorException {
        create(Power.STOPPED);
        assertThat(move(Power.STOPPED)).isEqualTo(new JobSteps.Outcome(Phase.READY, Power.STOPPED));
        assertThat(to.domain(spec.name()).orElseThrow().power()).isEqualTo(Power.STOPPED);
        assertThat(from.domain(spec.name())).isEmpty();
    }

    @Test
    void aMoveBrokenOffBeforeThePlacementKeepsTheSourceAndTheRetryFinishesIt() throws Exception {
        create(Power.RUNNING);
        assertThatThrownBy(() -> JobSteps.move(new JobSteps.Target(spec, Power.RUNNING, null), Phase.READY, from, to, GRACE,
                (step, percent) -> { }, () -> {
                    throw new IllegalStateException("the daemon lost its claim on the job");
                })).isInstanceOf(IllegalStateException.class);
        // the placement still names the source, and the source still has the domain
        assertThat(from.domain(spec.name())).isPresent();

        assertThat(move(Power.RUNNING)).isEqualTo(new JobSteps.Outcome(Phase.READY, Power.RUNNING));
        assertThat(steps).doesNotContain("move"); // the copy on the target was kept, not made twice
        assertThat(from.domain(spec.name())).isEmpty();
        assertThat(to.domains().stream().filter(d -> d.name().equals(spec.name()))).hasSize(1);
    }

    @Test
    void aMoveRetriedAfterItsEndChangesNothing() throws HypervisorException {
        create(Power.RUNNING);
        move(Power.RUNNING);
        steps.clear();
        assertThat(move(Power.RUNNING)).isEqualTo(new JobSteps.Outcome(Phase.READY, Power.RUNNING));
        assertThat(steps).containsExactly("start", "place", "remove from source", "check");
        assertThat(to.domain(spec.name())).isPresent();
    }

    @Test
    void aServerWithoutADomainAnywhereMovesByItsPlacementAlone() throws HypervisorException {
        // a create that failed before its define: nothing to carry, and nothing is made up on the target
        JobSteps.Outcome outcome = JobSteps.move(new JobSteps.Target(spec, Power.RUNNING, null), Phase.FAILED, from, to, GRACE,
                (step, percent) -> steps.add(step), placements::incrementAndGet);
        assertThat(outcome).isEqualTo(new JobSteps.Outcome(Phase.FAILED, null));
        assertThat(placements).hasValue(1);
        assertThat(to.domain(spec.name())).isEmpty();
    }
}
