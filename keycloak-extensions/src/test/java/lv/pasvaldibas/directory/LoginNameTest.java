package lv.pasvaldibas.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

class LoginNameTest {

    @Test
    void upnAndEmailAreQualifiedWithALowerCaseDomain() {
        LoginName n = LoginName.parse("  Jānis.Bērziņš@Ventspils.LV ");
        assertThat(n.kind()).isEqualTo(LoginName.Kind.QUALIFIED);
        assertThat(n.account()).isEqualTo("Jānis.Bērziņš");
        assertThat(n.domain()).isEqualTo("ventspils.lv");
    }

    @Test
    void downLevelNameCarriesTheUpperCaseNetbiosName() {
        LoginName n = LoginName.parse("ventspils\\janis.berzins");
        assertThat(n.kind()).isEqualTo(LoginName.Kind.DOWN_LEVEL);
        assertThat(n.domain()).isEqualTo("VENTSPILS");
        assertThat(n.account()).isEqualTo("janis.berzins");
    }

    @Test
    void bareNameKeepsFilterMetacharactersForEscapingLater() {
        LoginName n = LoginName.parse("*)(uid=*))(|(uid=*");
        assertThat(n.kind()).isEqualTo(LoginName.Kind.BARE);
        assertThat(n.account()).isEqualTo("*)(uid=*))(|(uid=*");
    }

    @Test
    void decomposedDiacriticsAreNormalisedToComposedForm() {
        String decomposed = "Ja\u0304nis@kuldiga.lv";
        assertThat(LoginName.parse(decomposed).account()).isEqualTo("Jānis");
    }

    @Test
    void internationalisedDomainIsMatchedInItsAsciiForm() {
        assertThat(LoginName.parse("anna@kuldīga.lv").domain()).isEqualTo("xn--kuldga-l8a.lv");
    }

    @ParameterizedTest
    @ValueSource(strings = {"", "   ", "a\u0000b", "line\nbreak", "janis@ventspils.lv\u200b", "ja\u202enis", "@ventspils.lv", "janis@", "janis@not a domain",
            "janis@-bad-.lv", "\\janis", "TOO-LONG-NETBIOS-NAME\\janis", "VENTSPILS\\"})
    void malformedNamesAreRefused(String raw) {
        assertThatThrownBy(() -> LoginName.parse(raw)).isInstanceOf(InvalidLoginNameException.class);
    }

    @Test
    void overlongNamesAreRefusedBeforeAnyWork() {
        assertThatThrownBy(() -> LoginName.parse("a".repeat(10_000))).hasMessageContaining("too long");
        assertThatThrownBy(() -> LoginName.parse("a".repeat(257))).hasMessageContaining("too long");
        assertThat(LoginName.parse("a".repeat(256)).account()).hasSize(256);
    }

    @Test
    void nullIsRefused() {
        assertThatThrownBy(() -> LoginName.parse(null)).isInstanceOf(InvalidLoginNameException.class);
    }
}
