package lv.pasvaldibas.trust.keycloak;

import java.nio.file.Path;
import java.time.Duration;
import lv.pasvaldibas.audit.keycloak.AuditSetup;
import lv.pasvaldibas.directory.keycloak.FederationEnvironment;
import lv.pasvaldibas.testsupport.KeycloakServer;
import lv.pasvaldibas.testsupport.Postgres;
import lv.pasvaldibas.testsupport.SharedEnvironmentExtension;
import lv.pasvaldibas.testsupport.Slapd;
import lv.pasvaldibas.testsupport.TestEnvironment;

/**
 * Two Keycloak nodes, each with its own distribution folder and ports, on one Keycloak database with
 * cluster caches ({@code --cache=ispn}, discovery through that database), so a change on one node
 * must reach the other as it does in production. The demo directories and the audit database as in
 * {@link FederationEnvironment}; each node writes its own audit stream ({@code keycloak/kc-a},
 * {@code keycloak/kc-b}). The realm is imported once, through node A.
 */
public final class ClusterEnvironment extends TestEnvironment {

    private KeycloakServer nodeA;
    private KeycloakServer nodeB;

    public static final class Extension extends SharedEnvironmentExtension<ClusterEnvironment> {
        public Extension() {
            super(ClusterEnvironment.class, ClusterEnvironment::new);
        }
    }

    @Override
    protected void start(Path workDir) throws Exception {
        Slapd slapd = own(FederationEnvironment.demoDirectories(workDir.resolve("slapd")));
        Postgres postgres = own(Postgres.start());
        Postgres.Database db = postgres.createDatabase("keycloak", "keycloak", "kc-test-pw");
        AuditSetup audit = AuditSetup.create(own(Postgres.start()), workDir.resolve("audit-keys"));
        nodeA = own(node(audit, db, "kc-a", workDir).start(workDir.resolve("kc-a")));
        // B starts on the database A has initialised, so it has A's admin
        nodeB = own(node(audit, db, "kc-b", workDir).adminPassword(nodeA.adminPassword()).start(workDir.resolve("kc-b")));
        // two lone nodes would pass every sign-in on their own: insist on one cluster of two
        nodeA.awaitClusterSize(2, Duration.ofSeconds(60));
        nodeB.awaitClusterSize(2, Duration.ofSeconds(60));
        FederationEnvironment.importRealm(nodeA, slapd);
    }

    private static KeycloakServer.Builder node(AuditSetup audit, Postgres.Database db, String name, Path workDir) {
        return audit.configure(FederationEnvironment.platformKeycloak().database(db).clustered(), name,
                workDir.resolve(name + "-audit-spool"));
    }

    public KeycloakServer nodeA() {
        return nodeA;
    }

    public KeycloakServer nodeB() {
        return nodeB;
    }
}
