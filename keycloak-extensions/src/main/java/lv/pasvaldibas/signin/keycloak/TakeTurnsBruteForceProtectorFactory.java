package lv.pasvaldibas.signin.keycloak;

import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.BooleanSupplier;
import jakarta.ws.rs.core.UriInfo;
import org.keycloak.Config;
import org.keycloak.common.ClientConnection;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.provider.ProviderConfigProperty;
import org.keycloak.services.managers.BruteForceProtector;
import org.keycloak.services.managers.BruteForceProtectorFactory;
import org.keycloak.services.managers.DefaultBruteForceProtector;
import org.keycloak.services.managers.DefaultBruteForceProtectorFactory;

/**
 * Keycloak's brute-force guard, unchanged except that a sign-in which arrives while another
 * sign-in of the same account is still in progress waits for its turn instead of being refused
 * (decision 53).
 * <p>
 * Keycloak's default guard (the "blocking" one, since the fix of CVE-2024-4629) lets one sign-in
 * per account run at a time on a node, so that parallel guesses cannot all be checked before the
 * first failure is counted; any other sign-in of that account that starts meanwhile is answered as
 * if the account were locked ({@code user_temporarily_disabled}), though nobody typed a wrong
 * password: two tabs, an app and a browser. Here that sign-in waits, up to {@link #WAIT}, and then
 * runs, still one at a time and after the failures of the one before are counted. An account
 * locked by failures is refused at once, as before; so is a sign-in when too many already wait.
 * <p>
 * Takes the built-in factory's id with a higher order, like the directory-aware authenticators
 * (decision 9), and delegates to it, so its setting {@code allowConcurrentRequests} still applies.
 */
public final class TakeTurnsBruteForceProtectorFactory implements BruteForceProtectorFactory {

    /** Longer than a few sign-ins of one account take under load; short enough not to hold a worker long. */
    static final Duration WAIT = Duration.ofSeconds(5);
    static final long POLL_MILLIS = 15;
    /** Sign-ins of one account that may wait at once; more are refused, as Keycloak would. */
    static final int MAX_WAITING_PER_ACCOUNT = 16;
    /** Sign-ins of all accounts that may wait at once: a flood of guesses must not tie up every worker thread. */
    static final int MAX_WAITING = 64;

    private final DefaultBruteForceProtectorFactory keycloaks = new DefaultBruteForceProtectorFactory();
    private BruteForceProtector protector;

    @Override
    public BruteForceProtector create(KeycloakSession session) {
        return protector;
    }

    @Override
    public void init(Config.Scope config) {
        keycloaks.init(config);
    }

    @Override
    public void postInit(KeycloakSessionFactory factory) {
        keycloaks.postInit(factory);
        // Keycloak's plain guard, asked only whether failures have locked an account: it never blocks
        protector = new TakeTurns(keycloaks.create(null), new DefaultBruteForceProtector(factory));
    }

    @Override
    public void close() {
        keycloaks.close();
    }

    @Override
    public String getId() {
        return keycloaks.getId();
    }

    @Override
    public int order() {
        return DirectoryAwareDirectGrant.ORDER;
    }

    @Override
    public List<ProviderConfigProperty> getConfigMetadata() {
        return keycloaks.getConfigMetadata();
    }

    static final class TakeTurns implements BruteForceProtector {

        private final BruteForceProtector keycloaks;
        private final BruteForceProtector failures;
        private final ConcurrentHashMap<String, Integer> waitingPerAccount = new ConcurrentHashMap<>();
        private final AtomicInteger waiting = new AtomicInteger();

        TakeTurns(BruteForceProtector keycloaks, BruteForceProtector failures) {
            this.keycloaks = keycloaks;
            this.failures = failures;
        }

        @Override
        public boolean isTemporarilyDisabled(KeycloakSession session, RealmModel realm, UserModel user) {
            return refusedAfterTurn(user, () -> keycloaks.isTemporarilyDisabled(session, realm, user),
                    () -> failures.isTemporarilyDisabled(session, realm, user));
        }

        @Override
        public boolean isPermanentlyLockedOut(KeycloakSession session, RealmModel realm, UserModel user) {
            // blocks like the check above only in realms with permanent lockout
            return refusedAfterTurn(user, () -> keycloaks.isPermanentlyLockedOut(session, realm, user),
                    () -> failures.isPermanentlyLockedOut(session, realm, user));
        }

        /**
         * Keycloak's answer, asked again while it refuses only because another sign-in of the account
         * is in progress. Once Keycloak lets this one in (and so blocks the others), it is asked once
         * more: the sign-in waited for may have just counted a failure that locks the account.
         */
        private boolean refusedAfterTurn(UserModel user, BooleanSupplier keycloakRefuses, BooleanSupplier locked) {
            if (!keycloakRefuses.getAsBoolean()) {
                return false;
            }
            if (locked.getAsBoolean() || !startWaiting(user.getId())) {
                return true;
            }
            try {
                long deadline = System.nanoTime() + WAIT.toNanos();
                while (System.nanoTime() - deadline < 0) {
                    Thread.sleep(POLL_MILLIS);
                    if (locked.getAsBoolean()) {
                        return true;
                    }
                    if (!keycloakRefuses.getAsBoolean()) {
                        return keycloakRefuses.getAsBoolean();
                    }
                }
                return true;
            } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
                return true;
            } finally {
                stopWaiting(user.getId());
            }
        }

        private boolean startWaiting(String userId) {
            if (waiting.incrementAndGet() > MAX_WAITING) {
                waiting.decrementAndGet();
                return false;
            }
            if (waitingPerAccount.merge(userId, 1, Integer::sum) > MAX_WAITING_PER_ACCOUNT) {
                stopWaiting(userId);
                return false;
            }
            return true;
        }

        private void stopWaiting(String userId) {
            waiting.decrementAndGet();
            waitingPerAccount.computeIfPresent(userId, (id, count) -> count > 1 ? count - 1 : null);
        }

        @Override
        public void failedLogin(RealmModel realm, UserModel user, ClientConnection connection, UriInfo uriInfo, Set<String> categories) {
            keycloaks.failedLogin(realm, user, connection, uriInfo, categories);
        }

        @Override
        public void successfulLogin(RealmModel realm, UserModel user, ClientConnection connection, UriInfo uriInfo, Set<String> categories) {
            keycloaks.successfulLogin(realm, user, connection, uriInfo, categories);
        }

        @Override
        public void cleanUpPermanentLockout(KeycloakSession session, RealmModel realm, UserModel user) {
            keycloaks.cleanUpPermanentLockout(session, realm, user);
        }

        @Override
        public void close() {
            keycloaks.close();
        }
    }
}
