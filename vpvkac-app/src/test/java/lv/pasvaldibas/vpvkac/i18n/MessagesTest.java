package lv.pasvaldibas.vpvkac.i18n;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.Locale;
import lv.pasvaldibas.vpvkac.cases.CaseStatus;
import lv.pasvaldibas.vpvkac.cases.IllegalTransitionException;
import lv.pasvaldibas.vpvkac.cases.Workflow;
import lv.pasvaldibas.vpvkac.catalogue.InvalidCatalogueException;
import lv.pasvaldibas.vpvkac.client.PersonalCode;
import org.junit.jupiter.api.Test;

class MessagesTest {

    private static final Locale LATVIAN = Locale.of("lv", "LV");

    @Test
    void aRefusalIsToldInLatvianWithDiacritics() {
        assertThatThrownBy(() -> PersonalCode.parse("150385-12345")).satisfies(e ->
                assertThat(Messages.text(LATVIAN, (RefusalException) e)).isEqualTo("Personas kodā ir kļūda: tā pēdējais cipars neatbilst pārējiem."));
    }

    @Test
    void aRefusalIsToldInEnglish() {
        assertThatThrownBy(() -> PersonalCode.parse("150385-12345")).satisfies(e ->
                assertThat(Messages.text(Locale.ENGLISH, (RefusalException) e))
                        .isEqualTo("The personal code is mistyped: its last digit does not match the others."));
    }

    @Test
    void statusesInAMessageAreToldInTheSameLanguage() {
        IllegalTransitionException refusal = new IllegalTransitionException(CaseStatus.RECEIVED, CaseStatus.DELIVERED);
        assertThat(Messages.text(LATVIAN, refusal)).isEqualTo("Lietu nevar pārvietot no statusa „Saņemts“ uz statusu „Izsniegts“.");
        assertThat(Messages.text(Locale.ENGLISH, refusal)).isEqualTo("A case cannot move from “Received” to “Delivered”.");
        assertThatThrownBy(() -> Workflow.requireAllowed(CaseStatus.DELIVERED, CaseStatus.IN_PROGRESS))
                .satisfies(e -> assertThat(Messages.text(LATVIAN, (RefusalException) e)).contains("Izsniegts").contains("Izskatīšanā"));
    }

    @Test
    void argumentsAreFilledIn() {
        InvalidCatalogueException duplicate = new InvalidCatalogueException(InvalidCatalogueException.Reason.DUPLICATE_CODE, "taken", "PMLP-001", 1234);
        assertThat(Messages.text(Locale.ENGLISH, duplicate)).isEqualTo("The code PMLP-001 is already used in row 1234.");
        assertThat(Messages.text(LATVIAN, duplicate)).isEqualTo("Kods PMLP-001 jau ir izmantots 1234. rindā.");
    }

    @Test
    void everyLanguageButLatvianGetsEnglishWhateverTheServersLocale() {
        Locale serverDefault = Locale.getDefault();
        try {
            Locale.setDefault(LATVIAN);
            assertThat(Messages.text(Locale.GERMAN, CaseStatus.WITHDRAWN)).isEqualTo("Withdrawn");
            assertThat(Messages.text(Locale.ROOT, CaseStatus.WITHDRAWN)).isEqualTo("Withdrawn");
            assertThat(Messages.text(Locale.of("lv"), CaseStatus.WITHDRAWN)).isEqualTo("Atsaukts");
        } finally {
            Locale.setDefault(serverDefault);
        }
    }
}
