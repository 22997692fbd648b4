package lv.pasvaldibas.provisioning.quota;

import java.util.ArrayList;
import java.util.List;

/**
 * An amount of what a quota limits: virtual CPUs, memory (MiB), disk (GiB) and servers. Used for
 * a quota's limits, for what a municipality uses, for one server's size and for a host's capacity.
 * Never negative: usage is always a sum of servers (decision 95), so there is no counter that could
 * drift below zero.
 */
public record Resources(int vcpus, long memoryMib, long diskGib, int servers) {

    public static final Resources NONE = new Resources(0, 0, 0, 0);

    /** The quantities a quota has, in the order messages name them. */
    public enum Dimension { VCPUS, MEMORY, DISK, SERVERS }

    public Resources {
        if (vcpus < 0 || memoryMib < 0 || diskGib < 0 || servers < 0) {
            throw new IllegalArgumentException("resources cannot be negative: " + vcpus + " vCPU, " + memoryMib
                    + " MiB, " + diskGib + " GiB, " + servers + " servers");
        }
    }

    /** The size of one server. */
    public static Resources ofServer(int vcpus, long memoryMib, long diskGib) {
        return new Resources(vcpus, memoryMib, diskGib, 1);
    }

    public Resources plus(Resources other) {
        return new Resources(Math.addExact(vcpus, other.vcpus), Math.addExact(memoryMib, other.memoryMib),
                Math.addExact(diskGib, other.diskGib), Math.addExact(servers, other.servers));
    }

    /** @throws IllegalArgumentException when {@code other} is larger in any dimension: usage never goes negative */
    public Resources minus(Resources other) {
        return new Resources(vcpus - other.vcpus, memoryMib - other.memoryMib, diskGib - other.diskGib, servers - other.servers);
    }

    public long amount(Dimension dimension) {
        return switch (dimension) {
            case VCPUS -> vcpus;
            case MEMORY -> memoryMib;
            case DISK -> diskGib;
            case SERVERS -> servers;
        };
    }

    /** The dimensions in which this amount is larger than {@code limit}. */
    public List<Dimension> over(Resources limit) {
        List<Dimension> over = new ArrayList<>();
        for (Dimension d : Dimension.values()) {
            if (amount(d) > limit.amount(d)) {
                over.add(d);
            }
        }
        return over;
    }
}
