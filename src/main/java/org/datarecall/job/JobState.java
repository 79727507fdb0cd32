package org.datarecall.job;

/** QUEUED until a replica claims it, RUNNING while one holds it, then SUCCEEDED or FAILED for good. */
public enum JobState {
    QUEUED, RUNNING, SUCCEEDED, FAILED;

    public boolean finished() {
        return this == SUCCEEDED || this == FAILED;
    }
}
