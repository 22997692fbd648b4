package lv.pasvaldibas.directory.keycloak;

import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.stream.Stream;
import java.time.Duration;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import lv.pasvaldibas.directory.AccountState;
import lv.pasvaldibas.directory.Dialect;
import lv.pasvaldibas.directory.Dialects;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.InvalidLoginNameException;
import lv.pasvaldibas.directory.LoginName;
import lv.pasvaldibas.directory.Route;
import lv.pasvaldibas.directory.SignInFailure;
import lv.pasvaldibas.directory.ldap.BindOutcome;
import lv.pasvaldibas.directory.ldap.DirectoryEntry;
import lv.pasvaldibas.directory.ldap.DirectoryUnavailableException;
import lv.pasvaldibas.directory.ldap.LdapDirectory;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputUpdater;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.ModelDuplicateException;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.OrganizationModel;
import org.keycloak.organization.OrganizationProvider;
import org.keycloak.models.RealmModel;
import org.keycloak.models.RoleModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.UserProvider;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.UserStoragePrivateUtil;
import lv.pasvaldibas.audit.keycloak.AuditListenerFactory;
import org.keycloak.models.utils.UserModelDelegate;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.user.ImportedUserValidation;
import org.keycloak.storage.user.SynchronizationResult;
import org.keycloak.storage.user.UserLookupProvider;

/**
 * Per-session glue between Keycloak and the municipal directories: routes a name to its home
 * directory, imports and links the account on first sign-in, checks the password with a bind as
 * the user, and re-reads the account's state so that one disabled, locked or deleted in its
 * directory stops working.
 */
public final class MunicipalDirectoriesProvider
        implements UserStorageProvider, UserLookupProvider, CredentialInputValidator, CredentialInputUpdater, ImportedUserValidation {

    public static final String ATTR_MUNICIPALITY = "municipality";
    public static final String ATTR_HOME_DIRECTORY = "home_directory";
    public static final String ATTR_ENTRY_ID = "directory_entry_id";
    public static final String ATTR_ENTRY_DN = "directory_entry_dn";
    /** Set (ISO instant) when the account was found gone from its directory; the user is disabled. */
    public static final String ATTR_MISSING_SINCE = "directory_missing_since";
    /** The account's group names in its directory: what trusts accept (DESIGN.md §3). */
    public static final String ATTR_DIRECTORY_GROUPS = "directory_groups";

    private static final Logger LOG = Logger.getLogger(MunicipalDirectoriesProvider.class);
    /** Message key (login theme) of the refusal to store a password in Keycloak. */
    static final String PASSWORD_IN_DIRECTORY = "directoryPasswordReadOnlyMessage";

    private final KeycloakSession session;
    private final ComponentModel model;
    private final DirectoryConnections connections;
    private final ConfirmedAccounts confirmed;
    private final ExecutorService lookups;
    /** Entries read from a directory during this session, by Keycloak user id: no second read for the password check. */
    private final Map<String, DirectoryEntry> freshEntries = new HashMap<>();
    /** Names already looked up without a match in this session: Keycloak asks by e-mail, then by username. */
    private final Set<String> missedNames = new java.util.HashSet<>();
    private DirectoryRegistry registry;

    MunicipalDirectoriesProvider(KeycloakSession session, ComponentModel model, DirectoryConnections connections,
                                 ConfirmedAccounts confirmed, ExecutorService lookups) {
        this.session = session;
        this.model = model;
        this.connections = connections;
        this.confirmed = confirmed;
        this.lookups = lookups;
    }

    private DirectoryRegistry registry(RealmModel realm) {
        if (registry == null) {
            registry = DirectoryRegistry.load(realm, model);
        }
        return registry;
    }

    private LdapDirectory directory(RealmModel realm, DirectoryConfig config) {
        return connections.get(registry(realm).componentIdByDirectory().get(config.id()), config);
    }

    @Override
    public UserModel getUserById(RealmModel realm, String id) {
        // every account is imported, so Keycloak finds it in its own store by id
        return null;
    }

    @Override
    public UserModel getUserByUsername(RealmModel realm, String username) {
        return findAndImport(realm, username);
    }

    @Override
    public UserModel getUserByEmail(RealmModel realm, String email) {
        return findAndImport(realm, email);
    }

    private UserModel findAndImport(RealmModel realm, String typed) {
        LoginName name;
        try {
            name = LoginName.parse(typed);
        } catch (InvalidLoginNameException e) {
            LOG.debugf("Refused sign-in name: %s", e.getMessage());
            return null;
        }
        if (missedNames.contains(name.typed())) {
            return null;
        }
        SignInFailures.forgetEarlierAttempts(session);
        Route route = registry(realm).router().route(name);
        try {
            UserModel user = null;
            if (route instanceof Route.Home home) {
                user = directory(realm, home.directory()).findAccount(name)
                        .map(entry -> importOrLink(realm, home.directory(), entry)).orElse(null);
            } else if (route instanceof Route.AnyOf anyOf) {
                // unknown, ambiguous or a wrong password later: one answer for all three, so that it tells
                // nothing about which names exist where (decision 50); a sign-in that succeeds shows nothing
                SignInFailures.record(session, SignInFailure.BARE_NAME);
                user = uniqueMatch(realm, anyOf);
            }
            if (user != null) {
                return user;
            }
            missedNames.add(name.typed());
            LOG.debugf("No account for the name (%s)", route.reason());
            return null;
        } catch (DirectoryUnavailableException e) {
            LOG.warn(e.getMessage());
            SignInFailures.record(session, SignInFailure.DIRECTORY_UNAVAILABLE);
            return null;
        }
    }

    /**
     * A bare name with no default directory: every active directory is asked in parallel, under a
     * deadline. Only a match that every directory confirmed unique counts: a directory that did not
     * answer may hold the person's own account, and the password must never go to a namesake's
     * directory because the right one was slow.
     */
    private UserModel uniqueMatch(RealmModel realm, Route.AnyOf route) {
        long deadline = System.nanoTime() + TimeUnit.MILLISECONDS.toNanos(model.get(MunicipalDirectoriesProviderFactory.BARE_NAME_DEADLINE, 1500));
        Map<DirectoryConfig, Future<Optional<DirectoryEntry>>> asked = new HashMap<>();
        for (DirectoryConfig config : route.candidates()) {
            LdapDirectory directory = directory(realm, config);
            asked.put(config, lookups.submit(() -> directory.findAccount(route.name())));
        }
        List<Map.Entry<DirectoryConfig, DirectoryEntry>> matches = new ArrayList<>();
        boolean allAnswered = true;
        for (Map.Entry<DirectoryConfig, Future<Optional<DirectoryEntry>>> answer : asked.entrySet()) {
            try {
                answer.getValue().get(Math.max(0, deadline - System.nanoTime()), TimeUnit.NANOSECONDS)
                        .ifPresent(entry -> matches.add(Map.entry(answer.getKey(), entry)));
            } catch (Exception e) {
                answer.getValue().cancel(true);
                allAnswered = false;
                LOG.debugf("Directory %s did not answer a bare-name lookup in time: %s", answer.getKey().id(), e);
            }
        }
        if (!allAnswered) {
            SignInFailures.record(session, SignInFailure.DIRECTORY_UNAVAILABLE);
            return null;
        }
        if (matches.size() != 1) {
            LOG.debugf("Bare name matched %d accounts; a domain is required", matches.size());
            return null;
        }
        return importOrLink(realm, matches.get(0).getKey(), matches.get(0).getValue());
    }

    /** The Keycloak user for a directory entry: created on first sign-in, refreshed afterwards. */
    private UserModel importOrLink(RealmModel realm, DirectoryConfig config, DirectoryEntry entry) {
        String username = canonicalUsername(config, entry);
        if (username == null) {
            LOG.warnf("Entry %s of directory %s has none of the login attributes %s", entry.dn(), config.id(), config.loginAttributes());
            return null;
        }
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        UserModel user = local.getUserByUsername(realm, username);
        boolean imported = user == null;
        if (imported) {
            user = importNew(realm, config, entry, username);
        }
        if (user == null) {
            return null;
        } else if (!model.getId().equals(user.getFederationLink())
                || !config.id().equals(user.getFirstAttribute(ATTR_HOME_DIRECTORY))
                || (entry.id() != null && user.getFirstAttribute(ATTR_ENTRY_ID) != null
                && !entry.id().equals(user.getFirstAttribute(ATTR_ENTRY_ID)))) {
            // never hand one person's Keycloak account to another directory entry
            LOG.warnf("Refusing to link %s of directory %s to an existing user that belongs elsewhere", entry.dn(), config.id());
            return null;
        }
        // recorded before anything else touches the user: Keycloak may load it again meanwhile (the
        // organization membership does), and validate() must then not go back to the directory
        freshEntries.put(user.getId(), entry);
        apply(realm, user, config, entry);
        if (!imported) {
            // a new user joined in its import; asking again here would wait on the membership cache
            // entry the import just invalidated, one simultaneous sign-in after the other
            joinMunicipality(realm, user, config);
        }
        return user;
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
                created.setFederationLink(model.getId());
                MunicipalDirectoriesProvider importer = new MunicipalDirectoriesProvider(importing, model, connections, confirmed, lookups);
                importer.apply(importRealm, created, config, entry);
                importer.joinMunicipality(importRealm, created, config);
            });
        } catch (ModelDuplicateException e) {
            LOG.debugf("%s was imported by another sign-in at the same moment", username);
        }
        return UserStoragePrivateUtil.userLocalStorage(session).getUserByUsername(realm, username);
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
        attribute(user, ATTR_MUNICIPALITY, config.municipality());
        attribute(user, ATTR_HOME_DIRECTORY, config.id());
        attribute(user, ATTR_ENTRY_ID, entry.id());
        attribute(user, ATTR_ENTRY_DN, entry.dn());
        attribute(user, ATTR_MISSING_SINCE, null);
        for (String platformAttribute : List.of("phone", "title", "department", "employeeNumber", "institution")) {
            attribute(user, platformAttribute, entry.first(mapping.get(platformAttribute)));
        }
        AccountState state = dialect.accountState(entry.attributes());
        if (state != AccountState.ACTIVE) {
            // the person is told why only once their password is proved (isValid), never here
            revokeSessions(realm, user);
        } else {
            confirmed.confirmed(user.getId());
        }
        // A disabled account is disabled here too: Keycloak then refuses it at every step (SSO cookie,
        // refresh, introspection), at the price of naming it disabled after the name alone (decision 50).
        // A locked one stays enabled, so that nothing is told before the password; the password check
        // refuses it while the directory keeps it locked.
        boolean enabled = state != AccountState.DISABLED;
        if (user.isEnabled() != enabled) {
            user.setEnabled(enabled);
        }
        // the password lives in the directory: a "change your password" demand here could never be met
        if (user.getRequiredActionsStream().anyMatch(UserModel.RequiredAction.UPDATE_PASSWORD.name()::equals)) {
            user.removeRequiredAction(UserModel.RequiredAction.UPDATE_PASSWORD);
        }
        Set<String> groups = entry.groupNames(dialect.memberOfAttribute());
        if (!groups.equals(user.getAttributeStream(ATTR_DIRECTORY_GROUPS).collect(java.util.stream.Collectors.toSet()))) {
            user.setAttribute(ATTR_DIRECTORY_GROUPS, groups.stream().sorted().toList());
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
    private void markMissing(RealmModel realm, UserModel user) {
        if (user.getFirstAttribute(ATTR_MISSING_SINCE) == null) {
            LOG.infof("Account %s is gone from directory %s", user.getFirstAttribute(ATTR_ENTRY_DN),
                    user.getFirstAttribute(ATTR_HOME_DIRECTORY));
            user.setSingleAttribute(ATTR_MISSING_SINCE, java.time.Instant.now().toString());
        }
        if (user.isEnabled()) {
            user.setEnabled(false);
            revokeSessions(realm, user);
        }
    }

    /**
     * Synchronises every active directory: imports or refreshes each account (all of them, or
     * those changed since {@code changedSince}); a full sync also marks Keycloak users whose entry
     * is gone. Counts per result: added, updated, removed (marked missing), failed (per directory).
     */
    SynchronizationResult sync(RealmModel realm, java.time.Instant changedSince) {
        SynchronizationResult result = new SynchronizationResult();
        UserProvider local = UserStoragePrivateUtil.userLocalStorage(session);
        for (DirectoryConfig config : registry(realm).router().activeDirectories()) {
            long start = System.nanoTime();
            Set<String> seen = new java.util.HashSet<>();
            int before = result.getAdded() + result.getUpdated();
            try {
                directory(realm, config).forEachAccount(changedSince, entry -> {
                    String username = canonicalUsername(config, entry);
                    boolean existed = username != null && local.getUserByUsername(realm, username) != null;
                    UserModel user = importOrLink(realm, config, entry);
                    if (user == null) {
                        result.increaseFailed();
                        return;
                    }
                    seen.add(user.getId());
                    if (existed) {
                        result.increaseUpdated();
                    } else {
                        result.increaseAdded();
                    }
                });
                if (changedSince == null) {
                    local.searchForUserByUserAttributeStream(realm, ATTR_HOME_DIRECTORY, config.id())
                            .filter(user -> model.getId().equals(user.getFederationLink()) && !seen.contains(user.getId()))
                            .toList()
                            .forEach(user -> {
                                if (directory(realm, config).readAccount(user.getFirstAttribute(ATTR_ENTRY_DN)).isEmpty()) {
                                    markMissing(realm, user);
                                    result.increaseRemoved();
                                }
                            });
                }
            } catch (DirectoryUnavailableException e) {
                LOG.warnf("Sync of directory %s skipped: %s", config.id(), e.getMessage());
                result.increaseFailed();
            }
            LOG.infof("Synced directory %s (%s): %d accounts in %d ms", config.id(), changedSince == null ? "full" : "changed",
                    result.getAdded() + result.getUpdated() - before, (System.nanoTime() - start) / 1_000_000);
        }
        return result;
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
                    user.getUsername(), user.getFirstAttribute(ATTR_HOME_DIRECTORY));
        }
    }

    private static void applyRoles(RealmModel realm, UserModel user, DirectoryConfig config, Set<String> groups) {
        Map<String, Boolean> wanted = new HashMap<>();
        config.groupRoles().forEach((group, role) -> wanted.merge(role, groups.contains(group), Boolean::logicalOr));
        wanted.forEach((roleName, grant) -> {
            RoleModel role = realm.getRole(roleName);
            if (role == null) {
                LOG.warnf("Directory %s maps a group to realm role %s, which does not exist", config.id(), roleName);
            } else if (grant && !user.hasDirectRole(role)) {
                user.grantRole(role);
            } else if (!grant && user.hasDirectRole(role)) {
                user.deleteRoleMapping(role);
            }
        });
    }

    private static void setIfChanged(String current, String value, java.util.function.Consumer<String> setter) {
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

    /**
     * Called when Keycloak loads an imported user from its own store: re-reads the account so that
     * one deleted in its directory is removed and one disabled or locked there is disabled here.
     */
    @Override
    public UserModel validate(RealmModel realm, UserModel user) {
        if (freshEntries.containsKey(user.getId())) {
            return user;
        }
        String dn = user.getFirstAttribute(ATTR_ENTRY_DN);
        if (dn == null) {
            return user;
        }
        DirectoryConfig config = registry(realm).usable(user.getFirstAttribute(ATTR_HOME_DIRECTORY));
        if (config == null) {
            // directory suspended, removed or in conflict: its accounts count as disabled, sessions and
            // refresh tokens included, without changing the stored user (a resumed directory needs no repair)
            return disabled(user);
        }
        try {
            Optional<DirectoryEntry> entry = directory(realm, config).readAccount(dn);
            if (entry.isEmpty()) {
                markMissing(realm, user);
                return user;
            }
            freshEntries.put(user.getId(), entry.get());
            apply(realm, user, config, entry.get());
        } catch (DirectoryUnavailableException e) {
            // cannot confirm now: a bounded grace for accounts confirmed lately, then disabled (decision 49)
            LOG.debug(e.getMessage());
            SignInFailures.record(session, SignInFailure.DIRECTORY_UNAVAILABLE);
            if (!confirmed.confirmedWithin(user.getId(), unreachableGrace())) {
                return disabled(user);
            }
        }
        return user;
    }

    private Duration unreachableGrace() {
        return Duration.ofSeconds(Math.max(0, model.get(MunicipalDirectoriesProviderFactory.UNREACHABLE_GRACE, 300)));
    }

    private static UserModel disabled(UserModel user) {
        return new UserModelDelegate(user) {
            @Override
            public boolean isEnabled() {
                return false;
            }
        };
    }

    @Override
    public boolean supportsCredentialType(String credentialType) {
        return PasswordCredentialModel.TYPE.equals(credentialType);
    }

    @Override
    public boolean isConfiguredFor(RealmModel realm, UserModel user, String credentialType) {
        return supportsCredentialType(credentialType);
    }

    /**
     * A municipal account's password lives only in its directory: an admin's "reset password" and the
     * "update password" action are refused with the reason, so Keycloak never stores one of its own.
     */
    @Override
    public boolean updateCredential(RealmModel realm, UserModel user, CredentialInput input) {
        if (supportsCredentialType(input.getType())) {
            throw new ReadOnlyException(PASSWORD_IN_DIRECTORY);
        }
        return false;
    }

    @Override
    public void disableCredentialType(RealmModel realm, UserModel user, String credentialType) {
        // nothing of the directory's can be switched off from here
    }

    @Override
    public Stream<String> getDisableableCredentialTypesStream(RealmModel realm, UserModel user) {
        return Stream.empty();
    }

    @Override
    public boolean isValid(RealmModel realm, UserModel user, CredentialInput input) {
        if (!supportsCredentialType(input.getType())) {
            return false;
        }
        if (checkPassword(realm, user, input)) {
            return true;
        }
        // Keycloak tries its own stored passwords after a refusal here: none may stand beside the directory's
        forgetLocalPasswords(user);
        return false;
    }

    /** Passwords Keycloak stored for a directory account before it refused to store them (an older platform did). */
    private static void forgetLocalPasswords(UserModel user) {
        user.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE).toList()
                .forEach(stored -> user.credentialManager().removeStoredCredentialById(stored.getId()));
    }

    private boolean checkPassword(RealmModel realm, UserModel user, CredentialInput input) {
        SignInFailures.forgetEarlierAttempts(session);
        if (AuditListenerFactory.refusesSignIns(session)) {
            SignInFailures.record(session, SignInFailure.AUDIT_UNAVAILABLE);
            return false;
        }
        DirectoryConfig config = registry(realm).usable(user.getFirstAttribute(ATTR_HOME_DIRECTORY));
        if (config == null) {
            spendLikeAnUnknownName(realm);
            return false;
        }
        try {
            LdapDirectory directory = directory(realm, config);
            DirectoryEntry entry = freshEntries.get(user.getId());
            if (entry == null) {
                Optional<DirectoryEntry> read = directory.readAccount(user.getFirstAttribute(ATTR_ENTRY_DN));
                if (read.isEmpty()) {
                    markMissing(realm, user);
                    return false;
                }
                entry = read.get();
                freshEntries.put(user.getId(), entry);
                apply(realm, user, config, entry);
            }
            AccountState state = directory.dialect().accountState(entry.attributes());
            BindOutcome outcome = directory.bind(entry.dn(), input.getChallengeResponse());
            if (outcome.success()) {
                if (state == AccountState.ACTIVE && user.isEnabled()) {
                    return true;
                }
                // the password is proved right: now, and only now, the person may learn why they cannot sign in
                SignInFailures.record(session, state == AccountState.LOCKED ? SignInFailure.ACCOUNT_LOCKED : SignInFailure.ACCOUNT_DISABLED);
                return false;
            }
            SignInFailure failure = directory.dialect().bindFailure(outcome.resultCode(), outcome.diagnosticMessage());
            LOG.debugf("Password check of %s in %s failed: %s", user.getUsername(), config.id(), failure);
            if (failure.provesPassword()) {
                SignInFailures.record(session, failure);
            } else {
                spendLikeAnUnknownName(realm);
            }
            return false;
        } catch (DirectoryUnavailableException e) {
            LOG.warn(e.getMessage());
            SignInFailures.record(session, SignInFailure.DIRECTORY_UNAVAILABLE);
            return false;
        }
    }

    /**
     * Keycloak answers an unknown name only after hashing a dummy password (its defence against
     * finding out names by timing). A wrong password of a directory account costs just a bind, far
     * less; the same dummy hash here makes both answers take the same time.
     */
    private void spendLikeAnUnknownName(RealmModel realm) {
        PasswordPolicy policy = realm.getPasswordPolicy();
        PasswordHashProvider hash = policy.getHashAlgorithm() == null ? null
                : session.getProvider(PasswordHashProvider.class, policy.getHashAlgorithm());
        if (hash == null) {
            hash = session.getProvider(PasswordHashProvider.class);
        }
        if (hash != null) {
            hash.encodedCredential("SlightlyLongerDummyPassword", policy.getHashIterations());
        }
    }

    @Override
    public void close() {
        freshEntries.clear();
        missedNames.clear();
    }
}
