package org.datarecall.casework.domain;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * The rules a campaign gives its HIGH cases instead of the general ones: a deadline, reminders and
 * escalation of their own, evidence files they must send, and how they are audited.
 *
 * @param reminderOffsets  relative to the deadline, in the order they fall due
 * @param minEvidenceFiles files an attestation of a HIGH case must carry
 * @param auditMode        how HIGH cases are audited; null: as the general audit rule says
 */
public record HighRiskRules(Duration attestationWindow, List<Duration> reminderOffsets, Duration escalateAfter,
        int minEvidenceFiles, AuditMode auditMode) {

    public HighRiskRules {
        Objects.requireNonNull(attestationWindow, "attestationWindow");
        Objects.requireNonNull(escalateAfter, "escalateAfter");
        reminderOffsets = List.copyOf(reminderOffsets);
        if (minEvidenceFiles < 0) {
            throw new IllegalArgumentException("minEvidenceFiles must not be negative");
        }
    }
}
