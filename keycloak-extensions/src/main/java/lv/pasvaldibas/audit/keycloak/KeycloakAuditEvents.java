package lv.pasvaldibas.audit.keycloak;

import com.fasterxml.jackson.core.type.TypeReference;
import com.fasterxml.jackson.databind.ObjectMapper;
import java.io.IOException;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import lv.pasvaldibas.audit.AuditEvent;
import lv.pasvaldibas.audit.SecretRedaction;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.LoginName;
import lv.pasvaldibas.directory.keycloak.HomeDirectories;
import lv.pasvaldibas.directory.PlatformUserAttributes;
import org.keycloak.events.Event;
import org.keycloak.events.admin.AdminEvent;
import org.keycloak.events.admin.AuthDetails;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.storage.UserStoragePrivateUtil;

/**
 * Keycloak's user and admin events as audit records (field meanings: docs/audit-format.md). The
 * actor comes from the local user record (canonical name, home directory, municipality) without
 * asking any directory; a name that matched no one is routed to its directory by its domain.
 * Only known, harmless event details are copied; the names of the others are listed.
 */
final class KeycloakAuditEvents {

    private static final ObjectMapper JSON = new ObjectMapper();
    /** Keycloak event details that are safe and useful; anything else is named in {@code omittedDetails}. */
    private static final Set<String> KEPT_DETAILS = Set.of("username", "auth_method", "auth_type", "grant_type",
            "redirect_uri", "response_type", "response_mode", "identity_provider", "identity_provider_identity", "reason",
            "remember_me", "consent", "code_id", "token_id", "refresh_token_id", "refresh_token_type",
            "updated_refresh_token_id", "credential_type", "email", "previous_email", "updated_email",
            "custom_required_action", "client_auth_method", "requested_audience", "scope", "org_id", "resource_municipality");
    /** Errors that mean "refused by policy" rather than "failed": wrong input gives FAILURE. */
    private static final Set<String> DENIALS = Set.of("user_disabled", "user_temporarily_disabled", "not_allowed",
            "access_denied", "consent_denied", "trust_denied");
    private static final int MAX_TEXT = 1000;

    private KeycloakAuditEvents() {
    }

    static AuditEvent user(KeycloakSession session, Event event) {
        RealmModel realm = session.realms().getRealm(event.getRealmId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("realm", event.getRealmName() != null ? event.getRealmName() : realm == null ? event.getRealmId() : realm.getName());
        if (event.getError() != null) {
            details.put("error", bounded(event.getError()));
        }
        List<String> omitted = new ArrayList<>();
        if (event.getDetails() != null) {
            event.getDetails().forEach((key, value) -> {
                if (KEPT_DETAILS.contains(key)) {
                    details.put(key, "username".equals(key) ? LoginName.printable(bounded(value)) : bounded(value));
                } else {
                    omitted.add(key);
                }
            });
        }
        if (!omitted.isEmpty()) {
            details.put("omittedDetails", omitted.stream().sorted().toList());
        }
        AuditEvent.Outcome outcome = event.getError() == null ? AuditEvent.Outcome.SUCCESS
                : DENIALS.contains(event.getError()) ? AuditEvent.Outcome.DENIED : AuditEvent.Outcome.FAILURE;
        String typed = event.getDetails() == null ? null : event.getDetails().get("username");
        return new AuditEvent(Instant.ofEpochMilli(event.getTime()), event.getType().name(), outcome,
                actor(session, realm, event.getUserId(), typed), event.getClientId(), event.getIpAddress(), event.getSessionId(),
                event.getUserId() == null ? null : "user", event.getUserId(), details);
    }

    static AuditEvent admin(KeycloakSession session, AdminEvent event, boolean includeRepresentation) {
        AuthDetails auth = event.getAuthDetails() == null ? new AuthDetails() : event.getAuthDetails();
        RealmModel authRealm = auth.getRealmId() == null ? null : session.realms().getRealm(auth.getRealmId());
        Map<String, Object> details = new LinkedHashMap<>();
        details.put("realm", event.getRealmName() != null ? event.getRealmName() : event.getRealmId());
        details.put("resourcePath", bounded(event.getResourcePath()));
        if (event.getError() != null) {
            details.put("error", bounded(event.getError()));
        }
        if (includeRepresentation && event.getRepresentation() != null) {
            details.put("representation", representation(event.getRepresentation()));
        }
        String resourceType = event.getResourceTypeAsString();
        return new AuditEvent(Instant.ofEpochMilli(event.getTime()), "ADMIN_" + event.getOperationType().name(),
                event.getError() == null ? AuditEvent.Outcome.SUCCESS : AuditEvent.Outcome.FAILURE,
                actor(session, authRealm, auth.getUserId(), null), clientId(authRealm, auth.getClientId()), auth.getIpAddress(),
                null, resourceType, event.getResourceId() != null ? event.getResourceId() : bounded(event.getResourcePath()), details);
    }

    /** The same record, marked as from a transaction that was rolled back. */
    static AuditEvent rolledBack(AuditEvent e) {
        Map<String, Object> details = new LinkedHashMap<>(e.details());
        details.put("transaction", "rolled-back");
        return new AuditEvent(e.time(), e.type(), e.outcome(), e.actor(), e.client(), e.sourceIp(), e.session(), e.targetType(),
                e.targetId(), details);
    }

    private static AuditEvent.Actor actor(KeycloakSession session, RealmModel realm, String userId, String typedName) {
        if (realm != null && userId != null) {
            UserModel user = UserStoragePrivateUtil.userLocalStorage(session).getUserById(realm, userId);
            if (user != null) {
                return new AuditEvent.Actor(userId, user.getUsername(),
                        user.getFirstAttribute(PlatformUserAttributes.HOME_DIRECTORY),
                        user.getFirstAttribute(PlatformUserAttributes.MUNICIPALITY));
            }
        }
        String printable = typedName == null ? null : LoginName.printable(bounded(typedName));
        DirectoryConfig home = realm == null ? null : HomeDirectories.of(realm, typedName).orElse(null);
        return new AuditEvent.Actor(userId, printable, home == null ? null : home.id(), home == null ? null : home.municipality());
    }

    private static String clientId(RealmModel realm, String internalId) {
        if (realm == null || internalId == null) {
            return internalId;
        }
        ClientModel client = realm.getClientById(internalId);
        return client == null ? internalId : client.getClientId();
    }

    private static Object representation(String json) {
        try {
            return SecretRedaction.redact(JSON.readValue(json, new TypeReference<Object>() { }));
        } catch (IOException e) {
            return "(not JSON, not recorded)";
        }
    }

    private static String bounded(String text) {
        return text == null || text.length() <= MAX_TEXT ? text : text.substring(0, MAX_TEXT) + "…";
    }
}
