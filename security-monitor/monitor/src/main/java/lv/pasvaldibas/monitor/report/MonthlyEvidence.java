package lv.pasvaldibas.monitor.report;

import java.time.Instant;
import java.util.List;

/**
 * What the platform measured in one month, in one scope: the numbers each control's evidence is made
 * of. Counted by the audit log's own fields; nothing here is a judgement.
 *
 * @param records          audit records in the month and scope
 * @param integrity        the audit log's verification (platform-wide: the chains are not per municipality)
 * @param signIns          per directory, successful and failed sign-ins
 * @param disabledAccounts per directory, sign-in attempts to accounts the directory has disabled
 * @param adminActions     administrator actions by type
 * @param trustChanges     trust changes by type
 * @param overdueTrusts    trusts active at the month's end whose yearly review was due before it
 * @param alerts           the monitor's alerts raised in the month, by level, with how they were handled
 */
public record MonthlyEvidence(long records, Integrity integrity, List<DirectorySignIns> signIns, List<DisabledAccountUse> disabledAccounts,
                              List<TypeCount> adminActions, List<TypeCount> trustChanges, List<OverdueTrust> overdueTrusts,
                              List<AlertHandling> alerts) {

    public MonthlyEvidence {
        signIns = List.copyOf(signIns);
        disabledAccounts = List.copyOf(disabledAccounts);
        adminActions = List.copyOf(adminActions);
        trustChanges = List.copyOf(trustChanges);
        overdueTrusts = List.copyOf(overdueTrusts);
        alerts = List.copyOf(alerts);
    }

    /**
     * The monitor's recorded verifications of the whole audit log in the month, and the latest one up
     * to the month's end ({@code latestAt} null when none was recorded).
     */
    public record Integrity(long checks, long brokenChecks, Instant latestAt, String latestResult, long chainBreakAlerts) {
    }

    /** {@code failedRate}: failed / (succeeded + failed), 0 when there were none. */
    public record DirectorySignIns(String directory, long succeeded, long failed, double failedRate) {

        public static DirectorySignIns of(String directory, long succeeded, long failed) {
            long all = succeeded + failed;
            return new DirectorySignIns(directory, succeeded, failed, all == 0 ? 0 : Math.round(failed * 10_000.0 / all) / 10_000.0);
        }
    }

    /** {@code accounts}: how many different accounts the attempts named. */
    public record DisabledAccountUse(String directory, long attempts, long accounts) {
    }

    /** {@code refused}: FAILURE or DENIED. */
    public record TypeCount(String type, long succeeded, long refused) {
    }

    public record OverdueTrust(String trustId, String trustingMunicipality, String trustedDirectory, Instant lastApprovedOrReviewed, Instant reviewDue) {
    }

    /**
     * States are as they are when the report is made, not at the month's end: an alert of the month
     * closed since then counts as closed. {@code medianMinutesToAcknowledge} is null when none was.
     */
    public record AlertHandling(String level, long raised, long acknowledged, long closed, long stillOpen, Double medianMinutesToAcknowledge) {
    }

    public long succeededSignIns() {
        return signIns.stream().mapToLong(DirectorySignIns::succeeded).sum();
    }

    public long failedSignIns() {
        return signIns.stream().mapToLong(DirectorySignIns::failed).sum();
    }
}
