package lv.pasvaldibas.provisioning.access;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class CallerTest {

    @Test
    void anOperatorViewsAndChangesOnlyTheirOwnMunicipality() {
        Caller kuldiga = new Caller("anna@kuldiga.lv", "kuldiga", Set.of(Role.OPERATOR), Map.of());
        assertThat(kuldiga.operates("kuldiga")).isTrue();
        assertThat(kuldiga.views("talsi")).isFalse();
        assertThat(kuldiga.operates("talsi")).isFalse();
        assertThat(kuldiga.viewableMunicipalities()).containsExactly("kuldiga");
    }

    @Test
    void aLentViewerRoleShowsTheLendingMunicipalityAndChangesNothing() {
        Caller ventspils = new Caller("janis@ventspils.lv", "ventspils", Set.of(Role.OPERATOR),
                Caller.grantsOf(Map.of("kuldiga", List.of("provisioning-viewer", "unknown-role"))));
        assertThat(ventspils.views("kuldiga")).isTrue();
        assertThat(ventspils.operates("kuldiga")).isFalse();
        assertThat(ventspils.viewableMunicipalities()).containsExactly("kuldiga", "ventspils");
    }

    @Test
    void platformOperatorIsNeverLentAndAGrantOnOnesOwnMunicipalityIsIgnored() {
        Caller caller = new Caller("x@talsi.lv", "talsi", Set.of(),
                Caller.grantsOf(Map.of("kuldiga", List.of("platform-operator"), "talsi", List.of("provisioning-operator"))));
        assertThat(caller.isPlatformOperator()).isFalse();
        assertThat(caller.grants()).isEmpty();
        assertThat(caller.views("talsi")).isFalse();
    }

    @Test
    void aPlatformOperatorViewsEveryMunicipalityButChangesNoneWithoutAnOperatorRoleThere() {
        Caller platform = new Caller("ops@pasvaldibas.lv", "riga", Set.of(Role.PLATFORM_OPERATOR), Map.of());
        assertThat(platform.views("kuldiga")).isTrue();
        assertThat(platform.operates("kuldiga")).isFalse();
    }

    @Test
    void aTokenWithoutAnyRoleSeesNothing() {
        Caller none = new Caller("eriks@kuldiga.lv", "kuldiga", Set.of(), Map.of());
        assertThat(none.views("kuldiga")).isFalse();
        assertThat(none.viewableMunicipalities()).isEmpty();
    }
}
