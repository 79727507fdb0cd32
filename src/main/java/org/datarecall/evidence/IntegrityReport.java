package org.datarecall.evidence;

import java.util.UUID;

/** The answer of an integrity check: {@code firstBrokenEvent} is null when every chain verifies. */
public record IntegrityReport(boolean verified, long eventsChecked, BrokenEvent firstBrokenEvent) {

    public record BrokenEvent(UUID caseId, int seq) {
    }
}
