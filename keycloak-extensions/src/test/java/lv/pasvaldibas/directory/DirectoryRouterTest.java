package lv.pasvaldibas.directory;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectoryRouterTest {

    static DirectoryConfig directory(String id, String netbios, boolean active, String... domains) {
        return new DirectoryConfig(id, id, "openldap", List.of("ldap://127.0.0.1:389"), TlsMode.NONE, null,
                "cn=svc", "secret", "ou=people,dc=" + id, null, List.of("uid", "mail"), List.of(domains), netbios,
                Map.of(), Map.of(), 1000, 1000, 4, active);
    }

    private final DirectoryConfig ventspils = directory("ventspils", "VENTSPILS", true, "ventspils.lv", "vpvkac.ventspils.lv");
    private final DirectoryConfig kuldiga = directory("kuldiga", "KULDIGA", true, "kuldiga.lv");
    private final DirectoryConfig talsi = directory("talsi", "TALSI", false, "talsi.lv");

    @Test
    void qualifiedNamesGoToTheDirectoryOfTheirDomain() {
        DirectoryRouter router = new DirectoryRouter(List.of(ventspils, kuldiga, talsi), null);
        Route r = router.route(LoginName.parse("janis@VPVKAC.ventspils.lv"));
        assertThat(r).isInstanceOf(Route.Home.class);
        assertThat(((Route.Home) r).directory().id()).isEqualTo("ventspils");
        assertThat(r.reason()).contains("vpvkac.ventspils.lv", "ventspils");
    }

    @Test
    void downLevelNamesGoByNetbiosName() {
        DirectoryRouter router = new DirectoryRouter(List.of(ventspils, kuldiga), null);
        assertThat(((Route.Home) router.route(LoginName.parse("kuldiga\\janis"))).directory().id()).isEqualTo("kuldiga");
    }

    @Test
    void unknownDomainsAndSuspendedDirectoriesRouteNowhere() {
        DirectoryRouter router = new DirectoryRouter(List.of(ventspils, kuldiga, talsi), null);
        assertThat(router.route(LoginName.parse("janis@riga.lv"))).isInstanceOf(Route.Nowhere.class);
        assertThat(router.route(LoginName.parse("janis@talsi.lv"))).isInstanceOf(Route.Nowhere.class);
        assertThat(router.route(LoginName.parse("TALSI\\janis"))).isInstanceOf(Route.Nowhere.class);
    }

    @Test
    void bareNamesGoToTheDefaultDirectoryOrToEveryActiveOne() {
        assertThat(((Route.Home) new DirectoryRouter(List.of(ventspils, kuldiga), "kuldiga")
                .route(LoginName.parse("janis"))).directory().id()).isEqualTo("kuldiga");
        Route any = new DirectoryRouter(List.of(ventspils, kuldiga, talsi), null).route(LoginName.parse("janis"));
        assertThat(any).isInstanceOf(Route.AnyOf.class);
        assertThat(((Route.AnyOf) any).candidates()).extracting(DirectoryConfig::id).containsExactly("ventspils", "kuldiga");
        assertThat(new DirectoryRouter(List.of(kuldiga), null).route(LoginName.parse("janis"))).isInstanceOf(Route.Home.class);
        assertThat(new DirectoryRouter(List.of(talsi), null).route(LoginName.parse("janis"))).isInstanceOf(Route.Nowhere.class);
    }

    @Test
    void aSuspendedDefaultDirectoryIsNotUsed() {
        Route r = new DirectoryRouter(List.of(ventspils, kuldiga, talsi), "talsi").route(LoginName.parse("janis"));
        assertThat(r).isInstanceOf(Route.AnyOf.class);
    }

    @Test
    void savingADirectoryThatClaimsAnothersDomainNetbiosNameOrIdIsRefused() {
        assertThat(DirectoryRouter.conflicts(List.of(ventspils, kuldiga), directory("impostor", "OTHER", true, "ventspils.lv")))
                .containsExactly("domain ventspils.lv belongs to directory ventspils");
        assertThat(DirectoryRouter.conflicts(List.of(ventspils), directory("other", "VENTSPILS", true, "other.lv")))
                .containsExactly("NetBIOS name VENTSPILS belongs to directory ventspils");
        assertThat(DirectoryRouter.conflicts(List.of(ventspils), directory("ventspils", "V2", true, "v2.lv")))
                .containsExactly("directory id ventspils is already registered");
        // a suspended directory keeps its names
        assertThat(DirectoryRouter.conflicts(List.of(talsi), directory("talsi-2", "T2", true, "talsi.lv"))).hasSize(1);
        assertThat(DirectoryRouter.conflicts(List.of(ventspils, kuldiga, talsi), directory("saldus", "SALDUS", true, "saldus.lv"))).isEmpty();
    }

    @Test
    void aConflictInTheRegistryCostsOnlyTheLaterDirectory() {
        DirectoryConfig impostor = directory("impostor", "IMPOSTOR", true, "impostor.lv", "kuldiga.lv");
        DirectoryRouter router = new DirectoryRouter(List.of(ventspils, kuldiga, impostor), null);
        assertThat(((Route.Home) router.route(LoginName.parse("janis@kuldiga.lv"))).directory().id()).isEqualTo("kuldiga");
        assertThat(((Route.Home) router.route(LoginName.parse("janis@ventspils.lv"))).directory().id()).isEqualTo("ventspils");
        // left out whole, its own domain included, and never asked for bare names
        assertThat(router.route(LoginName.parse("janis@impostor.lv"))).isInstanceOf(Route.Nowhere.class);
        assertThat(router.route(LoginName.parse("IMPOSTOR\\janis"))).isInstanceOf(Route.Nowhere.class);
        assertThat(((Route.AnyOf) router.route(LoginName.parse("janis"))).candidates()).extracting(DirectoryConfig::id)
                .containsExactly("ventspils", "kuldiga");
        assertThat(router.excluded()).containsOnlyKeys("impostor");
        assertThat(router.routes(kuldiga)).isTrue();
        assertThat(router.routes(impostor)).as("its accounts count as a suspended directory's").isFalse();
        assertThat(new DirectoryRouter(List.of(talsi), null).routes(talsi)).isFalse();
        assertThat(router.excluded().get("impostor")).contains("kuldiga.lv", "kuldiga");

        DirectoryRouter impostorFirst = new DirectoryRouter(List.of(impostor, kuldiga), null);
        assertThat(impostorFirst.excluded()).containsOnlyKeys("kuldiga");
    }

    @Test
    void aDirectoryRegisteredTwiceIsUsedOnce() {
        DirectoryConfig again = directory("kuldiga", "KULDIGA2", true, "kuldiga2.lv");
        DirectoryRouter router = new DirectoryRouter(List.of(kuldiga, again), null);
        assertThat(router.activeDirectories()).containsExactly(kuldiga);
        assertThat(router.excluded()).containsKey("kuldiga");
    }
}
