package lv.pasvaldibas.provisioning.job;

import java.time.Instant;
import java.util.UUID;

/**
 * One asynchronous job on a server: what, how far, who asked and how it ended.
 *
 * @param snapshot the snapshot a {@link JobKind#SNAPSHOT} or {@link JobKind#REVERT} job names, else null
 * @param move where a {@link JobKind#MOVE} job takes the server from and to, else null
 */
public record Job(UUID id, UUID serverId, String municipality, JobKind kind, String snapshot, Move move, JobState state,
                  int progress, String step, String error, String requestedBy, Instant requestedAt, Instant startedAt,
                  Instant finishedAt, int attempts) {

    /** A move between two hosts; both are kept because the server's placement changes halfway through the job. */
    public record Move(String fromHost, String toHost) {
    }
}
