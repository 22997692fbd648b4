package lv.pasvaldibas.trust;

import static lv.pasvaldibas.trust.TrustFixtures.KULDIGA_ADMIN;
import static lv.pasvaldibas.trust.TrustFixtures.PLATFORM_ADMIN;
import static lv.pasvaldibas.trust.TrustFixtures.T0;
import static lv.pasvaldibas.trust.TrustFixtures.TALSI_ADMIN;
import static lv.pasvaldibas.trust.TrustFixtures.VENTSPILS_ADMIN;
import static lv.pasvaldibas.trust.TrustFixtures.kuldigaAcceptsVentspilsSpecialists;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.function.Supplier;
import org.junit.jupiter.api.Test;

class TrustLifecycleTest {

    private static void refused(Supplier<Trust> step, TrustRuleException.Rule rule) {
        assertThatThrownBy(step::get).isInstanceOfSatisfying(TrustRuleException.class, e -> assertThat(e.rule()).isEqualTo(rule));
    }

    private static Trust proposedByKuldiga() {
        return TrustLifecycle.propose(KULDIGA_ADMIN, kuldigaAcceptsVentspilsSpecialists(), T0);
    }

    @Test
    void eitherSideProposesAndOnlyTheOtherApproves() {
        Trust proposed = proposedByKuldiga();
        assertThat(proposed.state()).isEqualTo(TrustState.PROPOSED);
        assertThat(proposed.proposedBy()).isEqualTo("kuldiga");
        refused(() -> TrustLifecycle.approve(KULDIGA_ADMIN, proposed, T0), TrustRuleException.Rule.OWN_PROPOSAL);
        refused(() -> TrustLifecycle.approve(TALSI_ADMIN, proposed, T0), TrustRuleException.Rule.NOT_A_PARTY);
        refused(() -> TrustLifecycle.approve(PLATFORM_ADMIN, proposed, T0), TrustRuleException.Rule.NOT_A_PARTY);

        Trust active = TrustLifecycle.approve(VENTSPILS_ADMIN, proposed, T0.plusSeconds(60));
        assertThat(active.state()).isEqualTo(TrustState.ACTIVE);
        assertThat(active.nextReview()).isEqualTo(T0.plusSeconds(60).plus(TrustLifecycle.REVIEW_EVERY));
        assertThat(active.history()).extracting(TrustEvent::action).containsExactly(TrustAction.PROPOSED, TrustAction.APPROVED);
        assertThat(active.history().get(1).actorMunicipality()).isEqualTo("ventspils");

        Trust fromAccountSide = TrustLifecycle.propose(VENTSPILS_ADMIN, kuldigaAcceptsVentspilsSpecialists(), T0);
        assertThat(TrustLifecycle.approve(KULDIGA_ADMIN, fromAccountSide, T0).state()).isEqualTo(TrustState.ACTIVE);
    }

    @Test
    void outsidersAndPlatformAdminsCannotPropose() {
        refused(() -> TrustLifecycle.propose(TALSI_ADMIN, kuldigaAcceptsVentspilsSpecialists(), T0), TrustRuleException.Rule.NOT_A_PARTY);
        refused(() -> TrustLifecycle.propose(PLATFORM_ADMIN, kuldigaAcceptsVentspilsSpecialists(), T0), TrustRuleException.Rule.NOT_A_PARTY);
    }

    @Test
    void aRejectedProposalIsOverAndNeedsAReason() {
        refused(() -> TrustLifecycle.reject(VENTSPILS_ADMIN, proposedByKuldiga(), " ", T0), TrustRuleException.Rule.REASON_REQUIRED);
        Trust rejected = TrustLifecycle.reject(VENTSPILS_ADMIN, proposedByKuldiga(), "Nav vajadzības", T0);
        assertThat(rejected.state()).isEqualTo(TrustState.REVOKED);
        assertThat(rejected.history().get(1)).satisfies(e -> {
            assertThat(e.action()).isEqualTo(TrustAction.REJECTED);
            assertThat(e.reason()).isEqualTo("Nav vajadzības");
        });
        refused(() -> TrustLifecycle.approve(VENTSPILS_ADMIN, rejected, T0), TrustRuleException.Rule.WRONG_STATE);
    }

    @Test
    void eitherSideSuspendsAndOnlyThatSideResumes() {
        Trust active = TrustFixtures.active(kuldigaAcceptsVentspilsSpecialists(), KULDIGA_ADMIN, VENTSPILS_ADMIN);
        refused(() -> TrustLifecycle.suspend(TALSI_ADMIN, active, "x", T0), TrustRuleException.Rule.NOT_A_PARTY);
        Trust suspended = TrustLifecycle.suspend(VENTSPILS_ADMIN, active, "Pārbaude", T0);
        assertThat(suspended.state()).isEqualTo(TrustState.SUSPENDED);
        assertThat(suspended.grantsAt(T0)).isFalse();
        refused(() -> TrustLifecycle.resume(KULDIGA_ADMIN, suspended, "atpakaļ", T0), TrustRuleException.Rule.NOT_THE_SUSPENDING_SIDE);
        refused(() -> TrustLifecycle.suspend(KULDIGA_ADMIN, suspended, "x", T0), TrustRuleException.Rule.WRONG_STATE);
        assertThat(TrustLifecycle.resume(VENTSPILS_ADMIN, suspended, "Pārbaudīts", T0).state()).isEqualTo(TrustState.ACTIVE);
        assertThat(TrustLifecycle.resume(PLATFORM_ADMIN, suspended, "Incidents slēgts", T0).state()).isEqualTo(TrustState.ACTIVE);

        Trust byPlatform = TrustLifecycle.suspend(PLATFORM_ADMIN, active, "Incidents", T0);
        refused(() -> TrustLifecycle.resume(VENTSPILS_ADMIN, byPlatform, "x", T0), TrustRuleException.Rule.NOT_THE_SUSPENDING_SIDE);
    }

    @Test
    void revokedIsFinal() {
        Trust active = TrustFixtures.active(kuldigaAcceptsVentspilsSpecialists(), KULDIGA_ADMIN, VENTSPILS_ADMIN);
        Trust revoked = TrustLifecycle.revoke(KULDIGA_ADMIN, active, "Līgums beidzies", T0);
        assertThat(revoked.state()).isEqualTo(TrustState.REVOKED);
        refused(() -> TrustLifecycle.revoke(VENTSPILS_ADMIN, revoked, "x", T0), TrustRuleException.Rule.WRONG_STATE);
        refused(() -> TrustLifecycle.resume(KULDIGA_ADMIN, revoked, "x", T0), TrustRuleException.Rule.WRONG_STATE);
        assertThat(TrustLifecycle.revoke(VENTSPILS_ADMIN, proposedByKuldiga(), "Atsaukts", T0).state()).isEqualTo(TrustState.REVOKED);
    }

    @Test
    void expiryAndOverdueReviewNeedNoOne() {
        Trust draft = new Trust("t-2", "kuldiga", "ventspils", "ventspils", true, Set.of(), Map.of("kuldiga-portal", Set.of("viewer")),
                T0, T0.plus(Duration.ofDays(30)), false, TrustState.PROPOSED, null, null, null, List.of());
        Trust active = TrustFixtures.active(draft, KULDIGA_ADMIN, VENTSPILS_ADMIN);
        assertThat(active.grantsAt(T0.plus(Duration.ofDays(29)))).isTrue();
        assertThat(active.stateAt(T0.plus(Duration.ofDays(30)))).isEqualTo(TrustState.EXPIRED);
        assertThat(active.grantsAt(T0.plus(Duration.ofDays(30)))).isFalse();
        refused(() -> TrustLifecycle.suspend(KULDIGA_ADMIN, active, "x", T0.plus(Duration.ofDays(31))), TrustRuleException.Rule.WRONG_STATE);
        refused(() -> TrustLifecycle.approve(VENTSPILS_ADMIN, TrustLifecycle.propose(KULDIGA_ADMIN, draft, T0),
                T0.plus(Duration.ofDays(31))), TrustRuleException.Rule.WRONG_STATE);

        Trust lasting = TrustFixtures.active(kuldigaAcceptsVentspilsSpecialists(), KULDIGA_ADMIN, VENTSPILS_ADMIN);
        Instant yearLater = T0.plus(TrustLifecycle.REVIEW_EVERY).plusSeconds(1);
        assertThat(lasting.reviewOverdueAt(yearLater)).isTrue();
        assertThat(lasting.grantsAt(yearLater)).as("an overdue review is listed, it does not cut access").isTrue();
        refused(() -> TrustLifecycle.review(VENTSPILS_ADMIN, lasting, yearLater), TrustRuleException.Rule.NOT_A_PARTY);
        Trust reviewed = TrustLifecycle.review(KULDIGA_ADMIN, lasting, yearLater);
        assertThat(reviewed.reviewOverdueAt(yearLater)).isFalse();
    }

    @Test
    void proposalsAreValidated() {
        refused(() -> TrustLifecycle.propose(KULDIGA_ADMIN,
                TrustFixtures.draft("t", "kuldiga", "kuldiga", "kuldiga", Set.of("darbinieki"), false), T0), TrustRuleException.Rule.SAME_MUNICIPALITY);
        refused(() -> TrustLifecycle.propose(KULDIGA_ADMIN,
                TrustFixtures.draft("t", "Kuldīga", "ventspils", "ventspils", Set.of("x"), false), T0), TrustRuleException.Rule.INVALID);
        refused(() -> TrustLifecycle.propose(KULDIGA_ADMIN, new Trust("t", "kuldiga", "ventspils", "ventspils", false, Set.of(),
                Map.of("kuldiga-portal", Set.of("viewer")), T0, null, false, TrustState.PROPOSED, null, null, null, List.of()), T0),
                TrustRuleException.Rule.INVALID);
        refused(() -> TrustLifecycle.propose(KULDIGA_ADMIN, new Trust("t", "kuldiga", "ventspils", "ventspils", true, Set.of(),
                Map.of(), T0, null, false, TrustState.PROPOSED, null, null, null, List.of()), T0), TrustRuleException.Rule.INVALID);
        refused(() -> TrustLifecycle.propose(KULDIGA_ADMIN, new Trust("t", "kuldiga", "ventspils", "ventspils", true, Set.of(),
                Map.of("kuldiga-portal", Set.of("viewer")), T0, T0, false, TrustState.PROPOSED, null, null, null, List.of()), T0),
                TrustRuleException.Rule.INVALID);
        refused(() -> TrustLifecycle.propose(KULDIGA_ADMIN, new Trust("t", "kuldiga", "ventspils", "ventspils", false,
                Set.of("grupa\u0000"), Map.of("kuldiga-portal", Set.of("viewer")), T0, null, false, TrustState.PROPOSED, null, null,
                null, List.of()), T0), TrustRuleException.Rule.INVALID);
        // Latvian group names are fine
        assertThat(TrustLifecycle.propose(KULDIGA_ADMIN, TrustFixtures.draft("t", "kuldiga", "ventspils", "ventspils",
                Set.of("Sociālā dienesta darbinieki"), false), T0).acceptedGroups()).containsExactly("Sociālā dienesta darbinieki");
    }

    @Test
    void aThousandSuspendResumeLoopsLeaveTheConsentAndTheNewestLinesOnly() {
        Trust t = TrustLifecycle.approve(VENTSPILS_ADMIN, proposedByKuldiga(), T0);
        Instant at = T0;
        for (int i = 0; i < 1000; i++) {
            at = at.plusSeconds(1);
            t = TrustLifecycle.suspend(KULDIGA_ADMIN, t, "Pauze " + i, at);
            t = TrustLifecycle.resume(KULDIGA_ADMIN, t, "Atsākam " + i, at);
        }
        assertThat(t.history()).hasSize(Trust.MAX_HISTORY);
        assertThat(t.history().subList(0, 2)).extracting(TrustEvent::action).containsExactly(TrustAction.PROPOSED, TrustAction.APPROVED);
        assertThat(t.history().get(1).actorMunicipality()).isEqualTo("ventspils");
        assertThat(t.history().get(Trust.MAX_HISTORY - 1).reason()).isEqualTo("Atsākam 999");
        assertThat(t.history().get(2).reason()).isEqualTo("Pauze 976");
        assertThat(t.state()).isEqualTo(TrustState.ACTIVE);
    }

    @Test
    void aShortHistoryIsKeptWhole() {
        Trust t = TrustLifecycle.suspend(KULDIGA_ADMIN, TrustLifecycle.approve(VENTSPILS_ADMIN, proposedByKuldiga(), T0), "Pauze", T0);
        assertThat(t.history()).extracting(TrustEvent::action)
                .containsExactly(TrustAction.PROPOSED, TrustAction.APPROVED, TrustAction.SUSPENDED);
    }
}
