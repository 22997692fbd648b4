package lv.pasvaldibas.directory.keycloak;

import jakarta.persistence.Column;
import jakarta.persistence.Entity;
import jakarta.persistence.Id;
import jakarta.persistence.NamedQuery;
import jakarta.persistence.Table;
import jakarta.persistence.Version;
import java.time.Instant;
import lv.pasvaldibas.directory.SyncProgress;

/**
 * One directory's sync progress (changelog {@code META-INF/municipal-directory-sync-changelog.xml}),
 * a row per realm and directory, rewritten with every committed batch. Times are epoch milliseconds.
 * {@link #version} keeps two nodes from running the same directory's sync at once.
 */
@Entity
@Table(name = "PAS_DIRECTORY_SYNC")
@NamedQuery(name = "pasDirectorySyncsOfRealm", query = "SELECT s FROM DirectorySyncEntity s WHERE s.realmId = :realmId ORDER BY s.directoryId")
public class DirectorySyncEntity {

    @Id
    @Column(name = "ID", length = 150)
    public String id;

    @Column(name = "REALM_ID", length = 36, nullable = false)
    public String realmId;

    @Column(name = "DIRECTORY_ID", length = 100, nullable = false)
    public String directoryId;

    @Column(name = "KIND", length = 10, nullable = false)
    public String kind;

    @Column(name = "CHANGED_SINCE")
    public Long changedSince;

    @Column(name = "STATE", length = 10, nullable = false)
    public String state;

    @Column(name = "POSITION", nullable = false)
    public long position;

    @Column(name = "LAST_DN", length = 1000)
    public String lastDn;

    @Column(name = "ADDED", nullable = false)
    public int added;

    @Column(name = "UPDATED", nullable = false)
    public int updated;

    @Column(name = "REMOVED", nullable = false)
    public int removed;

    @Column(name = "FAILED", nullable = false)
    public int failed;

    @Column(name = "STARTED_AT", nullable = false)
    public long startedAt;

    @Column(name = "UPDATED_AT", nullable = false)
    public long updatedAt;

    @Column(name = "FINISHED_AT")
    public Long finishedAt;

    @Column(name = "ERROR", length = 1000)
    public String error;

    @Column(name = "NODE", length = 100, nullable = false)
    public String node;

    @Version
    @Column(name = "VERSION", nullable = false)
    public int version;

    static String idOf(String realmId, String directoryId) {
        return realmId + "/" + directoryId;
    }

    SyncProgress progress() {
        return new SyncProgress(SyncProgress.Kind.valueOf(kind), changedSince == null ? null : Instant.ofEpochMilli(changedSince),
                SyncProgress.State.valueOf(state), position, lastDn, added, updated, removed, failed,
                Instant.ofEpochMilli(startedAt), Instant.ofEpochMilli(updatedAt),
                finishedAt == null ? null : Instant.ofEpochMilli(finishedAt), error);
    }

    void set(SyncProgress p, String node) {
        kind = p.kind().name();
        changedSince = p.changedSince() == null ? null : p.changedSince().toEpochMilli();
        state = p.state().name();
        position = p.position();
        lastDn = p.lastDn() == null ? null : p.lastDn().substring(0, Math.min(1000, p.lastDn().length()));
        added = p.added();
        updated = p.updated();
        removed = p.removed();
        failed = p.failed();
        startedAt = p.startedAt().toEpochMilli();
        updatedAt = p.updatedAt().toEpochMilli();
        finishedAt = p.finishedAt() == null ? null : p.finishedAt().toEpochMilli();
        error = p.error() == null ? null : p.error().substring(0, Math.min(1000, p.error().length()));
        this.node = node;
    }
}
