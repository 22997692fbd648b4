package lv.pasvaldibas.vpvkac.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;

class ClientSearchTest {

    @Test
    void aPersonalCodeInEitherFormFindsThePerson() {
        PersonalCode code = PersonalCode.parse("32123456789");
        assertThat(ClientSearch.of(code.canonical())).isEqualTo(new ClientSearch.ByPersonalCode(code));
        assertThat(ClientSearch.of(" " + code.canonical().replace("-", "") + " ")).isEqualTo(new ClientSearch.ByPersonalCode(code));
    }

    @Test
    void elevenDigitsThatAreNoPersonalCodeAreARegistrationNumber() {
        assertThat(ClientSearch.of("40003245752")).isEqualTo(new ClientSearch.ByRegistrationNumber(RegistrationNumber.parse("40003245752")));
    }

    @Test
    void anythingElseIsTheStartOfANameWithLikeWildcardsTakenLiterally() {
        ClientSearch.ByName name = (ClientSearch.ByName) ClientSearch.of("Šķēle");
        assertThat(name.prefix()).isEqualTo("šķēle");
        assertThat(name.likePattern()).isEqualTo("šķēle%");
        assertThat(((ClientSearch.ByName) ClientSearch.of("50%_a\\b")).likePattern()).isEqualTo("50\\%\\_a\\\\b%");
    }

    @Test
    void tooShortOrTooLongIsRefusedWithAReason() {
        assertThatThrownBy(() -> ClientSearch.of("Š")).isInstanceOfSatisfying(ClientSearch.Refusal.class,
                r -> assertThat(r.reason()).isEqualTo(ClientSearch.Refusal.Reason.TOO_SHORT));
        assertThatThrownBy(() -> ClientSearch.of(null)).isInstanceOf(ClientSearch.Refusal.class);
        assertThatThrownBy(() -> ClientSearch.of("  ")).isInstanceOf(ClientSearch.Refusal.class);
        assertThatThrownBy(() -> ClientSearch.of("a".repeat(101))).isInstanceOfSatisfying(ClientSearch.Refusal.class,
                r -> assertThat(r.reason()).isEqualTo(ClientSearch.Refusal.Reason.TOO_LONG));
    }
}
