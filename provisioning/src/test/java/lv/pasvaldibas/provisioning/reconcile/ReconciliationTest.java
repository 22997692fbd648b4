package lv.pasvaldibas.provisioning.reconcile;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.UUID;
import lv.pasvaldibas.provisioning.reconcile.Reconciliation.Actual;
import lv.pasvaldibas.provisioning.reconcile.Reconciliation.Desired;
import lv.pasvaldibas.provisioning.reconcile.Reconciliation.Repair;
import lv.pasvaldibas.provisioning.server.DomainNames;
import lv.pasvaldibas.provisioning.server.Phase;
import lv.pasvaldibas.provisioning.server.Power;
import org.junit.jupiter.api.Test;

class ReconciliationTest {

    private final UUID a = UUID.randomUUID();
    private final UUID b = UUID.randomUUID();

    @Test
    void aHostThatMatchesNeedsNoRepair() {
        assertThat(Reconciliation.compare(List.of(new Desired(a, Phase.READY, Power.RUNNING, true), new Desired(b, Phase.READY, Power.STOPPED, true)),
                List.of(new Actual(DomainNames.of(a), Power.RUNNING), new Actual(DomainNames.of(b), Power.STOPPED)))).isEmpty();
    }

    @Test
    void aDomainUndefinedBehindTheDaemonsBackIsMadeAgainWithItsPower() {
        assertThat(Reconciliation.compare(List.of(new Desired(a, Phase.READY, Power.RUNNING, true)), List.of()))
                .containsExactly(new Repair.Recreate(a, Power.RUNNING));
    }

    @Test
    void aDestroyedDomainIsStartedAndAStartedOneThatShouldNotRunIsStopped() {
        assertThat(Reconciliation.compare(List.of(new Desired(a, Phase.READY, Power.RUNNING, true), new Desired(b, Phase.READY, Power.STOPPED, true)),
                List.of(new Actual(DomainNames.of(a), Power.STOPPED), new Actual(DomainNames.of(b), Power.RUNNING))))
                .containsExactlyInAnyOrder(new Repair.PowerOn(a), new Repair.PowerOff(b));
    }

    @Test
    void serversWhoseJobsAreUnderWayAreLeftToTheirJobs() {
        assertThat(Reconciliation.compare(List.of(new Desired(a, Phase.CREATING, Power.RUNNING, true), new Desired(b, Phase.DELETING, Power.RUNNING, true)),
                List.of(new Actual(DomainNames.of(b), Power.STOPPED)))).isEmpty();
    }

    @Test
    void aServerAJobChangedAfterTheListingIsNeitherRepairedNorAnOrphan() {
        assertThat(Reconciliation.compare(List.of(new Desired(a, Phase.READY, Power.RUNNING, false)),
                List.of(new Actual(DomainNames.of(a), Power.STOPPED)))).isEmpty();
    }

    @Test
    void onlyTheDaemonsOwnOrphansAreRemovedNeverAnyOtherDomain() {
        UUID gone = UUID.randomUUID();
        assertThat(Reconciliation.compare(List.of(), List.of(new Actual(DomainNames.of(gone), Power.RUNNING),
                new Actual("test", Power.RUNNING), new Actual("pasv-not-a-uuid", Power.STOPPED))))
                .containsExactly(new Repair.RemoveOrphan(gone, DomainNames.of(gone)));
    }
}
