package lv.pasvaldibas.vpvkac.cases;

import static org.assertj.core.api.Assertions.assertThat;

import java.time.Instant;
import java.util.EnumSet;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import lv.pasvaldibas.vpvkac.catalogue.Service;
import lv.pasvaldibas.vpvkac.catalogue.ServiceKind;
import lv.pasvaldibas.vpvkac.client.Client;
import org.junit.jupiter.api.Test;

class DemoCasesTest {

    private static final Instant NOW = Instant.parse("2026-11-30T10:00:00Z");
    private static final List<Service> SERVICES = List.of(
            new Service("PMLP-001", "Dzīvesvietas deklarēšana", "Declaring a place of residence", "PMLP", 1,
                    EnumSet.of(Channel.IN_PERSON, Channel.EMAIL), ServiceKind.STATE),
            new Service("VID-001", "Gada ienākumu deklarācija", null, "VID", 30, EnumSet.of(Channel.NATIONAL_PHONE_LINE), ServiceKind.STATE));

    private static List<DemoCases.Planned> plan(long seed) {
        return DemoCases.plan(List.of("ventspils", "kuldiga", "talsi"), SERVICES, NOW, 100, seed);
    }

    @Test
    void aFewHundredCasesWithHistoriesTheWorkflowAllowsAndNothingInTheFuture() {
        List<DemoCases.Planned> planned = plan(7);
        assertThat(planned).hasSize(300);
        Set<CaseStatus> reached = EnumSet.noneOf(CaseStatus.class);
        for (DemoCases.Planned p : planned) {
            assertThat(p.service().channels()).contains(p.channel());
            assertThat(p.receivedAt()).isBefore(NOW).isAfter(NOW.minusSeconds(181L * 24 * 3600));
            assertThat(p.actor()).isEqualTo("janis.berzins@" + p.municipality() + ".lv");
            CaseStatus from = CaseStatus.RECEIVED;
            Instant last = p.receivedAt();
            for (StatusChange change : p.changes()) {
                assertThat(change.from()).isEqualTo(from);
                assertThat(Workflow.allows(from, change.to())).as(from + " -> " + change.to()).isTrue();
                assertThat(change.at()).isAfter(last).isBeforeOrEqualTo(NOW);
                from = change.to();
                last = change.at();
            }
            reached.add(from);
        }
        assertThat(reached).contains(CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, CaseStatus.DELIVERED, CaseStatus.REJECTED,
                CaseStatus.WITHDRAWN);
    }

    @Test
    void clientsAreDistinctPeopleWithValidCodesInBothFormsAndSomeOrganisations() {
        Set<String> ids = new HashSet<>();
        int newForm = 0;
        int organisations = 0;
        boolean diacritics = false;
        for (DemoCases.Planned p : plan(7)) {
            switch (p.client()) {
                case Client.Person person -> {
                    assertThat(ids.add(person.personalCode().canonical())).isTrue();
                    newForm += person.personalCode().isNewForm() ? 1 : 0;
                    diacritics |= !person.surname().matches("\\p{ASCII}*");
                    assertThat(person.contact().email()).matches("[a-z.0-9]+@example\\.lv");
                }
                case Client.Organisation organisation -> {
                    assertThat(ids.add(organisation.registrationNumber().digits())).isTrue();
                    organisations++;
                }
            }
        }
        assertThat(newForm).isBetween(50, 250);
        assertThat(organisations).isBetween(5, 80);
        assertThat(diacritics).isTrue();
    }

    @Test
    void theSameSeedGivesTheSameDemo() {
        assertThat(plan(7)).isEqualTo(plan(7));
        assertThat(plan(7)).isNotEqualTo(plan(8));
    }
}
