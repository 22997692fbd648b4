package lv.pasvaldibas.provisioning.job;

/** What a job does to its server. {@link #REPAIR} jobs are the reconciliation loop's, {@link #MOVE} jobs a host drain's. */
public enum JobKind { CREATE, START, STOP, REBOOT, SNAPSHOT, REVERT, RESIZE, DELETE, REPAIR, MOVE }
