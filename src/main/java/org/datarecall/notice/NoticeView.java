package org.datarecall.notice;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A mail of a case, as listed under {@code GET /cases/{id}/notices}: where it went, and what became of
 * it — the mail server's last answer while it is retried or once it FAILED, its report once it BOUNCED.
 */
public record NoticeView(UUID id, String kind, String status, List<String> to, Instant createdAt, Instant sentAt,
        int attempts, String lastError, String bounceStatus, String bounceDiagnostic) {
}
