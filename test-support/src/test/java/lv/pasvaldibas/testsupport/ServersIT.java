package lv.pasvaldibas.testsupport;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.sql.Connection;
import java.sql.DriverManager;
import java.sql.ResultSet;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The test servers themselves: they start, serve what they were given, and leave nothing behind. */
class ServersIT {

    @TempDir
    Path work;

    @Test
    void slapdServesLatvianNamesOverLdapLdapsAndStartTls() throws Exception {
        LdifBuilder kuldiga = new LdifBuilder("kuldiga.lv", DirectoryData.Flavor.OPENLDAP, "svc-pw");
        kuldiga.person(LdifBuilder.Person.of("gints.ozolins", "Ģirts", "Ozoliņš", "Parole-1", "staff"));
        LdifBuilder ventspils = new LdifBuilder("ventspils.lv", DirectoryData.Flavor.ACTIVE_DIRECTORY, "svc-pw");
        ventspils.person(LdifBuilder.Person.of("zane.kruze", "Žane", "Krūze", "Parole-2").withDisabled());
        long pid;
        try (Slapd slapd = Slapd.builder().directory(kuldiga.directory("kuldiga")).directory(ventspils.directory("ventspils"))
                .processPerDirectory().tls().start(work)) {
            String sn = ldapsearch(slapd.ldapUrl("kuldiga"), kuldiga.serviceAccountDn(), "svc-pw", kuldiga.suffix(),
                    "(uid=gints.ozolins)", null, "givenName");
            assertThat(decode(sn)).contains("Ģirts");
            String ad = ldapsearch(slapd.ldapsUrl("ventspils"), ventspils.serviceAccountDn(), "svc-pw", ventspils.suffix(),
                    "(userAccountControl:1.2.840.113556.1.4.803:=2)", slapd.ca().caPem(), "sAMAccountName");
            assertThat(ad).contains("sAMAccountName: zane.kruze");
            String startTls = ldapsearch(slapd.ldapUrl("ventspils") + " -ZZ", ventspils.serviceAccountDn(), "svc-pw",
                    ventspils.suffix(), "(sAMAccountName=ZANE.KRUZE)", slapd.ca().caPem(), "userPrincipalName");
            assertThat(startTls).contains("userPrincipalName: zane.kruze@ventspils.lv");
            pid = ProcessHandle.allProcesses().filter(p -> p.info().commandLine().orElse("").contains(work.toString()))
                    .findFirst().orElseThrow().pid();
        }
        assertThat(ProcessHandle.of(pid)).isEmpty();
    }

    @Test
    void postgresRunsAsItsOwnUserAndKeepsUtf8() throws Exception {
        try (Postgres pg = Postgres.start()) {
            Postgres.Database db = pg.createDatabase("audit_test", "audit_owner", "s3cret'pw");
            try (Connection c = DriverManager.getConnection(db.jdbcUrl(), db.user(), db.password());
                 ResultSet rs = c.createStatement().executeQuery("select 'āčēģīķļņšūž' as s, current_user")) {
                rs.next();
                assertThat(rs.getString(1)).isEqualTo("āčēģīķļņšūž");
                assertThat(rs.getString(2)).isEqualTo("audit_owner");
            }
            assertThatThrownBy(() -> DriverManager.getConnection(db.jdbcUrl(), db.user(), "wrong").close())
                    .hasMessageContaining("password authentication failed");
        }
    }

    private static String ldapsearch(String url, String bindDn, String password, String base, String filter,
                                     Path ca, String attribute) throws Exception {
        List<String> cmd = new java.util.ArrayList<>(List.of("ldapsearch", "-x", "-LLL", "-H"));
        String[] urlAndFlags = url.split(" ");
        cmd.add(urlAndFlags[0]);
        cmd.addAll(List.of(urlAndFlags).subList(1, urlAndFlags.length));
        cmd.addAll(List.of("-D", bindDn, "-w", password, "-b", base, filter, attribute));
        ProcessBuilder pb = new ProcessBuilder(cmd).redirectErrorStream(true);
        if (ca != null) {
            pb.environment().put("LDAPTLS_CACERT", ca.toString());
        }
        Process p = pb.start();
        String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
        assertThat(p.waitFor(30, TimeUnit.SECONDS)).isTrue();
        assertThat(p.exitValue()).as(out).isZero();
        return out;
    }

    private static String decode(String ldif) {
        return ldif.lines().filter(l -> l.contains(":: "))
                .map(l -> new String(java.util.Base64.getDecoder().decode(l.substring(l.indexOf(":: ") + 3)), StandardCharsets.UTF_8))
                .reduce("", (a, b) -> a + b);
    }
}
