package lv.pasvaldibas.provisioning.placement;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import lv.pasvaldibas.provisioning.quota.Resources;
import org.junit.jupiter.api.Test;

class PlacementTest {

    private static final Resources HOST = new Resources(16, 32768, 1000, 0);
    private static final Resources SERVER = Resources.ofServer(2, 4096, 50);

    private static HostLoad host(String id, Resources allocated, Map<String, Integer> servers) {
        return new HostLoad(id, HostState.ACTIVE, true, HOST, allocated, servers);
    }

    @Test
    void aMunicipalityIsSpreadOverHostsBeforeAnyHostGetsTwoOfIts() {
        var a = host("a", new Resources(2, 4096, 50, 1), Map.of("kuldiga", 1));
        var b = host("b", new Resources(8, 16384, 200, 4), Map.of("talsi", 4));
        assertThat(Placement.choose(List.of(a, b), SERVER, "kuldiga")).isEqualTo(new Placement.Choice.OnHost("b"));
    }

    @Test
    void amongEquallySpreadHostsTheOneWithMostFreeMemoryWins() {
        var a = host("a", new Resources(2, 8192, 50, 1), Map.of());
        var b = host("b", new Resources(2, 4096, 50, 1), Map.of());
        assertThat(Placement.choose(List.of(a, b), SERVER, "kuldiga")).isEqualTo(new Placement.Choice.OnHost("b"));
    }

    @Test
    void antiAffinityGivesWayWhenOnlyOneHostHasRoom() {
        var full = host("a", new Resources(16, 32768, 1000, 8), Map.of());
        var b = host("b", new Resources(2, 4096, 50, 1), Map.of("kuldiga", 1));
        assertThat(Placement.choose(List.of(full, b), SERVER, "kuldiga")).isEqualTo(new Placement.Choice.OnHost("b"));
    }

    @Test
    void hostsDrainingUnreachableOrFullTakeNothing() {
        var draining = new HostLoad("a", HostState.DRAINING, true, HOST, Resources.NONE, Map.of());
        var unreachable = new HostLoad("b", HostState.ACTIVE, false, HOST, Resources.NONE, Map.of());
        var full = host("c", new Resources(15, 30000, 990, 7), Map.of());
        assertThat(Placement.choose(List.of(draining, unreachable), SERVER, "kuldiga"))
                .isEqualTo(new Placement.Choice.Refused(Placement.NoRoom.NO_ACTIVE_HOST));
        assertThat(Placement.choose(List.of(draining, unreachable, full), SERVER, "kuldiga"))
                .isEqualTo(new Placement.Choice.Refused(Placement.NoRoom.NO_HOST_WITH_ROOM));
    }

    @Test
    void aDrainMovesEveryServerOrNoneAndNamesTheOnesThatFitNowhere() {
        var draining = host("a", new Resources(8, 16384, 200, 3), Map.of("kuldiga", 3));
        var small = new HostLoad("b", HostState.ACTIVE, true, new Resources(4, 8192, 100, 0), Resources.NONE, Map.of());
        var residents = List.of(new Placement.Resident("s1", "kuldiga", SERVER), new Placement.Resident("s2", "kuldiga", SERVER),
                new Placement.Resident("s3", "kuldiga", Resources.ofServer(4, 8192, 100)));
        assertThat(Placement.evacuate("a", residents, List.of(draining, small)))
                .isEqualTo(new Placement.Evacuation.Refused(List.of("s1", "s2")));
        var roomy = host("c", Resources.NONE, Map.of());
        assertThat(Placement.evacuate("a", residents, List.of(draining, small, roomy))).isInstanceOf(Placement.Evacuation.Moves.class);
    }
}
