package org.datarecall.job;

/**
 * Runs the jobs of one kind. {@link #run} is called by the replica holding the job, again by another
 * replica when the first one died, so it must go on from what is committed and never do a piece twice:
 * each piece of work commits together with the job's progress ({@link JobStore#progress}), under the
 * job's row lock ({@link JobStore#lockHeld}).
 */
public interface JobHandler {

    JobKind kind();

    /** Does the job's work until it is finished ({@link JobStore#finish}) or the lease is lost. */
    void run(Job job, JobLease lease);
}
