package lv.pasvaldibas.provisioning.hypervisor;

/** What a host says it has: physical CPUs and memory. */
public record HostFacts(int cpus, long memoryMib) {
}
