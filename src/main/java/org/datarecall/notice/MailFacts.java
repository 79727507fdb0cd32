package org.datarecall.notice;

import java.time.Instant;

/** What a mail reports beyond the case itself: the deadline and round it concerns, and why. */
public record MailFacts(int round, Instant deadline, String reason, String findings, String reminderOffset,
        boolean overdue) {

    public static MailFacts of(int round, Instant deadline) {
        return new MailFacts(round, deadline, null, null, null, false);
    }

    public MailFacts because(String why) {
        return new MailFacts(round, deadline, why, findings, reminderOffset, overdue);
    }

    public MailFacts found(String auditFindings) {
        return new MailFacts(round, deadline, reason, auditFindings, reminderOffset, overdue);
    }

    public MailFacts reminding(String offset, boolean isOverdue) {
        return new MailFacts(round, deadline, reason, findings, offset, isOverdue);
    }
}
