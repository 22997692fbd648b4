package lv.pasvaldibas.provisioning.hypervisor;

import java.util.UUID;

/**
 * A virtual machine as the daemon wants it on a host: the server's id (also the domain's UUID),
 * the domain name, its size and the image its disk starts from.
 */
public record DomainSpec(UUID uuid, String name, int vcpus, long memoryMib, long diskGib, String baseImage) {
}
