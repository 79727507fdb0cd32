package org.datarecall.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.datarecall.campaign.PolicyDocument.AuditDocument;
import org.datarecall.campaign.PolicyDocument.HighRiskDocument;
import org.datarecall.casework.domain.AuditMode;
import org.datarecall.casework.domain.AuditRule;
import org.datarecall.casework.domain.HighRiskRules;
import org.datarecall.casework.domain.RiskTier;
import org.datarecall.casework.domain.RoundRules;
import org.datarecall.platform.http.Violations;

/** A campaign's checked policy: deadlines, reminders, escalation, risk and audit rules. */
public record Policy(
        Duration attestationWindow,
        List<Duration> reminderOffsets,
        Duration escalateAfter,
        Duration deletionRequestDelay,
        Duration recentAccessWindow,
        AuditMode auditMode,
        double sampleRate,
        boolean alwaysAuditHighRisk,
        int maxReRequests,
        HighRiskRules highRisk) {

    /** A policy whose HIGH cases follow the general rules (apart from {@code alwaysAuditHighRisk}). */
    public Policy(Duration attestationWindow, List<Duration> reminderOffsets, Duration escalateAfter,
            Duration deletionRequestDelay, Duration recentAccessWindow, AuditMode auditMode, double sampleRate,
            boolean alwaysAuditHighRisk, int maxReRequests) {
        this(attestationWindow, reminderOffsets, escalateAfter, deletionRequestDelay, recentAccessWindow, auditMode,
                sampleRate, alwaysAuditHighRisk, maxReRequests, null);
    }

    static final Duration MAX_DURATION = Duration.ofDays(3650);
    static final int MAX_REMINDERS = 20;
    static final int MAX_RE_REQUESTS = 20;
    /** An attestation carries at most this many evidence files, so no policy may ask for more. */
    public static final int MAX_EVIDENCE_FILES = 20;

    public static Policy defaults() {
        return new Policy(Duration.ofDays(30), List.of(Duration.ofDays(-7), Duration.ofDays(-1), Duration.ofDays(3)),
                Duration.ofDays(14), Duration.ZERO, Duration.ofDays(60), AuditMode.SAMPLE, 0.1, true, 2);
    }

    /** The rules of a round of a case of this tier: HIGH cases follow {@code highRisk} when it is given. */
    public RoundRules roundRules(RiskTier tier) {
        if (tier == RiskTier.HIGH && highRisk != null) {
            return new RoundRules(highRisk.attestationWindow(), maxReRequests, highRisk.reminderOffsets(),
                    highRisk.escalateAfter());
        }
        return new RoundRules(attestationWindow, maxReRequests, reminderOffsets, escalateAfter);
    }

    /**
     * How attested cases of this tier are routed. A HIGH block's own audit mode replaces the general
     * one for HIGH cases; its SAMPLE then samples them at the general rate like any case.
     */
    public AuditRule auditRule(RiskTier tier) {
        if (tier == RiskTier.HIGH && highRisk != null && highRisk.auditMode() != null) {
            return new AuditRule(highRisk.auditMode(), sampleRate, false);
        }
        return new AuditRule(auditMode, sampleRate, alwaysAuditHighRisk);
    }

    /** The evidence files an attestation of a case of this tier must carry. */
    public int minEvidenceFiles(RiskTier tier) {
        return tier == RiskTier.HIGH && highRisk != null ? highRisk.minEvidenceFiles() : 0;
    }

    /**
     * Checks a policy document; absent fields take their defaults. Every problem is added to
     * {@code violations} under {@code prefix} (e.g. {@code policy.}); the answer is null when any was found.
     */
    public static Policy from(PolicyDocument doc, String prefix, Violations violations) {
        Policy d = defaults();
        if (doc == null) {
            return d;
        }
        int before = violations.list().size();
        Duration window = duration(doc.attestationWindow(), d.attestationWindow, prefix + "attestationWindow",
                Duration.ofSeconds(1), violations);
        Duration escalate = duration(doc.escalateAfter(), d.escalateAfter, prefix + "escalateAfter",
                Duration.ofSeconds(1), violations);
        Duration delay = duration(doc.deletionRequestDelay(), d.deletionRequestDelay, prefix + "deletionRequestDelay",
                Duration.ZERO, violations);
        Duration recent = duration(doc.recentAccessWindow(), d.recentAccessWindow, prefix + "recentAccessWindow",
                Duration.ofSeconds(1), violations);
        List<Duration> offsets = offsets(doc.reminderOffsets(), d.reminderOffsets, prefix + "reminderOffsets",
                violations);

        AuditDocument audit = doc.audit();
        AuditMode mode = d.auditMode;
        double rate = d.sampleRate;
        boolean highRisk = d.alwaysAuditHighRisk;
        if (audit != null) {
            if (audit.mode() != null) {
                AuditMode chosen = violations.choice(AuditMode.class, prefix + "audit.mode", audit.mode(), true);
                mode = chosen == null ? mode : chosen;
            }
            if (audit.sampleRate() != null) {
                rate = audit.sampleRate();
                if (!(rate >= 0.0 && rate <= 1.0)) {
                    violations.add(prefix + "audit.sampleRate", "must be between 0 and 1");
                }
            }
            if (audit.alwaysAuditHighRisk() != null) {
                highRisk = audit.alwaysAuditHighRisk();
            }
        }
        int reRequests = d.maxReRequests;
        if (doc.maxReRequests() != null) {
            reRequests = doc.maxReRequests();
            if (reRequests < 0 || reRequests > MAX_RE_REQUESTS) {
                violations.add(prefix + "maxReRequests", "must be between 0 and " + MAX_RE_REQUESTS);
            }
        }
        HighRiskRules high = highRisk(doc.highRisk(), window, offsets, escalate, prefix + "highRisk.", violations);
        if (violations.list().size() > before) {
            return null;
        }
        return new Policy(window, offsets, escalate, delay, recent, mode, rate, highRisk, reRequests, high);
    }

    /** The HIGH block, its absent durations taken from the general ones (already checked, or null when bad). */
    private static HighRiskRules highRisk(HighRiskDocument doc, Duration window, List<Duration> offsets,
            Duration escalate, String prefix, Violations violations) {
        if (doc == null) {
            return null;
        }
        int before = violations.list().size();
        Duration highWindow = duration(doc.attestationWindow(), window, prefix + "attestationWindow",
                Duration.ofSeconds(1), violations);
        Duration highEscalate = duration(doc.escalateAfter(), escalate, prefix + "escalateAfter",
                Duration.ofSeconds(1), violations);
        List<Duration> highOffsets = offsets(doc.reminderOffsets(), offsets, prefix + "reminderOffsets", violations);
        int files = 1;
        if (doc.minEvidenceFiles() != null) {
            files = doc.minEvidenceFiles();
            if (files < 0 || files > MAX_EVIDENCE_FILES) {
                violations.add(prefix + "minEvidenceFiles", "must be between 0 and " + MAX_EVIDENCE_FILES);
            }
        }
        AuditMode mode = doc.auditMode() == null ? null
                : violations.choice(AuditMode.class, prefix + "auditMode", doc.auditMode(), true);
        if (violations.list().size() > before || highWindow == null || highEscalate == null || highOffsets == null) {
            return null;
        }
        return new HighRiskRules(highWindow, highOffsets, highEscalate, files, mode);
    }

    public PolicyDocument toDocument() {
        return new PolicyDocument(
                Durations.format(attestationWindow),
                reminderOffsets.stream().map(Durations::format).toList(),
                Durations.format(escalateAfter),
                Durations.format(deletionRequestDelay),
                Durations.format(recentAccessWindow),
                new AuditDocument(auditMode.name(), sampleRate, alwaysAuditHighRisk),
                maxReRequests,
                highRisk == null ? null : new HighRiskDocument(Durations.format(highRisk.attestationWindow()),
                        highRisk.reminderOffsets().stream().map(Durations::format).toList(),
                        Durations.format(highRisk.escalateAfter()), highRisk.minEvidenceFiles(),
                        highRisk.auditMode() == null ? null : highRisk.auditMode().name()));
    }

    private static Duration duration(String text, Duration fallback, String field, Duration min, Violations violations) {
        if (text == null) {
            return fallback;
        }
        Duration value = Durations.parseOrNull(text);
        if (value == null) {
            violations.add(field, "must be an ISO-8601 duration such as P30D or PT12H (no months or years)");
            return null;
        }
        if (value.compareTo(min) < 0 || value.compareTo(MAX_DURATION) > 0) {
            violations.add(field, "must be between " + Durations.format(min) + " and P3650D");
            return null;
        }
        return value;
    }

    private static List<Duration> offsets(List<String> texts, List<Duration> fallback, String field,
            Violations violations) {
        if (texts == null) {
            return fallback;
        }
        if (texts.size() > MAX_REMINDERS) {
            violations.add(field, "must have at most " + MAX_REMINDERS + " entries");
            return null;
        }
        List<Duration> offsets = new ArrayList<>();
        Set<Duration> seen = new HashSet<>();
        for (int i = 0; i < texts.size(); i++) {
            Duration value = Durations.parseOrNull(texts.get(i));
            String entry = field + "[" + i + "]";
            if (value == null) {
                violations.add(entry, "must be an ISO-8601 duration such as -P7D or P3D (no months or years)");
            } else if (value.abs().compareTo(MAX_DURATION) > 0) {
                violations.add(entry, "must be between -P3650D and P3650D");
            } else if (!seen.add(value)) {
                violations.add(entry, "repeats an earlier offset");
            } else {
                offsets.add(value);
            }
        }
        offsets.sort(null);
        return List.copyOf(offsets);
    }
}
