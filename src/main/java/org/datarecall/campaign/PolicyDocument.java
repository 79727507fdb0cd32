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
        Integer maxReRequests) {

    public record AuditDocument(String mode, Double sampleRate, Boolean alwaysAuditHighRisk) {
    }
}
