package org.datarecall.casework.domain;

import java.time.Instant;
import java.util.Objects;

/**
 * The part of a case the state machine decides on.
 *
 * @param round             the deletion-request round, 0 before the first request
 * @param dueAt             the attestation deadline of the current round, null before the first request
 * @param verificationBasis set once the case is VERIFIED
 * @param roundSpent        the round ended in a rejection with no round left (the case escalated):
 *                          it takes no attestation until a manager's extension opens the next one
 */
public record CaseSnapshot(CaseState state, int round, Instant dueAt, VerificationBasis verificationBasis,
        boolean roundSpent) {

    public CaseSnapshot {
        Objects.requireNonNull(state, "state");
        if (round < 0) {
            throw new IllegalArgumentException("round must not be negative");
        }
    }

    public static CaseSnapshot opened() {
        return new CaseSnapshot(CaseState.PENDING, 0, null, null, false);
    }

    public boolean isOverdue(Instant now) {
        return dueAt != null
                && (state == CaseState.DELETION_REQUESTED || state == CaseState.ESCALATED)
                && dueAt.isBefore(now);
    }
}
