package lv.pasvaldibas.vpvkac.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import lv.pasvaldibas.vpvkac.client.InvalidClientException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class ClientTest {

    private static final PersonalCode CODE = PersonalCode.parse("150385-12346");

    @Test
    void aPersonKeepsNamesWithDiacriticsTrimmedAndComposed() {
        Client.Person person = new Client.Person(CODE, "  Ja\u0304nis ", "Bērziņš", null);
        assertThat(person.givenName()).isEqualTo("Jānis");
        assertThat(person.displayName()).isEqualTo("Jānis Bērziņš");
        assertThat(person.contact()).isEqualTo(Contact.NONE);
    }

    @Test
    void aPersonPrintsOnlyTheMaskedCode() {
        Client.Person person = new Client.Person(CODE, "Jānis", "Bērziņš", new Contact("janis@example.lv", "+37129123456"));
        assertThat(person.toString()).isEqualTo("Person[150385-*****]");
        assertThat(person.contact().toString()).doesNotContain("janis").doesNotContain("29123456");
    }

    @Test
    void anOrganisationHasARegistrationNumberAndAName() {
        Client.Organisation organisation = new Client.Organisation(RegistrationNumber.parse(" 40003032949 "), "SIA \"Kuldīgas ūdens\"", null);
        assertThat(organisation.registrationNumber().digits()).isEqualTo("40003032949");
        assertThat(organisation.displayName()).isEqualTo("SIA \"Kuldīgas ūdens\"");
        assertThat(RegistrationNumber.parse("LV40003032949")).isEqualTo(organisation.registrationNumber());
    }

    @ParameterizedTest
    @ValueSource(strings = {"4000303294", "400030329490", "4000303294A", "", "40003 032949"})
    void aRegistrationNumberIsElevenDigits(String typed) {
        assertThatThrownBy(() -> RegistrationNumber.parse(typed))
                .isInstanceOfSatisfying(InvalidClientException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.REGISTRATION_NUMBER);
                    assertThat(e.field()).isEqualTo("registrationNumber");
                });
        assertThatThrownBy(() -> RegistrationNumber.parse(null)).isInstanceOf(InvalidClientException.class);
    }

    @Test
    void namesAreRequired() {
        assertThatThrownBy(() -> new Client.Person(CODE, " ", "Bērziņš", null))
                .isInstanceOfSatisfying(InvalidClientException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NAME_REQUIRED);
                    assertThat(e.field()).isEqualTo("givenName");
                });
        assertThatThrownBy(() -> new Client.Organisation(new RegistrationNumber("40003032949"), null, null))
                .isInstanceOfSatisfying(InvalidClientException.class, e -> assertThat(e.field()).isEqualTo("name"));
    }

    @Test
    void namesAreAtMostTwoHundredCharacters() {
        assertThat(new Client.Person(CODE, "Ā".repeat(200), "Bērziņš", null).givenName()).hasSize(200);
        assertThatThrownBy(() -> new Client.Person(CODE, "Jānis", "Ā".repeat(201), null))
                .isInstanceOfSatisfying(InvalidClientException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.NAME_TOO_LONG);
                    assertThat(e.field()).isEqualTo("surname");
                    assertThat(e.arguments()).containsExactly(200);
                });
    }

    @ParameterizedTest
    @ValueSource(strings = {"Jā\u0000nis", "Jānis\u200b", "Jā\u202enis", "Jā\nnis"})
    void namesWithInvisibleCharactersAreRefused(String name) {
        assertThatThrownBy(() -> new Client.Person(CODE, name, "Bērziņš", null))
                .isInstanceOfSatisfying(InvalidClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NAME_CHARACTERS));
    }

    @ParameterizedTest
    @ValueSource(strings = {"<script>alert(1)</script>", "Jānis<b>", "Bērziņš >"})
    void namesWithMarkupAreRefused(String name) {
        assertThatThrownBy(() -> new Client.Person(CODE, name, "Bērziņš", null))
                .isInstanceOfSatisfying(InvalidClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NAME_MARKUP));
        assertThatThrownBy(() -> new Client.Organisation(RegistrationNumber.parse("40003000000"), name, null))
                .isInstanceOfSatisfying(InvalidClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.NAME_MARKUP));
    }

    @Test
    void aPersonNeedsACode() {
        assertThatThrownBy(() -> new Client.Person(null, "Jānis", "Bērziņš", null)).isInstanceOf(NullPointerException.class);
    }

    @ParameterizedTest
    @ValueSource(strings = {"janis@ventspils.lv", "anna.berzina+vpvkac@kuldīga.lv", "j@x.co"})
    void eMailAddressesOfTheRightShapeAreKept(String email) {
        assertThat(new Contact(" " + email + " ", null).email()).isEqualTo(email);
    }

    @ParameterizedTest
    @ValueSource(strings = {"janis", "janis@", "@ventspils.lv", "janis@ventspils", "jā nis@ventspils.lv", "a@b@c.lv", "janis@ventspils.lv\u200b"})
    void eMailAddressesOfAnotherShapeAreRefused(String email) {
        assertThatThrownBy(() -> new Contact(email, null))
                .isInstanceOfSatisfying(InvalidClientException.class, e -> {
                    assertThat(e.reason()).isEqualTo(Reason.EMAIL);
                    assertThat(e.field()).isEqualTo("email");
                });
    }

    @Test
    void anOverlongEMailAddressIsRefused() {
        String longest = "a".repeat(64) + "@" + "b".repeat(186) + ".lv";
        assertThat(longest).hasSize(254);
        assertThat(new Contact(longest, null).email()).isEqualTo(longest);
        assertThatThrownBy(() -> new Contact("a".repeat(64) + "@" + "b".repeat(187) + ".lv", null)).isInstanceOf(InvalidClientException.class);
    }

    @Test
    void phoneNumbersArePlusAndDigitsWithTypedSpacesDropped() {
        assertThat(new Contact(null, "+371 29 123 456").phone()).isEqualTo("+37129123456");
        assertThat(new Contact(null, "67123456").phone()).isEqualTo("67123456");
        assertThat(new Contact(null, "+" + "1".repeat(19)).phone()).hasSize(20);
    }

    @ParameterizedTest
    @ValueSource(strings = {"+371-29123456", "29123456 ext 5", "++37129123456", "12", "+1234567890123456789012", "tel:29123456"})
    void otherPhoneNumbersAreRefused(String phone) {
        assertThatThrownBy(() -> new Contact(null, phone))
                .isInstanceOfSatisfying(InvalidClientException.class, e -> assertThat(e.reason()).isEqualTo(Reason.PHONE));
    }

    @Test
    void blankContactsAreNone() {
        assertThat(new Contact(" ", "")).isEqualTo(Contact.NONE);
    }
}
