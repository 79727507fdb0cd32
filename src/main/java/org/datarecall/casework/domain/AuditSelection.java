package org.datarecall.casework.domain;

import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.Locale;
import java.util.UUID;

/**
 * Decides whether an attested case is audited, by a rule anyone can re-run. In SAMPLE mode a
 * STANDARD case (or a HIGH one when {@code alwaysAuditHighRisk} is off) is selected when its
 * draw is below {@code sampleRate}; the draw is the first 8 bytes of
 * SHA-256("{campaignId}:{caseId}") read as an unsigned big-endian integer, shifted right by 11
 * bits and divided by 2^53 — a number in [0, 1) that depends on nothing but the two ids.
 */
public final class AuditSelection {

    /** The decision and the rule that gave it, as the case history records it. */
    public record Selection(boolean audit, String rule) {
    }

    private AuditSelection() {
    }

    public static Selection decide(AuditRule policy, UUID campaignId, UUID caseId, RiskTier tier) {
        if (policy.mode() == AuditMode.ALL) {
            return new Selection(true, "audit mode ALL");
        }
        if (policy.mode() == AuditMode.NONE) {
            return new Selection(false, "audit mode NONE");
        }
        if (tier == RiskTier.HIGH && policy.alwaysAuditHighRisk()) {
            return new Selection(true, "HIGH risk is always audited");
        }
        double draw = draw(campaignId, caseId);
        boolean selected = draw < policy.sampleRate();
        return new Selection(selected, String.format(Locale.ROOT, "sample: draw %.6f %s rate %s", draw,
                selected ? "<" : ">=", policy.sampleRate()));
    }

    public static double draw(UUID campaignId, UUID caseId) {
        try {
            byte[] digest = MessageDigest.getInstance("SHA-256")
                    .digest((campaignId + ":" + caseId).getBytes(StandardCharsets.UTF_8));
            long bits = ByteBuffer.wrap(digest, 0, 8).getLong() >>> 11;
            return bits * 0x1.0p-53;
        } catch (NoSuchAlgorithmException e) {
            throw new IllegalStateException("every JVM has SHA-256", e);
        }
    }
}
