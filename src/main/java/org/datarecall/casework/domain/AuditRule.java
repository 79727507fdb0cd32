package org.datarecall.casework.domain;

/**
 * The part of a campaign's policy that routes attested cases: all audited, none, or a sample.
 *
 * @param sampleRate          share of cases audited under SAMPLE, in [0, 1]
 * @param alwaysAuditHighRisk under SAMPLE, HIGH cases are audited whatever their draw
 */
public record AuditRule(AuditMode mode, double sampleRate, boolean alwaysAuditHighRisk) {
}
