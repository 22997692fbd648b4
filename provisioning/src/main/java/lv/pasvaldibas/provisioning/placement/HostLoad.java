package lv.pasvaldibas.provisioning.placement;

import java.util.Map;
import lv.pasvaldibas.provisioning.quota.Resources;

/**
 * One host as placement sees it: what it has, what its servers are given, and how many of them
 * each municipality has there (for anti-affinity).
 *
 * @param capacity  vCPUs, memory and disk the host offers (its {@code servers} is not used)
 * @param allocated the sum of the sizes of the servers placed on it
 */
public record HostLoad(String hostId, HostState state, boolean reachable, Resources capacity, Resources allocated,
                       Map<String, Integer> serversByMunicipality) {

    public HostLoad {
        serversByMunicipality = Map.copyOf(serversByMunicipality);
    }

    boolean fits(Resources size) {
        return allocated.vcpus() + size.vcpus() <= capacity.vcpus()
                && allocated.memoryMib() + size.memoryMib() <= capacity.memoryMib()
                && allocated.diskGib() + size.diskGib() <= capacity.diskGib();
    }

    long freeMemoryMib() {
        return capacity.memoryMib() - allocated.memoryMib();
    }

    int serversOf(String municipality) {
        return serversByMunicipality.getOrDefault(municipality, 0);
    }

    /** This host with one more server of {@code municipality}. */
    HostLoad with(Resources size, String municipality) {
        Map<String, Integer> counts = new java.util.HashMap<>(serversByMunicipality);
        counts.merge(municipality, 1, Integer::sum);
        return new HostLoad(hostId, state, reachable, capacity, allocated.plus(size), counts);
    }
}
