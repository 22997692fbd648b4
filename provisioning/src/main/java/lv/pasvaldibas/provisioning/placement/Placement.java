package lv.pasvaldibas.provisioning.placement;

import java.util.ArrayList;
import java.util.Comparator;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import lv.pasvaldibas.provisioning.quota.Resources;

/**
 * Where a server goes. Only active, reachable hosts with room for its vCPUs, memory and disk
 * qualify; among them the one with the fewest servers of the same municipality (anti-affinity:
 * one host's failure takes as few of a municipality's servers as possible), then the most free
 * memory, then the host id (so that two daemons given the same data choose the same host).
 * Anti-affinity is a preference, not a refusal: a municipality may have more servers than there
 * are hosts.
 */
public final class Placement {

    private static final Comparator<HostLoad> FREE_MEMORY_FIRST =
            Comparator.comparingLong(HostLoad::freeMemoryMib).reversed().thenComparing(HostLoad::hostId);

    private Placement() {
    }

    /** Why no host was chosen, for the person who asked. */
    public enum NoRoom {
        /** No host is active and reachable. */
        NO_ACTIVE_HOST,
        /** Active hosts exist, but none has room for this size. */
        NO_HOST_WITH_ROOM
    }

    public sealed interface Choice {
        record OnHost(String hostId) implements Choice {
        }

        record Refused(NoRoom reason) implements Choice {
        }
    }

    public static Choice choose(List<HostLoad> hosts, Resources size, String municipality) {
        List<HostLoad> usable = hosts.stream().filter(h -> h.state() == HostState.ACTIVE && h.reachable()).toList();
        if (usable.isEmpty()) {
            return new Choice.Refused(NoRoom.NO_ACTIVE_HOST);
        }
        Comparator<HostLoad> order = Comparator.<HostLoad>comparingInt(h -> h.serversOf(municipality)).thenComparing(FREE_MEMORY_FIRST);
        Optional<HostLoad> best = usable.stream().filter(h -> h.fits(size)).min(order);
        return best.<Choice>map(h -> new Choice.OnHost(h.hostId())).orElse(new Choice.Refused(NoRoom.NO_HOST_WITH_ROOM));
    }

    /** A server on a host being drained: its id, municipality and size. */
    public record Resident(String serverId, String municipality, Resources size) {
    }

    /** The outcome of a drain: every server with its new host, or the servers that fit nowhere. */
    public sealed interface Evacuation {
        record Moves(Map<String, String> targetByServer) implements Evacuation {
        }

        record Refused(List<String> serversWithoutRoom) implements Evacuation {
        }
    }

    /**
     * Plans moving every server off {@code draining} onto the other hosts, largest first (the hard
     * ones while there is most room). All or nothing: a drain that would strand some servers is
     * refused as a whole, naming them, and nothing moves.
     */
    public static Evacuation evacuate(String draining, List<Resident> residents, List<HostLoad> hosts) {
        List<HostLoad> others = new ArrayList<>(hosts.stream().filter(h -> !h.hostId().equals(draining)).toList());
        List<Resident> largestFirst = new ArrayList<>(residents);
        largestFirst.sort(Comparator.comparingLong((Resident r) -> r.size().memoryMib())
                .thenComparingInt(r -> r.size().vcpus()).reversed().thenComparing(Resident::serverId));
        Map<String, String> moves = new LinkedHashMap<>();
        List<String> stranded = new ArrayList<>();
        for (Resident r : largestFirst) {
            if (choose(others, r.size(), r.municipality()) instanceof Choice.OnHost(String target)) {
                moves.put(r.serverId(), target);
                others.replaceAll(h -> h.hostId().equals(target) ? h.with(r.size(), r.municipality()) : h);
            } else {
                stranded.add(r.serverId());
            }
        }
        return stranded.isEmpty() ? new Evacuation.Moves(moves) : new Evacuation.Refused(List.copyOf(stranded));
    }
}
