package org.datarecall.notice;

import java.time.Instant;

/**
 * What a mail reports beyond the case itself: the deadline and round it concerns, and why; for a
 * delegation, whom the round was handed to.
 */
public record MailFacts(int round, Instant deadline, String reason, String findings, String reminderOffset,
        boolean overdue, String attestationId, String digest, Delegation delegation) {

    /** The colleague a round was handed to, and the contact who handed it. */
    public record Delegation(String name, String email, String from) {
    }

    public static MailFacts of(int round, Instant deadline) {
        return new MailFacts(round, deadline, null, null, null, false, null, null, null);
    }

    public MailFacts because(String why) {
        return new MailFacts(round, deadline, why, findings, reminderOffset, overdue, attestationId, digest, delegation);
    }

    public MailFacts found(String auditFindings) {
        return new MailFacts(round, deadline, reason, auditFindings, reminderOffset, overdue, attestationId, digest,
                delegation);
    }

    public MailFacts reminding(String offset, boolean isOverdue) {
        return new MailFacts(round, deadline, reason, findings, offset, isOverdue, attestationId, digest, delegation);
    }

    /** The receipt of an attestation: its id and the SHA-256 of its canonical form. */
    public MailFacts receipt(String id, String sha256) {
        return new MailFacts(round, deadline, reason, findings, reminderOffset, overdue, id, sha256, delegation);
    }

    public MailFacts delegated(String name, String email, String from) {
        return new MailFacts(round, deadline, reason, findings, reminderOffset, overdue, attestationId, digest,
                new Delegation(name, email, from));
    }
}
