package org.datarecall.job;

import java.time.Instant;
import java.util.UUID;

/**
 * One job as stored. {@code request} and {@code result} are JSON text; {@code unit} says what
 * {@code done} and {@code total} count (bytes of an upload, cases of a bulk action); {@code total} is
 * null until known.
 */
public record Job(UUID id, JobKind kind, UUID campaignId, JobState state, String createdBy, String request,
        String unit, Long total, long done, long changed, long errors, String result, String detail,
        int attempts, Instant createdAt, Instant startedAt, Instant finishedAt) {
}
