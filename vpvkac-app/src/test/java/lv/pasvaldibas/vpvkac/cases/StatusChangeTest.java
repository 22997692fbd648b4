package lv.pasvaldibas.vpvkac.cases;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.Instant;
import org.junit.jupiter.api.Test;

class StatusChangeTest {

    private static final Instant AT = Instant.parse("2025-03-10T08:15:00Z");

    @Test
    void aCaseIsRegisteredAsReceived() {
        StatusChange registration = StatusChange.registered(AT, "janis.berzins@ventspils.lv", null);
        assertThat(registration.isRegistration()).isTrue();
        assertThat(registration.from()).isNull();
        assertThat(registration.to()).isEqualTo(CaseStatus.RECEIVED);
        assertThat(registration.note()).isNull();
    }

    @Test
    void onlyARegistrationLacksAFromAndItIsAlwaysToReceived() {
        assertThatThrownBy(() -> new StatusChange(null, CaseStatus.IN_PROGRESS, AT, "janis", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("RECEIVED");
    }

    @Test
    void aChangeKeepsItsActorTimeAndNote() {
        StatusChange change = new StatusChange(CaseStatus.IN_PROGRESS, CaseStatus.FORWARDED, AT, " janis ", "  Nosūtīts PMLP\nar pielikumu  ");
        assertThat(change.actor()).isEqualTo("janis");
        assertThat(change.at()).isEqualTo(AT);
        assertThat(change.note()).isEqualTo("Nosūtīts PMLP\nar pielikumu");
        assertThat(change.isRegistration()).isFalse();
    }

    @Test
    void anIllegalChangeCannotBeMade() {
        assertThatThrownBy(() -> new StatusChange(CaseStatus.RECEIVED, CaseStatus.DELIVERED, AT, "janis", null))
                .isInstanceOf(IllegalTransitionException.class);
        assertThatThrownBy(() -> new StatusChange(CaseStatus.DELIVERED, CaseStatus.WITHDRAWN, AT, "janis", null))
                .isInstanceOf(IllegalTransitionException.class);
    }

    @Test
    void aChangeNeedsAnActor() {
        assertThatThrownBy(() -> new StatusChange(CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, AT, "  ", null))
                .isInstanceOf(IllegalArgumentException.class).hasMessageContaining("actor");
        assertThatThrownBy(() -> new StatusChange(CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, null, "janis", null))
                .isInstanceOf(NullPointerException.class);
    }

    @Test
    void aNoteIsAtMostTwoThousandCharacters() {
        assertThat(new StatusChange(CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, AT, "janis", "ž".repeat(2_000)).note()).hasSize(2_000);
        assertThatThrownBy(() -> new StatusChange(CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, AT, "janis", "ž".repeat(2_001)))
                .isInstanceOfSatisfying(InvalidNoteException.class, e -> {
                    assertThat(e.reason()).isEqualTo(InvalidNoteException.Reason.TOO_LONG);
                    assertThat(e.arguments()).containsExactly(2_000);
                });
        assertThatThrownBy(() -> new StatusChange(CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, AT, "janis", "x".repeat(1 << 20)))
                .isInstanceOf(InvalidNoteException.class);
    }

    @Test
    void aNoteWithInvisibleCharactersIsRefused() {
        assertThatThrownBy(() -> new StatusChange(CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, AT, "janis", "labi\u0000"))
                .isInstanceOfSatisfying(InvalidNoteException.class, e -> assertThat(e.reason()).isEqualTo(InvalidNoteException.Reason.CHARACTERS));
    }

    @Test
    void aBlankNoteIsNoNote() {
        assertThat(new StatusChange(CaseStatus.RECEIVED, CaseStatus.IN_PROGRESS, AT, "janis", " \n ").note()).isNull();
    }
}
