package org.datarecall.job;

import java.util.UUID;

/** The claim a replica holds on a job: its owner id, checked by every write the job's work makes. */
public record JobLease(UUID jobId, String owner) {
}
