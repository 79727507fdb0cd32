package org.datarecall.job;

import java.time.Instant;
import java.util.UUID;

import com.fasterxml.jackson.annotation.JsonRawValue;

/**
 * A job as the API shows it. {@code done} and {@code total} count {@code unit}s (an import's bytes, a
 * bulk action's cases; {@code total} is null until known); {@code changed} is how many cases changed,
 * {@code errors} how many problems {@code GET /jobs/{id}/errors} lists; {@code result} is what a
 * finished job answers (an import's counts), {@code detail} why a job failed as a whole.
 */
public record JobView(UUID id, JobKind kind, UUID campaignId, JobState state, String unit, Long total, long done,
        long changed, long errors, Integer percent, @JsonRawValue String result, String detail, String createdBy, int attempts,
        Instant createdAt, Instant startedAt, Instant finishedAt) {

    public static JobView of(Job j) {
        return new JobView(j.id(), j.kind(), j.campaignId(), j.state(), j.unit(), j.total(), j.done(), j.changed(),
                j.errors(), percent(j), j.result(), j.detail(), j.createdBy(), j.attempts(), j.createdAt(), j.startedAt(),
                j.finishedAt());
    }

    /** How far it is, 0 to 100; null while the total is unknown. */
    static Integer percent(Job j) {
        if (j.state() == JobState.SUCCEEDED) {
            return 100;
        }
        if (j.total() == null || j.total() == 0) {
            return null;
        }
        return (int) Math.min(100, j.done() * 100 / j.total());
    }
}
