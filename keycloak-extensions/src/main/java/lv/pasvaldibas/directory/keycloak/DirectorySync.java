package lv.pasvaldibas.directory.keycloak;

import static lv.pasvaldibas.directory.PlatformUserAttributes.ENTRY_DN;
import static lv.pasvaldibas.directory.PlatformUserAttributes.HOME_DIRECTORY;
import static lv.pasvaldibas.directory.PlatformUserAttributes.MISSING_SINCE;

import jakarta.persistence.EntityManager;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.UUID;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.concurrent.atomic.AtomicInteger;
import java.util.function.Function;
import lv.pasvaldibas.directory.DirectoryConfig;
import lv.pasvaldibas.directory.SyncProgress;
import lv.pasvaldibas.directory.ldap.DirectoryEntry;
import lv.pasvaldibas.directory.ldap.LdapDirectory;
import org.jboss.logging.Logger;
import org.keycloak.component.ComponentModel;
import org.keycloak.connections.jpa.JpaConnectionProvider;
import org.keycloak.models.KeycloakSession;
import org.keycloak.models.KeycloakSessionFactory;
import org.keycloak.models.RealmModel;
import org.keycloak.models.UserModel;
import org.keycloak.models.utils.KeycloakModelUtils;
import org.keycloak.storage.UserStoragePrivateUtil;
import org.keycloak.storage.user.SynchronizationResult;

/**
 * Imports and refreshes the accounts of a realm's directories, one directory after the other, in
 * batches of {@value #BATCH} accounts, each batch in a transaction of its own together with the
 * directory's progress ({@link SyncProgress}). So a sync of any size never meets Keycloak's
 * transaction timeout, keeps Hibernate's session small, shows how far it is (log every 10 s, the
 * {@code pasvaldibas_directory_sync_accounts} counter, the admin API) and, killed or failed, goes on
 * from its last batch when started again. A full sync then marks the users whose entry is gone.
 *
 * <p>A realm's directories are synced {@code syncThreads} (default 2) at a time. Syncs run on one
 * thread per node, away from the request that started them: Keycloak's "Sync
 * all users" and its periodic syncs wait for them only up to a bound (the admin's request would
 * otherwise meet its own transaction timeout) and answer with what was done by then.
 */
final class DirectorySync implements AutoCloseable {

    private static final Logger LOG = Logger.getLogger(DirectorySync.class);
    /** A running sync whose progress has not moved for this long was abandoned (its node stopped). */
    static final Duration ABANDONED_AFTER = Duration.ofSeconds(30);
    private static final Duration PROGRESS_LOG_EVERY = Duration.ofSeconds(10);
    /** Accounts per transaction: small enough for a short transaction and a small Hibernate session. */
    static final int BATCH = 500;
    /** Directories synced at once at most, whatever the component says: each holds a database connection. */
    private static final int MAX_THREADS = 8;

    private final DirectoryConnections connections;
    private final ConfirmedAccounts confirmed;
    private final DirectoryMetrics metrics;
    /** Names this node in the progress rows, so that an admin sees which node runs a sync. */
    private final String node = "node-" + UUID.randomUUID().toString().substring(0, 8);
    private final ExecutorService runner = Executors.newSingleThreadExecutor(r -> {
        Thread t = new Thread(r, "directory-sync");
        t.setDaemon(true);
        return t;
    });
    private final Map<String, Job> jobs = new ConcurrentHashMap<>();

    /** A realm's sync of one kind in progress on this node, with its live counts. */
    private record Job(Future<?> done, Tally tally) {
    }

    /** Counts a sync's accounts while it runs; read by whoever waits for it. */
    private static final class Tally {
        final AtomicInteger added = new AtomicInteger();
        final AtomicInteger updated = new AtomicInteger();
        final AtomicInteger removed = new AtomicInteger();
        final AtomicInteger failed = new AtomicInteger();

        SynchronizationResult result() {
            SynchronizationResult result = new SynchronizationResult();
            result.setAdded(added.get());
            result.setUpdated(updated.get());
            result.setRemoved(removed.get());
            result.setFailed(failed.get());
            return result;
        }
    }

    DirectorySync(DirectoryConnections connections, ConfirmedAccounts confirmed, DirectoryMetrics metrics) {
        this.connections = connections;
        this.confirmed = confirmed;
        this.metrics = metrics;
    }

    /**
     * Starts the realm's sync (a full one when {@code changedSince} is null), or joins the one of
     * the same kind already running on this node, and waits for it at most {@code wait}: the
     * counts of this run, complete or so far.
     */
    SynchronizationResult run(KeycloakSessionFactory factory, String realmId, ComponentModel storage,
                              Instant changedSince, Duration wait) {
        Job job = start(factory, realmId, storage, changedSince);
        try {
            job.done().get(wait.toMillis(), TimeUnit.MILLISECONDS);
        } catch (TimeoutException e) {
            LOG.infof("Sync of realm %s goes on in the background; its progress: GET /realms/{realm}/municipal-directories/sync", realmId);
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            LOG.errorf(e.getCause(), "Sync of realm %s failed", realmId);
            job.tally().failed.incrementAndGet();
        }
        return job.tally().result();
    }

    /** Starts the realm's sync of this kind unless this node runs one already; either way, that sync. */
    Job start(KeycloakSessionFactory factory, String realmId, ComponentModel storage, Instant changedSince) {
        String key = realmId + (changedSince == null ? "/full" : "/changed");
        return jobs.compute(key, (k, running) -> {
            if (running != null && !running.done().isDone()) {
                return running;
            }
            Tally tally = new Tally();
            Future<?> done = runner.submit(() -> {
                try {
                    syncRealm(factory, realmId, storage, changedSince, tally);
                } finally {
                    jobs.remove(k);
                }
            });
            return new Job(done, tally);
        });
    }

    private void syncRealm(KeycloakSessionFactory factory, String realmId, ComponentModel storage, Instant changedSince, Tally tally) {
        Map<DirectoryConfig, LdapDirectory> directories = inTransaction(factory, realmId, (session, realm) -> {
            RealmDirectories registered = RealmDirectories.load(realm, storage, connections);
            Map<DirectoryConfig, LdapDirectory> routed = new java.util.LinkedHashMap<>();
            registered.router().activeDirectories().stream().filter(registered.router()::routes)
                    .forEach(config -> routed.put(config, registered.connect(config)));
            return routed;
        });
        SyncProgress.Kind kind = changedSince == null ? SyncProgress.Kind.FULL : SyncProgress.Kind.CHANGED;
        Instant runStartedAt = unfinishedRun(factory, realmId, kind, changedSince);
        int threads = Math.max(1, Math.min(MAX_THREADS, storage.get(MunicipalDirectoriesProviderFactory.SYNC_THREADS, 2)));
        ExecutorService workers = Executors.newFixedThreadPool(threads, r -> {
            Thread t = new Thread(r, "directory-sync-worker");
            t.setDaemon(true);
            return t;
        });
        try {
            List<Future<?>> all = new ArrayList<>();
            directories.forEach((config, directory) -> all.add(workers.submit(() ->
                    syncDirectory(factory, realmId, storage, config, directory, kind, changedSince, runStartedAt, tally))));
            for (Future<?> one : all) {
                one.get();
            }
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
        } catch (ExecutionException e) {
            throw new IllegalStateException(e.getCause());
        } finally {
            workers.shutdownNow();
        }
    }

    private void syncDirectory(KeycloakSessionFactory factory, String realmId, ComponentModel storage, DirectoryConfig config,
                               LdapDirectory directory, SyncProgress.Kind kind, Instant changedSince, Instant runStartedAt, Tally tally) {
        SyncProgress progress = claim(factory, realmId, config, kind, changedSince, runStartedAt);
        if (progress == null) {
            return;
        }
        long start = System.nanoTime();
        try {
            progress = new DirectoryRun(factory, realmId, storage, config, directory, progress, tally).run();
            LOG.infof("Synced directory %s (%s): %d accounts (%d added, %d updated, %d failed, %d marked missing) in %d s",
                    config.id(), kind.name().toLowerCase(Locale.ROOT), progress.position(), progress.added(), progress.updated(),
                    progress.failed(), progress.removed(), TimeUnit.NANOSECONDS.toSeconds(System.nanoTime() - start));
        } catch (RuntimeException e) {
            // the batches done so far stay done; the next sync of this kind goes on from there
            LOG.warnf("Sync of directory %s stopped after %d accounts: %s", config.id(), progress.position(), e.getMessage());
            tally.failed.incrementAndGet();
            String error = e.getMessage() == null ? e.getClass().getSimpleName() : e.getMessage();
            saveState(factory, realmId, config.id(), p -> p.failed(error, Instant.now()));
        }
    }

    /**
     * When the realm's last sync run of this kind began, if it did not finish (a directory of it
     * failed, or stopped running with its node): this run goes on with it. Otherwise now: a new run.
     */
    private static Instant unfinishedRun(KeycloakSessionFactory factory, String realmId, SyncProgress.Kind kind, Instant changedSince) {
        Instant now = Instant.now();
        return inTransaction(factory, realmId, (session, realm) -> progress(session, realmId).values().stream()
                .filter(p -> p.resumableBy(kind, changedSince) && !p.runningElsewhere(now, ABANDONED_AFTER))
                .map(SyncProgress::startedAt).max(Instant::compareTo).orElse(now));
    }

    /**
     * This node's claim to sync a directory: its progress to go on from (a resumed run, or a new
     * one), or null when it has nothing to do: another node is running it, or it finished its part
     * of the run being resumed.
     */
    private SyncProgress claim(KeycloakSessionFactory factory, String realmId, DirectoryConfig config,
                               SyncProgress.Kind kind, Instant changedSince, Instant runStartedAt) {
        return inTransaction(factory, realmId, (session, realm) -> {
            EntityManager em = entityManager(session);
            String id = DirectorySyncEntity.idOf(realmId, config.id());
            DirectorySyncEntity row = em.find(DirectorySyncEntity.class, id);
            Instant now = Instant.now();
            SyncProgress progress;
            if (row == null) {
                row = new DirectorySyncEntity();
                row.id = id;
                row.realmId = realmId;
                row.directoryId = config.id();
                progress = SyncProgress.start(kind, changedSince, runStartedAt, now);
                row.set(progress, node);
                em.persist(row);
                return progress;
            }
            SyncProgress previous = row.progress();
            if (previous.runningElsewhere(now, ABANDONED_AFTER) && !node.equals(row.node)) {
                LOG.infof("Sync of directory %s is running on %s; not started here", config.id(), row.node);
                return null;
            }
            if (previous.finishedIn(kind, changedSince, runStartedAt)) {
                LOG.infof("Sync of directory %s was finished by the run being resumed", config.id());
                return null;
            }
            if (previous.resumableBy(kind, changedSince)) {
                LOG.infof("Sync of directory %s goes on after account %d, where the last run stopped", config.id(), previous.position());
                progress = previous.resumed(now);
            } else {
                progress = SyncProgress.start(kind, changedSince, runStartedAt, now);
            }
            row.set(progress, node);
            return progress;
        });
    }

    /** One directory's pass: the accounts in batches, then (full sync) the users whose entry is gone. */
    private final class DirectoryRun {
        private final KeycloakSessionFactory factory;
        private final String realmId;
        private final ComponentModel storage;
        private final DirectoryConfig config;
        private final LdapDirectory directory;
        private final Tally tally;
        private final long resumeAt;
        private final String resumeDn;
        private SyncProgress progress;
        /** Every DN the directory listed in this pass, lower-cased: what a full sync keeps. */
        private final Set<String> listed = new HashSet<>();
        private final List<DirectoryEntry> batch = new ArrayList<>();
        private long index;
        private boolean resumeConfirmed;
        private long nextLog = System.nanoTime() + PROGRESS_LOG_EVERY.toNanos();

        DirectoryRun(KeycloakSessionFactory factory, String realmId, ComponentModel storage, DirectoryConfig config,
                     LdapDirectory directory, SyncProgress progress, Tally tally) {
            this.factory = factory;
            this.realmId = realmId;
            this.storage = storage;
            this.config = config;
            this.directory = directory;
            this.progress = progress;
            this.tally = tally;
            this.resumeAt = progress.position();
            this.resumeDn = progress.lastDn();
        }

        SyncProgress run() {
            directory.forEachAccount(progress.changedSince(), this::listed);
            commit();
            if (resumeAt > 0 && !resumeConfirmed) {
                // the accounts before the resume point were skipped, but the directory no longer lists them
                // as the stopped run saw them: they are synced again (harmless: each account is one user by name)
                LOG.infof("Directory %s lists its accounts differently since its sync stopped; syncing the first %d again", config.id(), resumeAt);
                long[] seen = {0};
                directory.forEachAccount(progress.changedSince(), entry -> {
                    if (seen[0]++ < resumeAt) {
                        add(entry);
                    }
                });
                commit();
            }
            int removed = progress.kind() == SyncProgress.Kind.FULL ? markGone() : 0;
            tally.removed.addAndGet(removed);
            metrics.synced(config.id(), "removed", removed);
            return saveState(factory, realmId, config.id(), p -> p.done(removed, Instant.now()));
        }

        private void listed(DirectoryEntry entry) {
            listed.add(entry.dn().toLowerCase(Locale.ROOT));
            index++;
            if (index < resumeAt) {
                return;
            }
            if (index == resumeAt) {
                // done by the run that stopped, if the directory still lists its accounts in the same order
                resumeConfirmed = entry.dn().equalsIgnoreCase(resumeDn);
                return;
            }
            add(entry);
        }

        private void add(DirectoryEntry entry) {
            batch.add(entry);
            if (batch.size() >= BATCH) {
                commit();
            }
        }

        /** The batch and the progress after it, in one transaction; entry by entry if the batch fails. */
        private void commit() {
            if (batch.isEmpty()) {
                return;
            }
            List<DirectoryEntry> entries = List.copyOf(batch);
            batch.clear();
            int[] outcome;
            try {
                outcome = inTransaction(factory, realmId, (session, realm) -> {
                    int[] counts = importAll(session, realm, entries);
                    saveProgress(session, entries, counts);
                    return counts;
                });
            } catch (RuntimeException e) {
                // e.g. a first sign-in imported one of these accounts meanwhile: each entry alone, then the progress
                LOG.debugf("Sync batch of directory %s failed as a whole (%s); retrying its accounts one by one", config.id(), e);
                outcome = new int[3];
                for (DirectoryEntry entry : entries) {
                    try {
                        int[] one = inTransaction(factory, realmId, (session, realm) -> importAll(session, realm, List.of(entry)));
                        for (int i = 0; i < 3; i++) {
                            outcome[i] += one[i];
                        }
                    } catch (RuntimeException single) {
                        LOG.warnf("Sync of %s in directory %s failed: %s", entry.dn(), config.id(), single.getMessage());
                        outcome[2]++;
                    }
                }
                int[] counts = outcome;
                inTransaction(factory, realmId, (session, realm) -> {
                    saveProgress(session, entries, counts);
                    return null;
                });
            }
            tally.added.addAndGet(outcome[0]);
            tally.updated.addAndGet(outcome[1]);
            tally.failed.addAndGet(outcome[2]);
            metrics.synced(config.id(), "added", outcome[0]);
            metrics.synced(config.id(), "updated", outcome[1]);
            metrics.synced(config.id(), "failed", outcome[2]);
            if (System.nanoTime() - nextLog > 0) {
                nextLog = System.nanoTime() + PROGRESS_LOG_EVERY.toNanos();
                LOG.infof("Sync of directory %s: %d accounts done (%d added, %d updated, %d failed)", config.id(),
                        progress.position(), progress.added(), progress.updated(), progress.failed());
            }
        }

        /** Imports or refreshes each entry; counts added, updated, failed. */
        private int[] importAll(KeycloakSession session, RealmModel realm, List<DirectoryEntry> entries) {
            // Keycloak flushes its persistence context when it adds a user, and Hibernate checks every entity
            // in it at each flush: the cost of an account grew with its place in the batch (430,000 accounts in
            // one transaction never finished). Each account's changes are written and let go before the next.
            EntityManager em = entityManager(session);
            AccountImport accounts = new AccountImport(session, storage, confirmed);
            int[] counts = new int[3];
            for (DirectoryEntry entry : entries) {
                switch (accounts.forSync(realm, config, entry)) {
                    case ADDED -> counts[0]++;
                    case UPDATED -> counts[1]++;
                    case REFUSED -> counts[2]++;
                    case NOT_AN_ACCOUNT -> { }
                }
                em.flush();
                em.clear();
            }
            return counts;
        }

        private void saveProgress(KeycloakSession session, List<DirectoryEntry> entries, int[] counts) {
            DirectorySyncEntity row = entityManager(session).find(DirectorySyncEntity.class, DirectorySyncEntity.idOf(realmId, config.id()));
            progress = row.progress().after(entries.size(), entries.get(entries.size() - 1).dn(), counts[0], counts[1], counts[2], Instant.now());
            row.set(progress, node);
        }

        /**
         * The users of this directory whose entry it no longer lists, each read once more by DN
         * (it may lie outside the user filter's reach only for a moment) and marked missing.
         */
        private int markGone() {
            List<String> candidates = inTransaction(factory, realmId, (session, realm) -> entityManager(session).createQuery(
                            "SELECT dn.user.id, dn.value FROM UserAttributeEntity dn, UserAttributeEntity home"
                                    + " WHERE dn.user = home.user AND dn.name = :dnName AND home.name = :homeName AND home.value = :directory"
                                    + " AND dn.user.realmId = :realmId AND dn.user.federationLink = :link", Object[].class)
                    .setParameter("dnName", ENTRY_DN).setParameter("homeName", HOME_DIRECTORY)
                    .setParameter("directory", config.id()).setParameter("realmId", realmId).setParameter("link", storage.getId())
                    .getResultStream()
                    .filter(row -> row[1] == null || !listed.contains(((String) row[1]).toLowerCase(Locale.ROOT)))
                    .map(row -> (String) row[0]).toList());
            int removed = 0;
            for (String userId : candidates) {
                boolean gone = inTransaction(factory, realmId, (session, realm) -> {
                    UserModel user = UserStoragePrivateUtil.userLocalStorage(session).getUserById(realm, userId);
                    if (user == null || user.getFirstAttribute(ENTRY_DN) == null
                            || directory.readAccount(user.getFirstAttribute(ENTRY_DN)).isPresent()) {
                        return false;
                    }
                    boolean wasMarked = user.getFirstAttribute(MISSING_SINCE) != null;
                    new AccountImport(session, storage, confirmed).markMissing(realm, user);
                    return !wasMarked;
                });
                if (gone) {
                    removed++;
                }
            }
            return removed;
        }
    }

    private SyncProgress saveState(KeycloakSessionFactory factory, String realmId, String directoryId,
                                   Function<SyncProgress, SyncProgress> change) {
        return inTransaction(factory, realmId, (session, realm) -> {
            DirectorySyncEntity row = entityManager(session).find(DirectorySyncEntity.class, DirectorySyncEntity.idOf(realmId, directoryId));
            SyncProgress changed = change.apply(row.progress());
            row.set(changed, node);
            return changed;
        });
    }

    /** The sync progress of every directory of a realm that was ever synced. */
    static Map<String, SyncProgress> progress(KeycloakSession session, String realmId) {
        Map<String, SyncProgress> byDirectory = new java.util.TreeMap<>();
        entityManager(session).createNamedQuery("pasDirectorySyncsOfRealm", DirectorySyncEntity.class)
                .setParameter("realmId", realmId).getResultStream()
                .forEach(row -> byDirectory.put(row.directoryId, row.progress()));
        return byDirectory;
    }

    private static EntityManager entityManager(KeycloakSession session) {
        return session.getProvider(JpaConnectionProvider.class).getEntityManager();
    }

    private interface RealmWork<T> {
        T in(KeycloakSession session, RealmModel realm);
    }

    private static <T> T inTransaction(KeycloakSessionFactory factory, String realmId, RealmWork<T> work) {
        return KeycloakModelUtils.runJobInTransactionWithResult(factory, session -> {
            RealmModel realm = session.realms().getRealm(realmId);
            session.getContext().setRealm(realm);
            return work.in(session, realm);
        });
    }

    @Override
    public void close() {
        runner.shutdownNow();
    }
}
