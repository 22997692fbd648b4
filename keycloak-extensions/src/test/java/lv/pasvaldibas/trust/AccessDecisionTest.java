package lv.pasvaldibas.trust;

import static lv.pasvaldibas.trust.TrustFixtures.DIRECTORIES;
import static lv.pasvaldibas.trust.TrustFixtures.KULDIGA_ADMIN;
import static lv.pasvaldibas.trust.TrustFixtures.T0;
import static lv.pasvaldibas.trust.TrustFixtures.TALSI_ADMIN;
import static lv.pasvaldibas.trust.TrustFixtures.VENTSPILS_ADMIN;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class AccessDecisionTest {

    private static final AccessDecision.Request SPECIALIST_TO_KULDIGA = new AccessDecision.Request("ventspils", "ventspils",
            Set.of("darbinieki", "vpvkac-specialisti"), "kuldiga-portal", "kuldiga");
    private static final TrustActor TALSI = TALSI_ADMIN;

    private static AccessDecision.Access decide(List<Trust> trusts, AccessDecision.Request r) {
        return new AccessDecision(trusts, DIRECTORIES).decide(r, T0.plusSeconds(1));
    }

    private static Trust specialistsTrust() {
        return TrustFixtures.active(TrustFixtures.kuldigaAcceptsVentspilsSpecialists(), KULDIGA_ADMIN, VENTSPILS_ADMIN);
    }

    @Test
    void ownAndPlatformWideClientsNeedNoTrust() {
        assertThat(decide(List.of(), new AccessDecision.Request("kuldiga", "kuldiga", Set.of(), "kuldiga-portal", "kuldiga")))
                .isInstanceOf(AccessDecision.Access.Home.class);
        assertThat(decide(List.of(), new AccessDecision.Request("kuldiga", "kuldiga", Set.of(), "platform-cli", null)))
                .isInstanceOf(AccessDecision.Access.Home.class);
    }

    @Test
    void anActiveTrustGrantsOnlyItsRolesToAcceptedGroups() {
        assertThat(decide(List.of(specialistsTrust()), SPECIALIST_TO_KULDIGA))
                .isEqualTo(new AccessDecision.Access.ViaTrust(List.of("t-1"), Set.of("viewer")));
        AccessDecision.Request outsider = new AccessDecision.Request("ventspils", "ventspils", Set.of("darbinieki"), "kuldiga-portal", "kuldiga");
        assertThat(decide(List.of(specialistsTrust()), outsider)).isEqualTo(new AccessDecision.Access.Denied("kuldiga"));
    }

    @Test
    void noTrustOtherClientOtherDirectoryOrInactiveTrustsDeny() {
        AccessDecision.Access denied = new AccessDecision.Access.Denied("kuldiga");
        assertThat(decide(List.of(), SPECIALIST_TO_KULDIGA)).isEqualTo(denied);
        assertThat(decide(List.of(specialistsTrust()), new AccessDecision.Request("ventspils", "ventspils",
                Set.of("vpvkac-specialisti"), "kuldiga-finances", "kuldiga"))).isEqualTo(denied);
        assertThat(decide(List.of(specialistsTrust()), new AccessDecision.Request("talsi", "talsi",
                Set.of("vpvkac-specialisti"), "kuldiga-portal", "kuldiga"))).isEqualTo(denied);
        Trust proposed = TrustLifecycle.propose(KULDIGA_ADMIN, TrustFixtures.kuldigaAcceptsVentspilsSpecialists(), T0);
        Trust suspended = TrustLifecycle.suspend(VENTSPILS_ADMIN, specialistsTrust(), "Pārbaude", T0);
        Trust revoked = TrustLifecycle.revoke(KULDIGA_ADMIN, specialistsTrust(), "Beigas", T0);
        for (Trust t : List.of(proposed, suspended, revoked)) {
            assertThat(decide(List.of(t), SPECIALIST_TO_KULDIGA)).as(t.state().name()).isEqualTo(denied);
        }
    }

    @Test
    void theValidityWindowIsKeptToTheSecond() {
        Trust windowed = TrustFixtures.active(new Trust("t-w", "kuldiga", "ventspils", "ventspils", true, Set.of(),
                Map.of("kuldiga-portal", Set.of("viewer")), T0.plusSeconds(10), T0.plusSeconds(20), false, TrustState.PROPOSED,
                null, null, null, List.of()), KULDIGA_ADMIN, VENTSPILS_ADMIN);
        AccessDecision decision = new AccessDecision(List.of(windowed), DIRECTORIES);
        assertThat(decision.decide(SPECIALIST_TO_KULDIGA, T0.plusSeconds(9))).isInstanceOf(AccessDecision.Access.Denied.class);
        assertThat(decision.decide(SPECIALIST_TO_KULDIGA, T0.plusSeconds(10))).isInstanceOf(AccessDecision.Access.ViaTrust.class);
        assertThat(decision.decide(SPECIALIST_TO_KULDIGA, T0.plusSeconds(20))).isInstanceOf(AccessDecision.Access.Denied.class);
    }

    @Test
    void rolesOfSeveralTrustsAddUp() {
        Trust second = TrustFixtures.active(new Trust("t-9", "kuldiga", "ventspils", "ventspils", true, Set.of(),
                Map.of("kuldiga-portal", Set.of("editor")), T0, null, false, TrustState.PROPOSED, null, null, null, List.of()),
                VENTSPILS_ADMIN, KULDIGA_ADMIN);
        assertThat(decide(List.of(specialistsTrust(), second), SPECIALIST_TO_KULDIGA))
                .isEqualTo(new AccessDecision.Access.ViaTrust(List.of("t-1", "t-9"), Set.of("viewer", "editor")));
    }

    /** Ventspils lets Kuldīga's VPVKAC specialists work its data in the platform-wide VPVKAC application. */
    @Test
    void aTrustCoveringASharedClientGrantsRolesOnTheTrustingMunicipalitysDataOnly() {
        Trust onVpvkac = TrustFixtures.active(new Trust("v-k", "ventspils", "kuldiga", "kuldiga", false, Set.of("vpvkac-specialisti"),
                Map.of("vpvkac-app", Set.of("vpvkac-specialist")), T0, null, false, TrustState.PROPOSED, null, null, null, List.of()),
                VENTSPILS_ADMIN, KULDIGA_ADMIN);
        Trust otherClient = TrustFixtures.active(TrustFixtures.draft("t-x", "talsi", "kuldiga", "kuldiga", Set.of("vpvkac-specialisti"), false),
                TALSI, KULDIGA_ADMIN);
        AccessDecision decision = new AccessDecision(List.of(onVpvkac, otherClient), DIRECTORIES);
        AccessDecision.Request specialist = new AccessDecision.Request("kuldiga", "kuldiga", Set.of("vpvkac-specialisti"), "vpvkac-app", null);
        assertThat(decision.grantsOnSharedClient(specialist, T0.plusSeconds(1)))
                .isEqualTo(Map.of("ventspils", new AccessDecision.Access.ViaTrust(List.of("v-k"), Set.of("vpvkac-specialist"))));
        // the client itself stays open to everyone: the grant is about the data
        assertThat(decision.decide(specialist, T0.plusSeconds(1))).isInstanceOf(AccessDecision.Access.Home.class);

        AccessDecision.Request notAccepted = new AccessDecision.Request("kuldiga", "kuldiga", Set.of("darbinieki"), "vpvkac-app", null);
        AccessDecision.Request otherDirectory = new AccessDecision.Request("talsi", "talsi", Set.of("vpvkac-specialisti"), "vpvkac-app", null);
        AccessDecision.Request theTrustingSide = new AccessDecision.Request("ventspils", "ventspils", Set.of("vpvkac-specialisti"), "vpvkac-app", null);
        for (AccessDecision.Request r : List.of(notAccepted, otherDirectory, theTrustingSide)) {
            assertThat(decision.grantsOnSharedClient(r, T0.plusSeconds(1))).as(r.toString()).isEmpty();
        }
        Trust suspended = TrustLifecycle.suspend(VENTSPILS_ADMIN, onVpvkac, "Pārbaude", T0);
        assertThat(new AccessDecision(List.of(suspended), DIRECTORIES).grantsOnSharedClient(specialist, T0.plusSeconds(1))).isEmpty();
        org.assertj.core.api.Assertions.assertThatThrownBy(() -> decision.grantsOnSharedClient(SPECIALIST_TO_KULDIGA, T0))
                .isInstanceOf(IllegalArgumentException.class);
    }

    /** Kuldīga → Ventspils directory, Ventspils → Talsi directory: a Talsi user reaches Kuldīga only if both say transitive. */
    @Test
    void transitivePathsNeedBothEdgesAndStopAtTwo() {
        AccessDecision.Request talsiUser = new AccessDecision.Request("talsi", "talsi", Set.of("vpvkac-specialisti"), "kuldiga-portal", "kuldiga");
        for (boolean[] flags : new boolean[][] {{true, true}, {true, false}, {false, true}, {false, false}}) {
            Trust first = TrustFixtures.active(TrustFixtures.draft("k-v", "kuldiga", "ventspils", "ventspils",
                    Set.of("vpvkac-specialisti"), flags[0]), KULDIGA_ADMIN, VENTSPILS_ADMIN);
            Trust second = TrustFixtures.active(TrustFixtures.draft("v-t", "ventspils", "talsi", "talsi",
                    Set.of("vpvkac-specialisti"), flags[1]), VENTSPILS_ADMIN, TALSI);
            AccessDecision.Access access = decide(List.of(first, second), talsiUser);
            if (flags[0] && flags[1]) {
                assertThat(access).isEqualTo(new AccessDecision.Access.ViaTrust(List.of("k-v>v-t"), Set.of("viewer")));
            } else {
                assertThat(access).as("transitive flags %s", java.util.Arrays.toString(flags)).isInstanceOf(AccessDecision.Access.Denied.class);
            }
        }
        // both edges' group rules apply
        Trust first = TrustFixtures.active(TrustFixtures.draft("k-v", "kuldiga", "ventspils", "ventspils", Set.of("vadiba"), true),
                KULDIGA_ADMIN, VENTSPILS_ADMIN);
        Trust second = TrustFixtures.active(TrustFixtures.draft("v-t", "ventspils", "talsi", "talsi", Set.of("vpvkac-specialisti"), true),
                VENTSPILS_ADMIN, TALSI);
        assertThat(decide(List.of(first, second), talsiUser)).isInstanceOf(AccessDecision.Access.Denied.class);
        // three edges never: Kuldīga → Ventspils → Talsi → Dobele, all transitive; a Dobele user stays out
        Trust k = TrustFixtures.active(TrustFixtures.draft("k-v", "kuldiga", "ventspils", "ventspils", Set.of("g"), true),
                KULDIGA_ADMIN, VENTSPILS_ADMIN);
        Trust v = TrustFixtures.active(TrustFixtures.draft("v-t", "ventspils", "talsi", "talsi", Set.of("g"), true), VENTSPILS_ADMIN, TALSI);
        Trust t = TrustFixtures.active(TrustFixtures.draft("t-d", "talsi", "dobele", "dobele", Set.of("g"), true), TALSI,
                new TrustActor("d1", "admin@dobele.lv", "dobele"));
        assertThat(decide(List.of(k, v, t), new AccessDecision.Request("dobele", "dobele", Set.of("g"), "kuldiga-portal", "kuldiga")))
                .isInstanceOf(AccessDecision.Access.Denied.class);
        assertThat(decide(List.of(k, v, t), new AccessDecision.Request("dobele", "dobele", Set.of("g"), "ventspils-portal", "ventspils")))
                .as("two edges from Ventspils").isInstanceOf(AccessDecision.Access.ViaTrust.class);
    }

    @Test
    void aThousandOtherTrustsDoNotChangeTheAnswer() {
        List<Trust> trusts = new ArrayList<>();
        for (int i = 0; i < 1000; i++) {
            trusts.add(TrustFixtures.active(TrustFixtures.draft("t" + i, "m" + (i % 40), "d" + i, "n" + i, Set.of("g" + i), i % 2 == 0),
                    new TrustActor("a", "a", "m" + (i % 40)), new TrustActor("b", "b", "n" + i)));
        }
        trusts.add(specialistsTrust());
        assertThat(decide(trusts, SPECIALIST_TO_KULDIGA)).isInstanceOf(AccessDecision.Access.ViaTrust.class);
    }
}
