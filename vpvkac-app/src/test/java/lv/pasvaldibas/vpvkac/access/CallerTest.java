package lv.pasvaldibas.vpvkac.access;

import static lv.pasvaldibas.vpvkac.access.Caller.Role.ADMIN;
import static lv.pasvaldibas.vpvkac.access.Caller.Role.SPECIALIST;
import static lv.pasvaldibas.vpvkac.access.Caller.Role.SUPERVISOR;
import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void aCallerSeesAndWorksTheirOwnMunicipalityOnlyWithARole() {
        Caller specialist = new Caller("janis.berzins@ventspils.lv", "ventspils", Set.of(SPECIALIST));
        assertThat(specialist.sees("ventspils")).isTrue();
        assertThat(specialist.worksCasesIn("ventspils")).isTrue();
        assertThat(specialist.sees("kuldiga")).isFalse();
        assertThat(specialist.sees(null)).isFalse();
        assertThat(specialist.visibleMunicipalities()).containsExactly("ventspils");

        Caller clerk = new Caller("ilze.ozolina@ventspils.lv", "ventspils", Set.of());
        assertThat(clerk.sees("ventspils")).isFalse();
        assertThat(clerk.visibleMunicipalities()).isEmpty();
    }

    @Test
    void grantsOpenExactlyTheGrantingMunicipalityWithExactlyTheGrantedRoles() {
        Caller lent = new Caller("janis.berzins@kuldiga.lv", "kuldiga", Set.of(SPECIALIST, SUPERVISOR),
                Map.of("ventspils", Set.of(SPECIALIST)));
        assertThat(lent.rolesIn("ventspils")).containsExactly(SPECIALIST);
        assertThat(lent.worksCasesIn("ventspils")).isTrue();
        assertThat(lent.rolesIn("kuldiga")).containsExactlyInAnyOrder(SPECIALIST, SUPERVISOR);
        assertThat(lent.sees("talsi")).isFalse();
        assertThat(lent.visibleMunicipalities()).containsExactly("kuldiga", "ventspils");
        assertThat(lent.has(SUPERVISOR)).as("has() is about the caller's own municipality").isTrue();
    }

    @Test
    void adminIsNeverLentAndAGrantOnTheCallersOwnMunicipalityChangesNothing() {
        Caller caller = new Caller("janis.berzins@kuldiga.lv", "kuldiga", Set.of(SPECIALIST),
                Map.of("ventspils", Set.of(ADMIN), "kuldiga", Set.of(ADMIN), "talsi", Set.of(ADMIN, SPECIALIST)));
        assertThat(caller.grants()).isEqualTo(Map.of("talsi", Set.of(SPECIALIST)));
        assertThat(caller.rolesIn("kuldiga")).containsExactly(SPECIALIST);
    }

    @Test
    void casesAreWorkedWhereTheCallerHoldsASpecialistsOrSupervisorsRoleAtHomeOrLent() {
        Caller lentOnly = new Caller("maris.ozolins@kuldiga.lv", "kuldiga", Set.of(), Map.of("ventspils", Set.of(SPECIALIST)));
        assertThat(lentOnly.caseWorkMunicipalities()).containsExactly("ventspils");
        assertThat(lentOnly.has(SPECIALIST)).isFalse();

        Caller adminAtHome = new Caller("ilze.ozolina@kuldiga.lv", "kuldiga", Set.of(ADMIN), Map.of("ventspils", Set.of(SPECIALIST)));
        assertThat(adminAtHome.visibleMunicipalities()).containsExactly("kuldiga", "ventspils");
        assertThat(adminAtHome.caseWorkMunicipalities()).as("an admin administers; cases are worked where lent").containsExactly("ventspils");

        Caller both = new Caller("janis.berzins@kuldiga.lv", "kuldiga", Set.of(SUPERVISOR), Map.of("ventspils", Set.of(SPECIALIST, ADMIN)));
        assertThat(both.caseWorkMunicipalities()).containsExactly("kuldiga", "ventspils");
        assertThat(new Caller("x@talsi.lv", "talsi", Set.of()).caseWorkMunicipalities()).isEmpty();
    }

    @Test
    void aTokensGrantsClaimKeepsOnlyRolesThisApplicationKnows() {
        Map<String, Set<Caller.Role>> grants = Caller.grantsOf(Map.of("ventspils", List.of("vpvkac-specialist", "platform-admin"),
                "talsi", List.of("viewer")));
        Caller caller = new Caller("janis.berzins@kuldiga.lv", "kuldiga", Set.of(), grants);
        assertThat(caller.grants()).isEqualTo(Map.of("ventspils", Set.of(SPECIALIST)));
        assertThat(caller.visibleMunicipalities()).containsExactly("ventspils");
    }
}
