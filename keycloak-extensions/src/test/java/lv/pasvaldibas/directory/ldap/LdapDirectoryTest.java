package lv.pasvaldibas.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.List;
import java.util.Map;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.LoginName;
import lv.pasvaldibas.directory.OpenLdapDialect;
import lv.pasvaldibas.directory.TlsMode;
import org.junit.jupiter.api.Test;

class LdapDirectoryTest {

    private static LdapDirectory directory(List<String> loginAttributes, String userFilter) {
        DirectoryConfig config = new DirectoryConfig("kuldiga", "kuldiga", "openldap", List.of("ldap://127.0.0.1:1"), TlsMode.NONE,
                null, "cn=svc", "pw", "ou=people,dc=kuldiga,dc=lv", userFilter, loginAttributes, List.of("kuldiga.lv"),
                "KULDIGA", Map.of(), Map.of(), 100, 100, 1, true);
        return new LdapDirectory(config, new OpenLdapDialect());
    }

    @Test
    void filterMetacharactersInNamesAreEscaped() {
        try (LdapDirectory d = directory(List.of("uid", "mail"), "(objectClass=inetOrgPerson)")) {
            assertThat(d.accountFilter(LoginName.parse("*)(uid=*))(|(uid=*")))
                    .isEqualTo("(&(objectClass=inetOrgPerson)(|(uid=\\2A\\29\\28uid=\\2A\\29\\29\\28|\\28uid=\\2A)))");
            assertThat(d.accountFilter(LoginName.parse("admin)(&)"))).isEqualTo("(&(objectClass=inetOrgPerson)(|(uid=admin\\29\\28&\\29)))");
            assertThat(d.accountFilter(LoginName.parse("*"))).isEqualTo("(&(objectClass=inetOrgPerson)(|(uid=\\2A)))");
        }
    }

    @Test
    void addressAttributesAreMatchedAgainstTheWholeName() {
        try (LdapDirectory d = directory(List.of("uid", "mail"), null)) {
            assertThat(d.accountFilter(LoginName.parse("Jānis@kuldiga.lv"))).isEqualTo("(|(uid=Jānis)(mail=Jānis@kuldiga.lv))");
            assertThat(d.accountFilter(LoginName.parse("KULDIGA\\janis"))).isEqualTo("(|(uid=janis))");
        }
        try (LdapDirectory d = directory(List.of("mail"), null)) {
            assertThat(d.accountFilter(LoginName.parse("janis"))).isNull();
        }
    }

    @Test
    void activeDirectoryGuidIsPrintedInItsMixedEndianForm() {
        byte[] bytes = {0x78, 0x56, 0x34, 0x12, 0x34, 0x12, 0x78, 0x56, 0x12, 0x34, 0x56, 0x78, (byte) 0x9a, (byte) 0xbc, (byte) 0xde, (byte) 0xf0};
        assertThat(LdapDirectory.guid(bytes)).isEqualTo("12345678-1234-5678-1234-56789abcdef0");
        assertThat(LdapDirectory.guid(new byte[3])).isNull();
    }

    @Test
    void emptyPasswordsNeverReachTheServer() {
        try (LdapDirectory d = directory(List.of("uid"), null)) {
            BindOutcome outcome = d.bind("uid=janis,ou=people,dc=kuldiga,dc=lv", "");
            assertThat(outcome.success()).isFalse();
            assertThat(outcome.diagnosticMessage()).isEqualTo("empty password");
        }
    }
}
