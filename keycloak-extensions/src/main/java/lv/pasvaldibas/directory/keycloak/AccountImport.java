package lv.pasvaldibas.directory.keycloak;

import static lv.pasvaldibas.directory.PlatformUserAttributes.DIRECTORY_GROUPS;
import static lv.pasvaldibas.directory.PlatformUserAttributes.ENTRY_DN;
import static lv.pasvaldibas.directory.PlatformUserAttributes.ENTRY_ID;
import static lv.pasvaldibas.directory.PlatformUserAttributes.HOME_DIRECTORY;
import static lv.pasvaldibas.directory.PlatformUserAttributes.MISSING_SINCE;
import static lv.pasvaldibas.directory.PlatformUserAttributes.MUNICIPALITY;

import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.function.Consumer;
import java.util.stream.Collectors;
import lv.pasvaldibas.directory.AccountState;
import lv.pasvaldibas.directory.Dialect;
import lv.pasvaldibas.directory.Dialects;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.ldap.DirectoryEntry;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.models.ClientModel;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.OrganizationModel;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.storage.UserStoragePrivateUtil;
import org.keycloak.storage.UserStorageUtil;

/**
 * A directory account's life as a Keycloak user: created from its entry (on first sign-in or by a
 * sync), linked to exactly that entry, refreshed from it (names, e-mail, platform attributes,
 * groups and the roles they map to, Organization, enabled or not), and marked missing once the
 * entry is gone. One per Keycloak session; remembers the entries it read, so that a sign-in reads
 * its account from the directory once.
 */
final class AccountImport {

    private static final Logger LOG = Logger.getLogger(AccountImport.class);

    /** What a sync made of one entry: refused when the username belongs to another entry. */
    enum Outcome { ADDED, UPDATED, REFUSED, NOT_AN_ACCOUNT }

    private final KeycloakSession session;
    private final ComponentModel storage;
    private final ConfirmedAccounts confirmed;
    /** Entries read from a directory during this session, by Keycloak user id. */
    private final Map<String, DirectoryEntry> readThisSession = new HashMap<>();

    AccountImport(KeycloakSession session, ComponentModel storage, ConfirmedAccounts confirmed) {
        this.session = session;
        this.storage = storage;
        this.confirmed = confirmed;
    }

    /** The entry of a user read from its directory during this session, if it was. */
    Optional<DirectoryEntry> readThisSession(String userId) {
        return Optional.ofNullable(readThisSession.get(userId));
    }

    /**
     * The Keycloak user of an entry someone is signing in with: created on first sign-in (in a
     * transaction of its own, {@link #importNew}), refreshed afterwards; null when the entry cannot
     * be a user here (no login name, or the username belongs to another entry).
     */
    UserModel forSignIn(RealmModel realm, DirectoryConfig config, DirectoryEntry entry) {
        String username = username(config, entry);
        if (username == null) {
            return null;
        }
        UserModel user = local().getUserByUsername(realm, username);
        boolean imported = user == null;
        if (imported) {
            user = importNew(realm, config, entry, username);
        }
        if (user == null || !linkedTo(user, config, entry)) {
            return null;
        }
        // recorded before anything else touches the user: Keycloak may load it again meanwhile (the
        // organization membership does), and validate() must then not go back to the directory
        readThisSession.put(user.getId(), entry);
        apply(realm, user, config, entry);
        if (!imported) {
            // a new user joined in its import; asking again here would wait on the membership cache
            // entry the import just invalidated, one simultaneous sign-in after the other
            joinMunicipality(realm, user, config);
            // written past Keycloak's user cache: a copy cached by id must not outlive the refresh
            evictCached(realm, user);
        }
        return user;
    }

    /**
     * Imports or refreshes one entry inside a sync batch's transaction. A new user is added right
     * here, not in a transaction of its own: should a first sign-in import the same account at the
     * same moment, the batch fails on commit and is retried entry by entry ({@link DirectorySync}).
     */
    Outcome forSync(RealmModel realm, DirectoryConfig config, DirectoryEntry entry) {
        String username = canonicalUsername(config, entry);
        if (username == null) {
            // the users' container itself, or an entry without a login name: a sync lists whatever the filter lets through
            LOG.debugf("Entry %s of directory %s has none of the login attributes %s; not an account", entry.dn(), config.id(), config.loginAttributes());
            return Outcome.NOT_AN_ACCOUNT;
        }
        UserModel user = local().getUserByUsername(realm, username);
        if (user == null) {
            user = local().addUser(realm, username);
            user.setFederationLink(storage.getId());
            apply(realm, user, config, entry);
            joinMunicipality(realm, user, config);
            return Outcome.ADDED;
        }
        if (!linkedTo(user, config, entry)) {
            return Outcome.REFUSED;
        }
        apply(realm, user, config, entry);
        joinMunicipality(realm, user, config);
        evictCached(realm, user);
        return Outcome.UPDATED;
    }

    /** Refreshes a known user from the entry just read again from its directory. */
    void refresh(RealmModel realm, UserModel user, DirectoryConfig config, DirectoryEntry entry) {
        readThisSession.put(user.getId(), entry);
        apply(realm, user, config, entry);
    }

    private static String username(DirectoryConfig config, DirectoryEntry entry) {
        String username = canonicalUsername(config, entry);
        if (username == null) {
            LOG.warnf("Entry %s of directory %s has none of the login attributes %s", entry.dn(), config.id(), config.loginAttributes());
        }
        return username;
    }

    /** Never hand one person's Keycloak account to another directory entry. */
    private boolean linkedTo(UserModel user, DirectoryConfig config, DirectoryEntry entry) {
        boolean linked = storage.getId().equals(user.getFederationLink())
                && config.id().equals(user.getFirstAttribute(HOME_DIRECTORY))
                && (entry.id() == null || user.getFirstAttribute(ENTRY_ID) == null
                || entry.id().equals(user.getFirstAttribute(ENTRY_ID)));
        if (!linked) {
            LOG.warnf("Refusing to link %s of directory %s to an existing user that belongs elsewhere", entry.dn(), config.id());
        }
        return linked;
    }

    private UserProvider local() {
        return UserStoragePrivateUtil.userLocalStorage(session);
    }

    /**
     * Creates the user of an entry signing in for the first time, complete (attributes, roles,
     * Organization), in a short transaction of its own. Two sign-ins of a new employee at the same
     * moment (two tabs, an app and a browser) would otherwise both insert the username in their
     * request's transaction; the second would fail on the unique constraint, its whole transaction
     * with it (HTTP 500). Now the second waits only for the first one's import, finds the name
     * taken, and signs in as that user.
     */
    private UserModel importNew(RealmModel realm, DirectoryConfig config, DirectoryEntry entry, String username) {
        try {
            KeycloakModelUtils.runJobInTransaction(session.getKeycloakSessionFactory(), importing -> {
                RealmModel importRealm = importing.realms().getRealm(realm.getId());
                importing.getContext().setRealm(importRealm);
                UserModel created = UserStoragePrivateUtil.userLocalStorage(importing).addUser(importRealm, username);
                created.setFederationLink(storage.getId());
                AccountImport importer = new AccountImport(importing, storage, confirmed);
                importer.apply(importRealm, created, config, entry);
                importer.joinMunicipality(importRealm, created, config);
                // looking the user up meanwhile (its sessions, its Organization) may have put a half-made
                // copy, still disabled as new users start, into Keycloak's user cache: dropped on commit
                importer.evictCached(importRealm, created);
            });
        } catch (ModelDuplicateException e) {
            LOG.debugf("%s was imported by another sign-in at the same moment", username);
        }
        return local().getUserByUsername(realm, username);
    }

    /**
     * {@code account@primary-domain}: unique across directories because domains are, and stable
     * whichever form (UPN, DOMAIN\name, e-mail) the person typed.
     */
    static String canonicalUsername(DirectoryConfig config, DirectoryEntry entry) {
        String account = null;
        for (String attribute : config.loginAttributes()) {
            if (!attribute.equalsIgnoreCase("mail") && !attribute.equalsIgnoreCase("userPrincipalName")) {
                account = entry.first(attribute);
                if (account != null) {
                    break;
                }
            }
        }
        if (account == null) {
            String upn = entry.first("userPrincipalName");
            account = upn == null ? null : upn.substring(0, Math.max(0, upn.lastIndexOf('@')));
        }
        if (account == null || account.isEmpty()) {
            return null;
        }
        String domain = config.domains().isEmpty() ? config.id() : config.domains().get(0);
        return (account + "@" + domain).toLowerCase(Locale.ROOT);
    }

    private void apply(RealmModel realm, UserModel user, DirectoryConfig config, DirectoryEntry entry) {
        Dialect dialect = Dialects.byId(config.dialect());
        Map<String, String> mapping = config.attributeMapping();
        setIfChanged(user.getFirstName(), entry.first(mapping.get("firstName")), user::setFirstName);
        setIfChanged(user.getLastName(), entry.first(mapping.get("lastName")), user::setLastName);
        applyEmail(realm, user, config, entry);
        attribute(user, MUNICIPALITY, config.municipality());
        attribute(user, HOME_DIRECTORY, config.id());
        attribute(user, ENTRY_ID, entry.id());
        attribute(user, ENTRY_DN, entry.dn());
        attribute(user, MISSING_SINCE, null);
        for (String platformAttribute : List.of("phone", "title", "department", "employeeNumber", "institution")) {
            attribute(user, platformAttribute, entry.first(mapping.get(platformAttribute)));
        }
        AccountState state = dialect.accountState(entry.attributes());
        // A disabled account is disabled here too: Keycloak then refuses it at every step (SSO cookie,
        // refresh, introspection), at the price of naming it disabled after the name alone (decision 50).
        // A locked one stays enabled, so that nothing is told before the password; the password check
        // refuses it while the directory keeps it locked.
        boolean enabled = state != AccountState.DISABLED;
        if (user.isEnabled() != enabled) {
            user.setEnabled(enabled);
        }
        if (state != AccountState.ACTIVE) {
            // the person is told why only once their password is proved (isValid), never here
            revokeSessions(realm, user);
        } else {
            confirmed.confirmed(user.getId());
        }
        // the password lives in the directory: a "change your password" demand here could never be met
        if (user.getRequiredActionsStream().anyMatch(UserModel.RequiredAction.UPDATE_PASSWORD.name()::equals)) {
            user.removeRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        }
        Set<String> groups = entry.groupNames(dialect.memberOfAttribute());
        if (!groups.equals(user.getAttributeStream(DIRECTORY_GROUPS).collect(Collectors.toSet()))) {
            user.setAttribute(DIRECTORY_GROUPS, groups.stream().sorted().toList());
        }
        applyRoles(realm, user, config, groups);
    }

    /**
     * The directory's e-mail address, verified, only when it lies in one of the directory's own
     * domains: an address elsewhere would let this directory's entry answer for another
     * municipality's mailbox (Keycloak finds users by e-mail before any routing). Such an address,
     * or one another account holds already, is not stored, and one stored earlier is removed; the
     * account itself is imported all the same.
     */
    private void applyEmail(RealmModel realm, UserModel user, DirectoryConfig config, DirectoryEntry entry) {
        String email = entry.first(config.attributeMapping().get("email"));
        if (email != null && !config.owns(email)) {
            LOG.warnf("E-mail domain of %s is not one of directory %s's domains %s; not copied", entry.dn(), config.id(), config.domains());
            email = null;
        }
        if (user.getEmail() != null && !config.owns(user.getEmail())) {
            user.setEmail(null);
            user.setEmailVerified(false);
        }
        if (email == null || email.equalsIgnoreCase(Objects.toString(user.getEmail(), ""))) {
            return;
        }
        // Keycloak's user adapter does not check uniqueness: the database would refuse the second
        // holder at commit and fail the whole sign-in, so the first holder keeps the address
        UserModel holder = realm.isDuplicateEmailsAllowed() ? null
                : UserStoragePrivateUtil.userLocalStorage(session).getUserByEmail(realm, email);
        if (holder != null && !holder.getId().equals(user.getId())) {
            LOG.warnf("E-mail of %s is already used by another account; not copied", entry.dn());
            return;
        }
        user.setEmail(email);
        user.setEmailVerified(true);
    }

    /** Makes the employee a member of their municipality's Organization (alias = municipality slug). */
    private void joinMunicipality(RealmModel realm, UserModel user, DirectoryConfig config) {
        if (!realm.isOrganizationsEnabled()) {
            return;
        }
        OrganizationProvider organizations = session.getProvider(OrganizationProvider.class);
        OrganizationModel municipality = organizations == null ? null : organizations.getByAlias(config.municipality());
        if (municipality == null) {
            LOG.debugf("Directory %s names municipality %s, which has no Organization", config.id(), config.municipality());
        } else if (!organizations.isMember(municipality, user)) {
            organizations.addMember(municipality, user);
        }
    }

    /**
     * An account deleted (or moved out of reach) in its directory: the Keycloak user is kept, for
     * the audit trail and in case the entry comes back, but disabled, marked and signed out.
     */
    void markMissing(RealmModel realm, UserModel user) {
        if (user.getFirstAttribute(MISSING_SINCE) == null) {
            LOG.infof("Account %s is gone from directory %s", user.getFirstAttribute(ENTRY_DN),
                    user.getFirstAttribute(HOME_DIRECTORY));
            user.setSingleAttribute(MISSING_SINCE, Instant.now().toString());
        }
        if (user.isEnabled()) {
            user.setEnabled(false);
            revokeSessions(realm, user);
        }
        evictCached(realm, user);
    }

    /**
     * Sync writes through Keycloak's own store, past its user cache: the cached copy is dropped when
     * the transaction ends, so a change takes effect at once (decision 65). Keycloak's LDAP sync does
     * the same.
     */
    private void evictCached(RealmModel realm, UserModel user) {
        UserCache cache = UserStorageUtil.userCache(session);
        if (cache != null) {
            cache.evict(realm, user);
        }
    }

    /** Ends every session of an account its directory no longer accepts, offline ones included. */
    private void revokeSessions(RealmModel realm, UserModel user) {
        var sessions = session.sessions();
        var online = sessions.getUserSessionsStream(realm, user).toList();
        var offline = sessions.getOfflineUserSessionsStream(realm, user).toList();
        online.forEach(s -> sessions.removeUserSession(realm, s));
        offline.forEach(s -> sessions.removeOfflineUserSession(realm, s));
        if (!online.isEmpty() || !offline.isEmpty()) {
            LOG.infof("Revoked %d sessions of %s: not usable in directory %s", online.size() + offline.size(),
                    user.getUsername(), user.getFirstAttribute(HOME_DIRECTORY));
        }
    }

    private static void applyRoles(RealmModel realm, UserModel user, DirectoryConfig config, Set<String> groups) {
        Map<String, Boolean> wanted = new HashMap<>();
        config.groupRoles().forEach((group, role) -> wanted.merge(role, groups.contains(group), Boolean::logicalOr));
        wanted.forEach((roleName, grant) -> {
            RoleModel role = roleNamed(realm, roleName);
            if (role == null) {
                LOG.warnf("Directory %s maps a group to role %s, which does not exist", config.id(), roleName);
            } else if (grant && !user.hasDirectRole(role)) {
                user.grantRole(role);
            } else if (!grant && user.hasDirectRole(role)) {
                user.deleteRoleMapping(role);
            }
        });
    }

    /** A realm role, or a client's role written {@code clientId/role} (the provisioning daemon's roles are {@code provisioning-api}'s). */
    private static RoleModel roleNamed(RealmModel realm, String name) {
        int slash = name.indexOf('/');
        if (slash < 0) {
            return realm.getRole(name);
        }
        ClientModel client = realm.getClientByClientId(name.substring(0, slash));
        return client == null ? null : client.getRole(name.substring(slash + 1));
    }

    private static void setIfChanged(String current, String value, Consumer<String> setter) {
        if (value != null && !value.equals(current)) {
            setter.accept(value);
        }
    }

    private static void attribute(UserModel user, String name, String value) {
        if (value == null) {
            if (user.getFirstAttribute(name) != null) {
                user.removeAttribute(name);
            }
        } else if (!value.equals(user.getFirstAttribute(name))) {
            user.setSingleAttribute(name, value);
        }
    }
}
