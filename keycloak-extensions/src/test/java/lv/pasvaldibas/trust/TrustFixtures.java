package lv.pasvaldibas.trust;

import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;

/** Municipalities, admins and trust drafts shared by the trust tests. */
final class TrustFixtures {

    static final Instant T0 = Instant.parse("2026-11-26T10:00:00Z");
    static final TrustActor KULDIGA_ADMIN = new TrustActor("k1", "andris.kalnins@kuldiga.lv", "kuldiga");
    static final TrustActor VENTSPILS_ADMIN = new TrustActor("v1", "andris.kalnins@ventspils.lv", "ventspils");
    static final TrustActor TALSI_ADMIN = new TrustActor("t1", "andris.kalnins@talsi.lv", "talsi");
    static final TrustActor PLATFORM_ADMIN = TrustActor.platformAdmin("p1", "admin");
    static final Map<String, String> DIRECTORIES = Map.of("ventspils", "ventspils", "kuldiga", "kuldiga", "talsi", "talsi",
            "dobele", "dobele");

    private TrustFixtures() {
    }

    /** Kuldīga accepts Ventspils' vpvkac-specialisti for kuldiga-portal with role viewer (acceptance 1). */
    static Trust kuldigaAcceptsVentspilsSpecialists() {
        return draft("t-1", "kuldiga", "ventspils", "ventspils", Set.of("vpvkac-specialisti"), false);
    }

    static Trust draft(String id, String trusting, String directory, String trusted, Set<String> groups, boolean transitive) {
        return new Trust(id, trusting, directory, trusted, groups.isEmpty(), groups, Map.of(trusting + "-portal", Set.of("viewer")),
                T0, null, transitive, TrustState.PROPOSED, null, null, null, List.of());
    }

    static Trust active(Trust draft, TrustActor proposer, TrustActor approver) {
        return TrustLifecycle.approve(approver, TrustLifecycle.propose(proposer, draft, T0), T0);
    }
}
