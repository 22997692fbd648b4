package lv.pasvaldibas.testsupport;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.Base64;
import org.junit.jupiter.api.Test;

class LdifBuilderTest {

    @Test
    void nonAsciiValuesAreBase64AndDecodeToTheSameName() {
        String line = LdifBuilder.attr("cn", "Jānis Bērziņš");
        assertThat(line).startsWith("cn:: ");
        assertThat(new String(Base64.getDecoder().decode(line.substring(5)), StandardCharsets.UTF_8)).isEqualTo("Jānis Bērziņš");
        assertThat(LdifBuilder.attr("uid", "janis.berzins")).isEqualTo("uid: janis.berzins");
        assertThat(LdifBuilder.attr("description", " leading space")).startsWith("description:: ");
    }

    @Test
    void activeDirectoryFlavorFilesPeopleByCommonNameAndMarksDisabledAccounts() {
        LdifBuilder b = new LdifBuilder("ventspils.lv", DirectoryData.Flavor.ACTIVE_DIRECTORY, "svc");
        LdifBuilder.Person p = LdifBuilder.Person.of("anna.liepa", "Anna", "Liepa", "pw", "staff").withDisabled();
        b.person(p);
        String ldif = b.build();
        assertThat(b.personDn(p)).isEqualTo("cn=Anna Liepa,ou=people,dc=ventspils,dc=lv");
        assertThat(ldif).contains("userAccountControl: 514", "userPrincipalName: anna.liepa@ventspils.lv",
                "dn: cn=staff,ou=groups,dc=ventspils,dc=lv", "member: cn=Anna Liepa,ou=people,dc=ventspils,dc=lv");
    }

    @Test
    void lockedOpenLdapAccountsBecomeAPostLoadChange() {
        LdifBuilder b = new LdifBuilder("talsi.lv", DirectoryData.Flavor.OPENLDAP, "svc");
        b.person(LdifBuilder.Person.of("ilze.kalna", "Ilze", "Kalna", "pw").withLocked());
        b.person(LdifBuilder.Person.of("uldis.vitols", "Uldis", "Vītols", "pw").withDisabled());
        DirectoryData d = b.directory("talsi");
        assertThat(d.ldif()).doesNotContain("pwdAccountLockedTime");
        assertThat(d.changes()).contains("dn: uid=ilze.kalna,ou=people,dc=talsi,dc=lv\nchangetype: modify\nreplace: pwdAccountLockedTime\npwdAccountLockedTime: 20260101000000Z",
                "dn: uid=uldis.vitols,ou=people,dc=talsi,dc=lv\nchangetype: modify\nreplace: pwdAccountLockedTime\npwdAccountLockedTime: 000001010000Z");
    }
}
