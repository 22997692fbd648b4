package lv.pasvaldibas.directory;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class DirectoryConfigTest {

    @Test
    void everyProblemIsReportedAtOnce() {
        assertThatThrownBy(() -> new DirectoryConfig("Bad Id", "x", "openldap", List.of("http://x"), TlsMode.NONE, null,
                null, null, "", null, List.of(), List.of("not a domain"), "WAY-TOO-LONG-NETBIOS", Map.of(), Map.of(), 0, 10, 0, true))
                .isInstanceOfSatisfying(InvalidDirectoryConfigException.class, e -> assertThat(e.problems()).hasSize(8));
    }

    @Test
    void tlsModeMustAgreeWithTheUrls() {
        assertThatThrownBy(() -> new DirectoryConfig("a", "a", "openldap", List.of("ldap://h:389"), TlsMode.LDAPS, null,
                null, null, "dc=a", null, List.of("uid"), List.of(), null, Map.of(), Map.of(), 1, 1, 1, true))
                .hasMessageContaining("LDAPS needs ldaps://");
        assertThatThrownBy(() -> new DirectoryConfig("a", "a", "openldap", List.of("ldaps://h"), TlsMode.STARTTLS, null,
                null, null, "dc=a", null, List.of("uid"), List.of(), null, Map.of(), Map.of(), 1, 1, 1, true))
                .hasMessageContaining("ldaps:// URLs need TLS mode LDAPS");
    }

    @Test
    void theSecretNeverAppearsInToString() {
        DirectoryConfig c = DirectoryRouterTest.directory("kuldiga", "KULDIGA", true, "kuldiga.lv");
        assertThat(c.toString()).doesNotContain("secret").contains("bindSecret=***");
    }

    @Test
    void aDirectoryOwnsOnlyAddressesInItsOwnDomains() {
        DirectoryConfig kuldiga = new DirectoryConfig("kuldiga", "kuldiga", "openldap", List.of("ldap://h"), TlsMode.NONE, null,
                null, null, "dc=kuldiga", null, List.of("uid"), List.of("kuldiga.lv", "Kuldīga.lv"), null, Map.of(), Map.of(), 1, 1, 1, true);
        assertThat(kuldiga.owns("ieva.kenina@KULDIGA.lv")).isTrue();
        assertThat(kuldiga.owns("ieva@kuldīga.lv")).as("IDNA form").isTrue();
        assertThat(kuldiga.owns("ilze.ozolina@ventspils.lv")).isFalse();
        assertThat(kuldiga.owns("x@sub.kuldiga.lv")).as("a subdomain is another domain").isFalse();
        assertThat(kuldiga.owns("no-at-sign")).isFalse();
        assertThat(kuldiga.owns(null)).isFalse();
    }

    @Test
    void onlyReasonsGivenForARightPasswordAreToldToThePerson() {
        assertThat(SignInFailure.PASSWORD_EXPIRED.provesPassword()).isTrue();
        assertThat(SignInFailure.ACCOUNT_DISABLED.provesPassword()).isTrue();
        // AD's 775 and OpenLDAP's ppolicy say "locked" whatever the password
        assertThat(SignInFailure.ACCOUNT_LOCKED.provesPassword()).isFalse();
        assertThat(SignInFailure.INVALID_CREDENTIALS.provesPassword()).isFalse();
        assertThat(SignInFailure.DIRECTORY_UNAVAILABLE.provesPassword()).isFalse();
    }
}
