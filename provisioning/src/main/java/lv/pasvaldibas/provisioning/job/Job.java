package lv.pasvaldibas.provisioning.job;

import java.time.Instant;
import java.util.UUID;

/** One asynchronous job on a server: what, how far, who asked and how it ended. */
public record Job(UUID id, UUID serverId, String municipality, JobKind kind, String snapshot, JobState state,
                  int progress, String step, String error, String requestedBy, Instant requestedAt, Instant startedAt,
                  Instant finishedAt, int attempts) {
}
