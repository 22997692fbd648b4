package lv.pasvaldibas.directory.keycloak;

import static lv.pasvaldibas.directory.PlatformUserAttributes.ENTRY_DN;
import static lv.pasvaldibas.directory.PlatformUserAttributes.HOME_DIRECTORY;

import java.util.List;
import java.util.Optional;
import lv.pasvaldibas.audit.keycloak.AuditListenerFactory;
import lv.pasvaldibas.directory.AccountState;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.SignInFailure;
import lv.pasvaldibas.directory.ldap.BindOutcome;
import lv.pasvaldibas.directory.ldap.DirectoryEntry;
import lv.pasvaldibas.directory.ldap.DirectoryUnavailableException;
import lv.pasvaldibas.directory.ldap.LdapDirectory;
import org.jboss.logging.Logger;
import org.keycloak.credential.CredentialModel;
import org.keycloak.credential.hash.PasswordHashProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.PasswordPolicy;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.cache.UserCache;
import org.keycloak.models.credential.PasswordCredentialModel;
import org.keycloak.storage.UserStoragePrivateUtil;
import org.keycloak.storage.UserStorageUtil;

/**
 * The password check of a directory account: a bind as the user at its home directory, after the
 * account's state there is known (read in this session already, or read now). Records why a
 * sign-in failed for the authenticator to tell, but only what the person may learn: the state of
 * an account only once its password is proved right.
 */
final class DirectoryPasswordCheck {

    private static final Logger LOG = Logger.getLogger(DirectoryPasswordCheck.class);

    private final KeycloakSession session;
    private final AccountImport accounts;

    DirectoryPasswordCheck(KeycloakSession session, AccountImport accounts) {
        this.session = session;
        this.accounts = accounts;
    }

    /** Whether the password is the account's in its directory and the account may sign in now. */
    boolean passes(RealmModel realm, UserModel user, String password, RealmDirectories directories) {
        SignInFailures.forgetEarlierAttempts(session);
        if (AuditListenerFactory.refusesSignIns(session)) {
            SignInFailures.record(session, SignInFailure.AUDIT_UNAVAILABLE);
            return false;
        }
        DirectoryConfig config = directories.usable(user.getFirstAttribute(HOME_DIRECTORY));
        if (config == null) {
            spendLikeAnUnknownName(realm);
            return false;
        }
        try {
            LdapDirectory directory = directories.connect(config);
            Optional<DirectoryEntry> known = accounts.readThisSession(user.getId());
            DirectoryEntry entry;
            if (known.isPresent()) {
                entry = known.get();
            } else {
                Optional<DirectoryEntry> read = directory.readAccount(user.getFirstAttribute(ENTRY_DN));
                if (read.isEmpty()) {
                    accounts.markMissing(realm, user);
                    return false;
                }
                entry = read.get();
                accounts.refresh(realm, user, config, entry);
            }
            AccountState state = directory.dialect().accountState(entry.attributes());
            BindOutcome outcome = directory.bind(entry.dn(), password);
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

    /** Passwords Keycloak stored for a directory account before it refused to store them (an older platform did). */
    static void forgetLocalPasswords(KeycloakSession session, RealmModel realm, UserModel user) {
        // read from Keycloak's own store, not the user cache (decision 65): a cached copy may not list a
        // password that only the database holds, and Keycloak would meet it when the copy is next loaded
        UserModel stored = UserStoragePrivateUtil.userLocalStorage(session).getUserById(realm, user.getId());
        if (stored == null) {
            return;
        }
        List<CredentialModel> passwords = stored.credentialManager().getStoredCredentialsByTypeStream(PasswordCredentialModel.TYPE).toList();
        if (passwords.isEmpty()) {
            return;
        }
        passwords.forEach(password -> stored.credentialManager().removeStoredCredentialById(password.getId()));
        UserCache cache = UserStorageUtil.userCache(session);
        if (cache != null) {
            cache.evict(realm, user);
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
}
