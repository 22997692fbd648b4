package lv.pasvaldibas.trust.keycloak;

import java.util.Map;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import lv.pasvaldibas.directory.keycloak.HomeDirectories;
import lv.pasvaldibas.trust.AccessDecision;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/**
 * One {@link AccessDecision} per realm on each node, rebuilt only when the realm's trusts or
 * directories change. Every such change stamps a new version into a realm attribute (trusts here,
 * directories in {@link HomeDirectories#version}); Keycloak's realm cache invalidates that on every
 * node of the cluster when the change commits, so the next sign-in on any node sees the new version
 * and reloads. A sign-in otherwise reads no trust from the database.
 */
public final class TrustDecisionCache {

    private static final String VERSION_ATTRIBUTE = "municipalTrustsVersion";

    private record Entry(String version, AccessDecision decision) {
    }

    private final Map<String, Entry> byRealm = new ConcurrentHashMap<>();

    AccessDecision decision(KeycloakSession session, RealmModel realm) {
        String version = realm.getAttribute(VERSION_ATTRIBUTE) + "/" + HomeDirectories.version(realm);
        Entry cached = byRealm.get(realm.getId());
        if (cached != null && cached.version().equals(version)) {
            return cached.decision();
        }
        Entry fresh = new Entry(version, new AccessDecision(new TrustStore(session, realm).all(), HomeDirectories.municipalities(realm)));
        byRealm.put(realm.getId(), fresh);
        return fresh.decision();
    }

    /** Called in the transaction that changes a trust: every node reloads once it commits. */
    public static void changed(RealmModel realm) {
        realm.setAttribute(VERSION_ATTRIBUTE, UUID.randomUUID().toString());
    }
}
