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
}
