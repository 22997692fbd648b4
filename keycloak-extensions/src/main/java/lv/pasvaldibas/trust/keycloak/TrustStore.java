package lv.pasvaldibas.trust.keycloak;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import jakarta.persistence.EntityManager;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import lv.pasvaldibas.trust.Trust;
import lv.pasvaldibas.trust.TrustEvent;
import lv.pasvaldibas.trust.TrustState;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;

/** Trusts of a realm in Keycloak's database, inside the request's transaction. */
final class TrustStore {

    private static final ObjectMapper JSON = new ObjectMapper();
    private final EntityManager em;
    private final RealmModel realm;

    TrustStore(KeycloakSession session, RealmModel realm) {
        this.em = session.getProvider(JpaConnectionProvider.class).getEntityManager();
        this.realm = realm;
    }

    List<Trust> all() {
        List<Trust> trusts = new ArrayList<>();
        em.createNamedQuery("pasTrustsOfRealm", TrustEntity.class).setParameter("realmId", realm.getId()).getResultList()
                .forEach(e -> trusts.add(toTrust(e)));
        return trusts;
    }

    Optional<Trust> find(String id) {
        TrustEntity e = id == null || id.length() > 36 ? null : em.find(TrustEntity.class, id);
        return e == null || !e.realmId.equals(realm.getId()) ? Optional.empty() : Optional.of(toTrust(e));
    }

    void insert(Trust t) {
        TrustEntity e = new TrustEntity();
        e.id = t.id();
        e.realmId = realm.getId();
        copy(t, e);
        em.persist(e);
        em.flush();
        TrustDecisionCache.changed(realm);
    }

    void update(Trust t) {
        TrustEntity e = em.find(TrustEntity.class, t.id());
        copy(t, e);
        em.flush();
        TrustDecisionCache.changed(realm);
    }

    private static void copy(Trust t, TrustEntity e) {
        e.trustingMunicipality = t.trustingMunicipality();
        e.trustedDirectory = t.trustedDirectory();
        e.trustedMunicipality = t.trustedMunicipality();
        e.allUsers = t.allUsers();
        e.acceptedGroups = json(t.acceptedGroups());
        e.grantedRoles = json(t.grantedRoles());
        e.validFrom = t.validFrom().toEpochMilli();
        e.validUntil = t.validUntil() == null ? null : t.validUntil().toEpochMilli();
        e.transitive = t.transitive();
        e.state = t.state().name();
        e.proposedBy = t.proposedBy();
        e.suspendedBy = t.suspendedBy();
        e.nextReview = t.nextReview() == null ? null : t.nextReview().toEpochMilli();
        e.history = json(t.history().stream().map(TrustStore::historyLine).toList());
    }

    /** A history line as stored and as the API shows it, its time as ISO-8601 text. */
    static Map<String, Object> historyLine(lv.pasvaldibas.trust.TrustEvent h) {
        Map<String, Object> m = new java.util.LinkedHashMap<>();
        m.put("at", h.at().toString());
        m.put("action", h.action().name());
        m.put("actorUserId", h.actorUserId());
        m.put("actorUsername", h.actorUsername());
        m.put("actorMunicipality", h.actorMunicipality());
        m.put("reason", h.reason());
        return m;
    }

    private static Trust toTrust(TrustEntity e) {
        try {
            Set<String> groups = JSON.readValue(e.acceptedGroups, new TypeReference<Set<String>>() { });
            Map<String, Set<String>> roles = JSON.readValue(e.grantedRoles, new TypeReference<Map<String, Set<String>>>() { });
            List<Map<String, String>> history = JSON.readValue(e.history, new TypeReference<List<Map<String, String>>>() { });
            return new Trust(e.id, e.trustingMunicipality, e.trustedDirectory, e.trustedMunicipality, e.allUsers, groups, roles,
                    Instant.ofEpochMilli(e.validFrom), e.validUntil == null ? null : Instant.ofEpochMilli(e.validUntil), e.transitive,
                    TrustState.valueOf(e.state), e.proposedBy, e.suspendedBy, e.nextReview == null ? null : Instant.ofEpochMilli(e.nextReview),
                    history.stream().map(h -> new TrustEvent(Instant.parse(h.get("at")), lv.pasvaldibas.trust.TrustAction.valueOf(h.get("action")),
                            h.get("actorUserId"), h.get("actorUsername"), h.get("actorMunicipality"), h.get("reason"))).toList());
        } catch (JsonProcessingException ex) {
            throw new IllegalStateException("Trust " + e.id + " is unreadable: " + ex.getOriginalMessage(), ex);
        }
    }

    private static String json(Object value) {
        try {
            return JSON.writeValueAsString(value);
        } catch (JsonProcessingException e) {
            throw new IllegalStateException(e);
        }
    }
}
