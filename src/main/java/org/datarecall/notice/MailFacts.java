package org.datarecall.notice;

import java.time.Instant;

/** What a mail reports beyond the case itself: the deadline and round it concerns, and why. */
public record MailFacts(int round, Instant deadline, String reason, String findings, String reminderOffset,
        boolean overdue, String attestationId, String digest) {

    public static MailFacts of(int round, Instant deadline) {
        return new MailFacts(round, deadline, null, null, null, false, null, null);
    }

    public MailFacts because(String why) {
        return new MailFacts(round, deadline, why, findings, reminderOffset, overdue, attestationId, digest);
    }

    public MailFacts found(String auditFindings) {
        return new MailFacts(round, deadline, reason, auditFindings, reminderOffset, overdue, attestationId, digest);
    }

    public MailFacts reminding(String offset, boolean isOverdue) {
        return new MailFacts(round, deadline, reason, findings, offset, isOverdue, attestationId, digest);
    }

    /** The receipt of an attestation: its id and the SHA-256 of its canonical form. */
    public MailFacts receipt(String id, String sha256) {
        return new MailFacts(round, deadline, reason, findings, reminderOffset, overdue, id, sha256);
    }
}
