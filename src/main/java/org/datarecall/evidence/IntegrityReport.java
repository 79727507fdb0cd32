package org.datarecall.evidence;

import java.time.Instant;
import java.util.UUID;

/**
 * The answer of an integrity check: {@code firstBrokenEvent} is null when every chain verifies and
 * agrees with the latest signed checkpoint ({@code checkpoint}, null before the first).
 */
public record IntegrityReport(boolean verified, long eventsChecked, BrokenEvent firstBrokenEvent,
        CheckedCheckpoint checkpoint) {

    /** Why an event is reported. */
    public enum Reason {
        /** The chain does not recompute: a hash, a link, a gap, or events missing at its end. */
        CHAIN,
        /** The chain recomputes, but the event at the checkpointed seq is not the one the checkpoint signed. */
        CHECKPOINT_MISMATCH,
        /** The latest checkpoint's signature does not verify under its key (no case named). */
        CHECKPOINT_SIGNATURE
    }

    public record BrokenEvent(UUID caseId, int seq, Reason reason) {
    }

    /** The checkpoint the heads were compared with, and whether its signature verified. */
    public record CheckedCheckpoint(UUID id, Instant at, long cases, String keyId, boolean signatureValid) {
    }

    IntegrityReport withCheckpoint(CheckedCheckpoint checked) {
        return new IntegrityReport(verified, eventsChecked, firstBrokenEvent, checked);
    }
}
