package lv.pasvaldibas.vpvkac.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.time.LocalDate;
import java.util.stream.IntStream;
import lv.pasvaldibas.vpvkac.client.InvalidPersonalCodeException.Reason;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * Valid examples are worked out by hand with the published algorithm, check = (1101 − Σ wᵢ·dᵢ) mod 11
 * with weights 1, 6, 3, 7, 9, 10, 5, 8, 4, 2; e.g. 150385-1234: 1·1 + 5·6 + 0·3 + 3·7 + 8·9 + 5·10 +
 * 1·5 + 2·8 + 3·4 + 4·2 = 215, and (1101 − 215) mod 11 = 886 mod 11 = 6, so 150385-12346.
 */
class PersonalCodeTest {

    /** 32 bytes 0x00..0x1f; the expected references were computed apart with Python's hmac module. */
    private static final byte[] KEY = keyOf(0);

    @ParameterizedTest
    @ValueSource(strings = {"150385-12346", "161175-19997", "010101-20001", "121299-12341", "290200-20009"})
    void oldFormCodesWithTheRightCheckDigitAreAccepted(String typed) {
        assertThat(PersonalCode.parse(typed).canonical()).isEqualTo(typed);
    }

    @Test
    void theHyphenIsOptionalAndSpacesAroundAreDropped() {
        assertThat(PersonalCode.parse("15038512346")).isEqualTo(PersonalCode.parse(" 150385-12346\t"));
        assertThat(PersonalCode.parse("15038512346").canonical()).isEqualTo("150385-12346");
    }

    @Test
    void theCenturyDigitGivesTheYearOfBirth() {
        assertThat(PersonalCode.parse("150385-12346").birthDate()).contains(LocalDate.of(1985, 3, 15));
        assertThat(PersonalCode.parse("010101-20001").birthDate()).contains(LocalDate.of(2001, 1, 1));
        assertThat(PersonalCode.parse("290200-20009").birthDate()).contains(LocalDate.of(2000, 2, 29));
    }

    @Test
    void aWrongCheckDigitIsRefused() {
        assertThatThrownBy(() -> PersonalCode.parse("150385-12345"))
                .isInstanceOfSatisfying(InvalidPersonalCodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECK_DIGIT));
    }

    @ParameterizedTest
    @ValueSource(strings = {"0", "1", "2", "3", "4", "5", "6", "7", "8", "9"})
    void noCheckDigitFitsWhenTheSumLeavesTen(String last) {
        // 1·1+5·6+0·3+3·7+8·9+5·10+1·5+0·8+0·4+5·2 = 200, and (1101 − 200) mod 11 = 10
        assertThatThrownBy(() -> PersonalCode.parse("150385-1005" + last))
                .isInstanceOfSatisfying(InvalidPersonalCodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.CHECK_DIGIT));
    }

    @ParameterizedTest
    @ValueSource(strings = {
        "310285-10005", // 31 February 1985, check digit right
        "290200-10003", // 29 February 1900: not a leap year
        "001085-10003", // day 0
        "151385-10003", // month 13
        "150385-31234", // century digit 3
        "150385-91234"})
    void aCodeThatIsNoDateOfBirthIsRefused(String typed) {
        assertThatThrownBy(() -> PersonalCode.parse(typed))
                .isInstanceOfSatisfying(InvalidPersonalCodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.DATE));
    }

    @ParameterizedTest
    @ValueSource(strings = {"15038A-12346", "abcdef-ghijk", "150385-1234", "1503851234", "150385123467", "150385--12346",
        "150385 12346", "1503-8512346", "١٥٠٣٨٥-١٢٣٤٦", "150385-12346x", "32123-456789", "321234567890"})
    void anythingButElevenDigitsIsAFormatError(String typed) {
        assertThatThrownBy(() -> PersonalCode.parse(typed))
                .isInstanceOfSatisfying(InvalidPersonalCodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORMAT));
    }

    @Test
    void overlongInputIsRefusedBeforeParsing() {
        String padded = "150385-12346" + " ".repeat(9);
        assertThat(padded).hasSize(21);
        assertThatThrownBy(() -> PersonalCode.parse(padded))
                .isInstanceOfSatisfying(InvalidPersonalCodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.FORMAT));
        assertThatThrownBy(() -> PersonalCode.parse("1".repeat(1_000_000))).isInstanceOf(InvalidPersonalCodeException.class);
        assertThat(PersonalCode.parse("150385-12346" + " ".repeat(8)).canonical()).isEqualTo("150385-12346");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   "})
    void aMissingCodeIsRequired(String typed) {
        assertThatThrownBy(() -> PersonalCode.parse(typed))
                .isInstanceOfSatisfying(InvalidPersonalCodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REQUIRED));
        assertThatThrownBy(() -> PersonalCode.parse(null))
                .isInstanceOfSatisfying(InvalidPersonalCodeException.class, e -> assertThat(e.reason()).isEqualTo(Reason.REQUIRED));
    }

    @Test
    void theRefusalNeverRepeatsWhatWasTyped() {
        assertThatThrownBy(() -> PersonalCode.parse("150385-12345"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("150385").doesNotContain("12345"));
        assertThatThrownBy(() -> PersonalCode.parse("310285-10005"))
                .satisfies(e -> assertThat(e.getMessage()).doesNotContain("310285"));
    }

    @Test
    void theNewFormNeedsOnlyItsPrefixAndDigits() {
        PersonalCode code = PersonalCode.parse("32123456789");
        assertThat(code.isNewForm()).isTrue();
        assertThat(code.canonical()).isEqualTo("321234-56789");
        assertThat(code.birthDate()).isEmpty();
        assertThat(PersonalCode.parse("321234-56789")).isEqualTo(code);
        assertThat(PersonalCode.parse("150385-12346").isNewForm()).isFalse();
    }

    @Test
    void anOldCodeMaskedShowsOnlyTheDateOfBirth() {
        assertThat(PersonalCode.parse("150385-12346").masked()).isEqualTo("150385-*****");
    }

    @Test
    void aNewCodeMaskedShowsOnlyItsPrefix() {
        assertThat(PersonalCode.parse("32123456789").masked()).isEqualTo("32****-*****");
    }

    @Test
    void maskingNeverRevealsADigitBeyondTheShownPrefix() {
        IntStream.range(0, 1000).forEach(serial -> {
            String oldForm = withCheckDigit("0107" + String.format("%02d", serial % 100) + (serial % 2 + 1) + String.format("%03d", serial));
            if (oldForm != null) {
                String masked = PersonalCode.parse(oldForm).masked();
                assertThat(masked.replaceAll("[^0-9]", "")).isEqualTo(oldForm.substring(0, 6));
            }
            String newForm = "32" + String.format("%09d", serial * 7919L);
            assertThat(PersonalCode.parse(newForm).masked().replaceAll("[^0-9]", "")).isEqualTo("32");
        });
    }

    @Test
    void toStringIsTheMaskedForm() {
        PersonalCode code = PersonalCode.parse("150385-12346");
        assertThat(code.toString()).isEqualTo("150385-*****").doesNotContain("12346");
        assertThat(String.valueOf(PersonalCode.parse("32123456789"))).doesNotContain("123456789");
    }

    @Test
    void theAuditReferenceIsTheTruncatedHmacOfTheDigits() {
        assertThat(PersonalCode.parse("150385-12346").auditReference(KEY)).isEqualTo("b58d18a4fec011a7");
        assertThat(PersonalCode.parse("32123456789").auditReference(KEY)).isEqualTo("fefc624c499d90cf");
    }

    @Test
    void theAuditReferenceIsStableWhicheverFormWasTyped() {
        assertThat(PersonalCode.parse("15038512346").auditReference(KEY))
                .isEqualTo(PersonalCode.parse(" 150385-12346 ").auditReference(KEY))
                .hasSize(16)
                .matches("[0-9a-f]{16}");
    }

    @Test
    void theAuditReferenceDependsOnTheKeyAndTheCode() {
        PersonalCode code = PersonalCode.parse("150385-12346");
        assertThat(code.auditReference(keyOf(1))).isNotEqualTo(code.auditReference(KEY));
        assertThat(PersonalCode.parse("161175-19997").auditReference(KEY)).isNotEqualTo(code.auditReference(KEY));
        assertThat(code.auditReference(KEY)).doesNotContain("150385").doesNotContain("12346");
    }

    @Test
    void aShortAuditKeyIsRefused() {
        PersonalCode code = PersonalCode.parse("150385-12346");
        assertThatThrownBy(() -> code.auditReference(new byte[31])).isInstanceOf(IllegalArgumentException.class).hasMessageContaining("32 bytes");
        assertThatThrownBy(() -> code.auditReference(null)).isInstanceOf(IllegalArgumentException.class);
    }

    @Test
    void isPersonalCodeTellsCodesFromOtherText() {
        assertThat(PersonalCode.isPersonalCode("150385-12346")).isTrue();
        assertThat(PersonalCode.isPersonalCode("32123456789")).isTrue();
        assertThat(PersonalCode.isPersonalCode("150385-12345")).isFalse();
        assertThat(PersonalCode.isPersonalCode("ventspils")).isFalse();
        assertThat(PersonalCode.isPersonalCode(null)).isFalse();
    }

    /**
     * The code with its check digit, computed apart from the code under test with python-stdnum's
     * equivalent form of the algorithm: (1 + Σ (11 − wᵢ)·dᵢ) mod 11; null when that is 10.
     */
    private static String withCheckDigit(String tenDigits) {
        int[] complementaryWeights = {10, 5, 8, 4, 2, 1, 6, 3, 7, 9};
        int sum = 1;
        for (int i = 0; i < 10; i++) {
            sum += complementaryWeights[i] * (tenDigits.charAt(i) - '0');
        }
        int check = sum % 11;
        return check == 10 ? null : tenDigits + check;
    }

    private static byte[] keyOf(int first) {
        byte[] key = new byte[32];
        for (int i = 0; i < key.length; i++) {
            key[i] = (byte) (i + first);
        }
        return key;
    }
}
