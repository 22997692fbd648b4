package lv.pasvaldibas.bench;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import lv.pasvaldibas.testsupport.DemoDirectories;
import lv.pasvaldibas.testsupport.KeycloakClient;
import lv.pasvaldibas.testsupport.LdifBuilder;
import lv.pasvaldibas.testsupport.Slapd;

/** The benchmark realms: the same directories, once as our federation, once as stock LDAP providers. */
final class RealmSetup {

    private RealmSetup() {
    }

    private static void realm(KeycloakClient client, String realm) {
        check(client.adminPost("/realms", Map.of("realm", realm, "enabled", true, "bruteForceProtected", false,
                "clients", List.of(Map.of("clientId", "bench-cli", "publicClient", true, "directAccessGrantsEnabled", true)))), 201);
    }

    private static String realmId(KeycloakClient client, String realm) {
        return client.adminGet("/realms/" + realm).body().get("id").asText();
    }

    static void ours(KeycloakClient client, String realm, int n, Slapd slapd) {
        realm(client, realm);
        Map<String, Object> storage = new HashMap<>();
        storage.put("name", "municipal-directories");
        storage.put("providerId", "municipal-directories");
        storage.put("providerType", "org.keycloak.storage.UserStorageProvider");
        storage.put("parentId", realmId(client, realm));
        // as realm-config sets it (decision 65: at most 5 minutes); -Dbench.oursCachePolicy=NO_CACHE measures without
        String policy = System.getProperty("bench.oursCachePolicy", "MAX_LIFESPAN");
        storage.put("config", policy.equals("MAX_LIFESPAN")
                ? Map.of("cachePolicy", List.of(policy), "maxLifespan", List.of("300000"), "enabled", List.of("true"))
                : Map.of("cachePolicy", List.of(policy), "enabled", List.of("true")));
        check(client.adminPost("/realms/" + realm + "/components", storage), 201);
        String parent = client.adminGet("/realms/" + realm + "/components?name=municipal-directories").body().get(0).get("id").asText();
        for (int d = 0; d < n; d++) {
            String suffix = LdifBuilder.suffixOf("m" + d + ".lv");
            Map<String, Object> config = new HashMap<>();
            config.put("municipality", List.of("m" + d));
            config.put("dialect", List.of("openldap"));
            config.put("urls", List.of(slapd.ldapUrl("m" + d)));
            config.put("bindDn", List.of("cn=platform-svc,ou=system," + suffix));
            config.put("bindSecret", List.of("svc-" + d));
            config.put("usersDn", List.of("ou=people," + suffix));
            config.put("domains", List.of("m" + d + ".lv"));
            config.put("responseTimeoutMs", List.of("2000"));
            check(client.adminPost("/realms/" + realm + "/components", Map.of("name", "m" + d, "parentId", parent,
                    "providerType", "lv.pasvaldibas.directory.keycloak.DirectoryComponent", "providerId", "ldap-directory",
                    "config", config)), 201);
        }
    }

    static void stock(KeycloakClient client, String realm, int n, Slapd slapd) {
        realm(client, realm);
        String realmId = realmId(client, realm);
        for (int d = 0; d < n; d++) {
            String suffix = LdifBuilder.suffixOf("m" + d + ".lv");
            Map<String, List<String>> config = new HashMap<>();
            config.put("enabled", List.of("true"));
            config.put("priority", List.of(Integer.toString(d)));
            config.put("vendor", List.of("other"));
            config.put("connectionUrl", List.of(slapd.ldapUrl("m" + d)));
            config.put("bindDn", List.of("cn=platform-svc,ou=system," + suffix));
            config.put("bindCredential", List.of("svc-" + d));
            config.put("authType", List.of("simple"));
            config.put("usersDn", List.of("ou=people," + suffix));
            config.put("usernameLDAPAttribute", List.of("uid"));
            config.put("rdnLDAPAttribute", List.of("uid"));
            config.put("uuidLDAPAttribute", List.of("entryUUID"));
            config.put("userObjectClasses", List.of("inetOrgPerson"));
            config.put("editMode", List.of("READ_ONLY"));
            config.put("importEnabled", List.of("true"));
            config.put("searchScope", List.of("1"));
            config.put("connectionPooling", List.of("true"));
            config.put("pagination", List.of("false"));
            config.put("cachePolicy", List.of("DEFAULT"));
            config.put("connectionTimeout", List.of("2000"));
            config.put("readTimeout", List.of("2000"));
            check(client.adminPost("/realms/" + realm + "/components", Map.of("name", "ldap-m" + d, "parentId", realmId,
                    "providerType", "org.keycloak.storage.UserStorageProvider", "providerId", "ldap", "config", config)), 201);
        }
    }

    private static void check(KeycloakClient.Response r, int expected) {
        if (r.status() != expected) {
            throw new IllegalStateException("Setup call failed: " + r.status() + " " + r.raw());
        }
    }

    /** The demo accounts that can sign in, as name@domain: all but the last two of each directory (disabled, locked). */
    static List<String> demoUsers() {
        List<String> users = new ArrayList<>();
        List<lv.pasvaldibas.testsupport.DirectoryData> data = DemoDirectories.directories();
        for (int d = 0; d < data.size(); d++) {
            List<String> uids = data.get(d).ldif().lines().filter(l -> l.startsWith("uid: ")).map(l -> l.substring(5)).toList();
            String domain = DemoDirectories.MUNICIPALITIES.get(d).domain();
            uids.subList(0, uids.size() - 2).forEach(uid -> users.add(uid + "@" + domain));
        }
        return users;
    }
}
