package lv.pasvaldibas.provisioning.job;

public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
