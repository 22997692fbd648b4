package lv.pasvaldibas.directory.keycloak;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Optional;
import java.util.Set;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.stream.Stream;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.InvalidLoginNameException;
import lv.pasvaldibas.directory.LoginName;
import lv.pasvaldibas.directory.PlatformUserAttributes;
import lv.pasvaldibas.directory.Route;
import lv.pasvaldibas.directory.SignInFailure;
import lv.pasvaldibas.directory.ldap.DirectoryEntry;
import lv.pasvaldibas.directory.ldap.DirectoryUnavailableException;
import lv.pasvaldibas.directory.ldap.LdapDirectory;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.credential.CredentialInput;
import org.keycloak.credential.CredentialInputUpdater;
import org.keycloak.credential.CredentialInputValidator;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.models.utils.StorageUnavailableUserModelDelegate;
import org.keycloak.storage.ReadOnlyException;
import org.keycloak.storage.UserStorageProvider;
import org.keycloak.storage.user.ImportedUserValidation;
import org.keycloak.storage.user.UserLookupProvider;

/**
 * Keycloak's user storage face of the municipal directories, per session: routes a typed name to
 * its home directory and finds the account there ({@link AccountImport} makes it a Keycloak user),
 * re-reads an account Keycloak loads from its own store so that one disabled, locked or deleted in
 * its directory stops working, and hands the password to {@link DirectoryPasswordCheck}. Sync is
 * {@link DirectorySync}'s.
 */
public final class MunicipalDirectoriesProvider
        implements UserStorageProvider, UserLookupProvider, CredentialInputValidator, CredentialInputUpdater, ImportedUserValidation {

    private static final Logger LOG = Logger.getLogger(MunicipalDirectoriesProvider.class);
    /** Message key (login theme) of the refusal to store a password in Keycloak. */
    static final String PASSWORD_IN_DIRECTORY = "directoryPasswordReadOnlyMessage";

    private final KeycloakSession session;
    private final ComponentModel model;
    private final DirectoryConnections connections;
    private final ConfirmedAccounts confirmed;
    private final ExecutorService lookups;
    private final AccountImport accounts;
    private final DirectoryPasswordCheck passwords;
    /** Names already looked up without a match in this session: Keycloak asks by e-mail, then by username. */
    private final Set<String> missedNames = new HashSet<>();
    private RealmDirectories directories;

    MunicipalDirectoriesProvider(KeycloakSession session, ComponentModel model, DirectoryConnections connections,
                                 ConfirmedAccounts confirmed, ExecutorService lookups) {
        this.session = session;
        this.model = model;
        this.connections = connections;
        this.confirmed = confirmed;
        this.lookups = lookups;
        this.accounts = new AccountImport(session, model, confirmed);
        this.passwords = new DirectoryPasswordCheck(session, accounts);
    }

    private RealmDirectories directories(RealmModel realm) {
        if (directories == null) {
            directories = RealmDirectories.load(realm, model, connections);
        }
        return directories;
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
        Route route = directories(realm).router().route(name);
        try {
            UserModel user = null;
            if (route instanceof Route.Home home) {
                user = directories(realm).connect(home.directory()).findAccount(name)
                        .map(entry -> accounts.forSignIn(realm, home.directory(), entry)).orElse(null);
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
            LdapDirectory directory = directories(realm).connect(config);
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
        return accounts.forSignIn(realm, matches.get(0).getKey(), matches.get(0).getValue());
    }

    /**
     * Called when Keycloak loads an imported user from its own store: re-reads the account so that
     * one deleted in its directory is removed and one disabled or locked there is disabled here.
     */
    @Override
    public UserModel validate(RealmModel realm, UserModel user) {
        if (accounts.readThisSession(user.getId()).isPresent()) {
            return user;
        }
        String dn = user.getFirstAttribute(PlatformUserAttributes.ENTRY_DN);
        if (dn == null) {
            return user;
        }
        DirectoryConfig config = directories(realm).usable(user.getFirstAttribute(PlatformUserAttributes.HOME_DIRECTORY));
        if (config == null) {
            // directory suspended, removed or in conflict: its accounts count as disabled, sessions and
            // refresh tokens included, without changing the stored user (a resumed directory needs no repair)
            return disabled(user);
        }
        try {
            Optional<DirectoryEntry> entry = directories(realm).connect(config).readAccount(dn);
            if (entry.isEmpty()) {
                accounts.markMissing(realm, user);
                return user;
            }
            accounts.refresh(realm, user, config, entry.get());
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

    /**
     * The account as disabled for this request only. Keycloak never puts a
     * {@link StorageUnavailableUserModelDelegate} into its user cache (decision 65), so the next
     * request asks again and a resumed or reachable directory needs no repair; like Keycloak's own
     * LDAP users while their directory is off or unreachable, it cannot be changed meanwhile.
     */
    private static UserModel disabled(UserModel user) {
        return new StorageUnavailableUserModelDelegate(user, what -> new ReadOnlyException(
                "the account's directory is suspended, removed or unreachable: " + what)) {
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
        if (passwords.passes(realm, user, input.getChallengeResponse(), directories(realm))) {
            return true;
        }
        // Keycloak tries its own stored passwords after a refusal here: none may stand beside the directory's
        DirectoryPasswordCheck.forgetLocalPasswords(session, realm, user);
        return false;
    }

    @Override
    public void close() {
        missedNames.clear();
    }
}
