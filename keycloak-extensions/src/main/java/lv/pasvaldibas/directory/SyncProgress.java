package lv.pasvaldibas.directory;

import java.time.Instant;
import java.util.Objects;

/**
 * How far one directory's sync has come: the accounts done, in the order the directory lists them,
 * and what became of them. Each batch of accounts is committed together with its progress, so after
 * a crash or restart a new run of the same kind goes on after the last committed account instead of
 * starting over ({@link #resumableBy}).
 *
 * @param kind         a full sync or a changed-users sync
 * @param changedSince a changed-users sync's lower bound (modifyTimestamp), null for a full sync
 * @param state        running, done or failed
 * @param position     accounts done, counted in the directory's listing order
 * @param lastDn       the DN of the last account done: checked on resume, so that a directory whose
 *                     listing changed meanwhile is not skipped into blindly
 * @param startedAt    when the realm's sync run that this directory is part of began: shared by every
 *                     directory of the run, so that a resumed run knows which directories it finished
 * @param updatedAt    the last committed batch: a running sync whose heartbeat is old was abandoned
 * @param error        why it failed, if it did
 */
public record SyncProgress(Kind kind, Instant changedSince, State state, long position, String lastDn,
                           int added, int updated, int removed, int failed,
                           Instant startedAt, Instant updatedAt, Instant finishedAt, String error) {

    public enum Kind { FULL, CHANGED }

    public enum State { RUNNING, DONE, FAILED }

    public SyncProgress {
        Objects.requireNonNull(kind, "kind");
        Objects.requireNonNull(state, "state");
        Objects.requireNonNull(startedAt, "startedAt");
        Objects.requireNonNull(updatedAt, "updatedAt");
        if (position < 0 || added < 0 || updated < 0 || removed < 0 || failed < 0) {
            throw new IllegalArgumentException("negative count");
        }
    }

    /** A directory's part of a realm's sync run that began at {@code runStartedAt}. */
    public static SyncProgress start(Kind kind, Instant changedSince, Instant runStartedAt, Instant now) {
        return new SyncProgress(kind, changedSince, State.RUNNING, 0, null, 0, 0, 0, 0, runStartedAt, now, null, null);
    }

    /**
     * Whether a new run of this kind goes on from here rather than starting over: the same kind and
     * bound, and this one did not finish.
     */
    public boolean resumableBy(Kind kind, Instant changedSince) {
        return state != State.DONE && this.kind == kind && Objects.equals(this.changedSince, changedSince);
    }

    /** Whether this directory finished its part of the run of this kind that began at {@code runStartedAt}. */
    public boolean finishedIn(Kind kind, Instant changedSince, Instant runStartedAt) {
        return state == State.DONE && this.kind == kind && Objects.equals(this.changedSince, changedSince)
                && startedAt.equals(runStartedAt);
    }

    /** Whether another node is running it now: running, with a heartbeat younger than {@code stale}. */
    public boolean runningElsewhere(Instant now, java.time.Duration stale) {
        return state == State.RUNNING && updatedAt.plus(stale).isAfter(now);
    }

    /** The same run, resumed now: its counts kept. */
    public SyncProgress resumed(Instant now) {
        return new SyncProgress(kind, changedSince, State.RUNNING, position, lastDn, added, updated, removed, failed,
                startedAt, now, null, null);
    }

    /** After a committed batch of {@code accounts} accounts ending with {@code lastDn}. */
    public SyncProgress after(int accounts, String lastDn, int added, int updated, int failed, Instant now) {
        return new SyncProgress(kind, changedSince, State.RUNNING, position + accounts, lastDn,
                this.added + added, this.updated + updated, removed, this.failed + failed, startedAt, now, null, null);
    }

    public SyncProgress done(int removed, Instant now) {
        return new SyncProgress(kind, changedSince, State.DONE, position, lastDn, added, updated, this.removed + removed, failed,
                startedAt, now, now, null);
    }

    public SyncProgress failed(String error, Instant now) {
        return new SyncProgress(kind, changedSince, State.FAILED, position, lastDn, added, updated, removed, failed,
                startedAt, now, now, error);
    }
}
