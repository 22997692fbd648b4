package lv.pasvaldibas.provisioning.hypervisor;

import lv.pasvaldibas.provisioning.server.Power;

/** A domain as its host reports it. */
public record DomainStatus(String name, Power power, int vcpus, long memoryMib) {
}
