package lv.pasvaldibas.provisioning.server;

import java.time.Instant;
import java.util.UUID;
import lv.pasvaldibas.provisioning.quota.Resources;

/**
 * A virtual server of a municipality as the database wants it ({@code power}) and as its host
 * last reported it ({@code actualPower}, null until first seen; {@code MISSING} is reported as null
 * power with {@code domainMissing}).
 */
public record Server(UUID id, String municipality, String name, String templateId, Resources size, String hostId,
                     Phase phase, Power power, Power actualPower, boolean domainMissing, Instant actualSeenAt,
                     Instant createdAt, String createdBy, Instant updatedAt) {

    /** Whether it counts against its municipality's quota: until its domain is gone. */
    public boolean counted() {
        return phase != Phase.DELETED;
    }
}
