package lv.pasvaldibas.directory.ldap;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.LoginName;
import lv.pasvaldibas.directory.OpenLdapDialect;
import lv.pasvaldibas.directory.TlsMode;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.Slapd;
import org.junit.jupiter.api.Test;

/** A pool that is merely busy is not a server that is down (issue 10 review). */
class BusyPoolIT {

    @Test
    void aBusyPoolRefusesOneCallButDoesNotMarkTheServerDown() throws Exception {
        Path work = Files.createTempDirectory(Path.of("target"), "busy-pool");
        ExecutorService holder = Executors.newSingleThreadExecutor();
        try (Slapd slapd = FederationEnvironment.demoDirectories(work);
             LdapDirectory kuldiga = new LdapDirectory(new DirectoryConfig("kuldiga", "kuldiga", "openldap",
                     List.of(slapd.ldapUrl("kuldiga")), TlsMode.NONE, null, "cn=platform-svc,ou=system,dc=kuldiga,dc=lv",
                     DemoDirectories.SERVICE_PASSWORD, "ou=people,dc=kuldiga,dc=lv", "(objectClass=inetOrgPerson)", List.of("uid"),
                     List.of("kuldiga.lv"), "KULDIGA", Map.of(), Map.of(), 1000, 2000, 1, true), new OpenLdapDialect())) {
            // a sync holds the only search connection for as long as its consumer runs
            CountDownLatch holding = new CountDownLatch(1);
            CountDownLatch release = new CountDownLatch(1);
            Future<?> sync = holder.submit(() -> kuldiga.forEachAccount(null, entry -> {
                holding.countDown();
                try {
                    release.await();
                } catch (InterruptedException e) {
                    Thread.currentThread().interrupt();
                }
            }));
            if (!holding.await(30, TimeUnit.SECONDS)) {
                sync.get(1, TimeUnit.SECONDS); // shows why the sync never reached an entry
            }

            assertThatThrownBy(() -> kuldiga.findAccount(LoginName.parse("laura.vitola@kuldiga.lv")))
                    .isInstanceOf(DirectoryUnavailableException.class).hasMessageContaining("busy");
            assertThat(kuldiga.serversDown()).isZero();

            release.countDown();
            sync.get(30, TimeUnit.SECONDS);
            assertThat(kuldiga.findAccount(LoginName.parse("laura.vitola@kuldiga.lv"))).as("at once, no wait for a retry").isPresent();
        } finally {
            holder.shutdownNow();
        }
    }
}
