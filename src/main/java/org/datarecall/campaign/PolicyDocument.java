package org.datarecall.campaign;

import java.util.List;

/**
 * A campaign's policy as the API reads and writes it, and as it is stored: durations as ISO-8601
 * text. In a request every field is optional and takes its default; {@link Policy} is the checked form.
 */
public record PolicyDocument(
        String attestationWindow,
        List<String> reminderOffsets,
        String escalateAfter,
        String deletionRequestDelay,
        String recentAccessWindow,
        AuditDocument audit,
        Integer maxReRequests,
        HighRiskDocument highRisk) {

    /** A policy without rules of its own for HIGH cases. */
    public PolicyDocument(String attestationWindow, List<String> reminderOffsets, String escalateAfter,
            String deletionRequestDelay, String recentAccessWindow, AuditDocument audit, Integer maxReRequests) {
        this(attestationWindow, reminderOffsets, escalateAfter, deletionRequestDelay, recentAccessWindow, audit,
                maxReRequests, null);
    }

    public record AuditDocument(String mode, Double sampleRate, Boolean alwaysAuditHighRisk) {
    }

    /**
     * What HIGH cases follow instead of the general rules; absent fields take the general policy's value
     * (the audit mode: the general audit rule), {@code minEvidenceFiles} defaults to 1.
     */
    public record HighRiskDocument(String attestationWindow, List<String> reminderOffsets, String escalateAfter,
            Integer minEvidenceFiles, String auditMode) {
    }
}
