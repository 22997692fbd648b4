package lv.pasvaldibas.provisioning.reconcile;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import lv.pasvaldibas.provisioning.server.DomainNames;
import lv.pasvaldibas.provisioning.server.Phase;
import lv.pasvaldibas.provisioning.server.Power;

/**
 * Compares what the database wants on one host with what the host has, and says what to repair.
 * Only servers that are {@link Phase#READY} and settled are repaired: the others belong to a running job,
 * whose own retries make them whole. Only domains named by {@link DomainNames} are the daemon's;
 * any other domain on a host is never touched.
 * <p>
 * Read the host's domains <em>before</em> the database: a job defines a domain only after its
 * server's row is committed, so every listed domain of the daemon's has its row in what is read next,
 * and a domain made in between is not mistaken for an orphan.
 */
public final class Reconciliation {

    private Reconciliation() {
    }

    /**
     * A server the database places on this host; {@code settled} is false when a job changed it after
     * the host's domains were listed (it is looked at in the next pass, not repaired from a stale listing).
     */
    public record Desired(UUID serverId, Phase phase, Power power, boolean settled) {
    }

    /** A domain the host reports. */
    public record Actual(String domainName, Power power) {
    }

    public sealed interface Repair {
        UUID serverId();

        /** The server's domain is gone (undefined behind the daemon's back, or a host that lost it): make it again. */
        record Recreate(UUID serverId, Power power) implements Repair {
        }

        /** It should run and does not (destroyed behind the daemon's back, or a host that restarted). */
        record PowerOn(UUID serverId) implements Repair {
        }

        /** It should be stopped and runs. */
        record PowerOff(UUID serverId) implements Repair {
        }

        /** A domain of the daemon's whose server is deleted or was never placed here: remove it. */
        record RemoveOrphan(UUID serverId, String domainName) implements Repair {
        }
    }

    public static List<Repair> compare(List<Desired> desired, List<Actual> actual) {
        Map<UUID, Actual> domains = new HashMap<>();
        for (Actual a : actual) {
            DomainNames.serverOf(a.domainName()).ifPresent(id -> domains.put(id, a));
        }
        List<Repair> repairs = new ArrayList<>();
        Map<UUID, Desired> wanted = new HashMap<>();
        for (Desired d : desired) {
            wanted.put(d.serverId(), d);
            if (d.phase() != Phase.READY || !d.settled()) {
                continue;
            }
            Actual domain = domains.get(d.serverId());
            if (domain == null) {
                repairs.add(new Repair.Recreate(d.serverId(), d.power()));
            } else if (d.power() == Power.RUNNING && domain.power() != Power.RUNNING) {
                repairs.add(new Repair.PowerOn(d.serverId()));
            } else if (d.power() == Power.STOPPED && domain.power() == Power.RUNNING) {
                repairs.add(new Repair.PowerOff(d.serverId()));
            }
        }
        domains.forEach((id, domain) -> {
            Desired d = wanted.get(id);
            if (d == null || d.phase() == Phase.DELETED) {
                repairs.add(new Repair.RemoveOrphan(id, domain.domainName()));
            }
        });
        return repairs;
    }
}
