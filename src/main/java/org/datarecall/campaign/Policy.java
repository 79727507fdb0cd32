package org.datarecall.campaign;

import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

import org.datarecall.campaign.PolicyDocument.AuditDocument;
import org.datarecall.casework.domain.AuditMode;
import org.datarecall.casework.domain.AuditRule;
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
        int maxReRequests) {

    static final Duration MAX_DURATION = Duration.ofDays(3650);
    static final int MAX_REMINDERS = 20;
    static final int MAX_RE_REQUESTS = 20;

    public static Policy defaults() {
        return new Policy(Duration.ofDays(30), List.of(Duration.ofDays(-7), Duration.ofDays(-1), Duration.ofDays(3)),
                Duration.ofDays(14), Duration.ZERO, Duration.ofDays(60), AuditMode.SAMPLE, 0.1, true, 2);
    }

    public RoundRules roundRules() {
        return new RoundRules(attestationWindow, maxReRequests, reminderOffsets, escalateAfter);
    }

    public AuditRule auditRule() {
        return new AuditRule(auditMode, sampleRate, alwaysAuditHighRisk);
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
        if (violations.list().size() > before) {
            return null;
        }
        return new Policy(window, offsets, escalate, delay, recent, mode, rate, highRisk, reRequests);
    }

    public PolicyDocument toDocument() {
        return new PolicyDocument(
                Durations.format(attestationWindow),
                reminderOffsets.stream().map(Durations::format).toList(),
                Durations.format(escalateAfter),
                Durations.format(deletionRequestDelay),
                Durations.format(recentAccessWindow),
                new AuditDocument(auditMode.name(), sampleRate, alwaysAuditHighRisk),
                maxReRequests);
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
