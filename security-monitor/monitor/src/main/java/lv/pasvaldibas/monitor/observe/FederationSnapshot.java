package lv.pasvaldibas.monitor.observe;

import java.time.Instant;
import java.util.List;
import java.util.Objects;

/**
 * What the federation looked like at one moment, as the monitor read it from the directory and trust
 * APIs and from the directories' own TLS handshakes: states, which the audit log does not hold.
 *
 * @param takenAt     when it was read; the observations it yields carry this time
 * @param directories every directory of the realm
 * @param trusts      every trust of the realm
 */
public record FederationSnapshot(Instant takenAt, List<Directory> directories, List<Trust> trusts) {

    public FederationSnapshot {
        Objects.requireNonNull(takenAt, "takenAt");
        directories = List.copyOf(directories);
        trusts = List.copyOf(trusts);
    }

    /**
     * A directory and its health.
     *
     * @param active       false while suspended: nobody signs in through it, so it is not judged
     * @param reachable    whether the federation server's connection test passed
     * @param error        why it did not, as the federation server said; null when reachable
     * @param certificates the certificates its LDAPS and StartTLS servers presented; empty when none was read
     */
    public record Directory(String id, String municipality, boolean active, boolean reachable, String error,
                            List<ServerCertificate> certificates) {
        public Directory {
            Objects.requireNonNull(id, "id");
            certificates = List.copyOf(certificates);
        }
    }

    /** The certificate one server of a directory presented: its URL, the certificate's subject and end of validity. */
    public record ServerCertificate(String server, String subject, Instant notAfter) {
        public ServerCertificate {
            Objects.requireNonNull(server, "server");
            Objects.requireNonNull(notAfter, "notAfter");
        }
    }

    /**
     * A trust as the trust API lists it.
     *
     * @param state      its state now ({@code ACTIVE}, {@code SUSPENDED}, {@code EXPIRED}...)
     * @param nextReview when its yearly re-approval is due; null when it has none (not yet approved)
     */
    public record Trust(String id, String trustingMunicipality, String trustedDirectory, String trustedMunicipality, String state,
                        Instant nextReview) {
        public Trust {
            Objects.requireNonNull(id, "id");
        }

        /** As {@code Trust.reviewOverdueAt} in the federation server: only an active trust's review can be overdue. */
        boolean reviewOverdueAt(Instant now) {
            return "ACTIVE".equals(state) && nextReview != null && now.isAfter(nextReview);
        }
    }
}
