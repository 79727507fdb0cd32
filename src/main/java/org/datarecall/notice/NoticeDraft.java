package org.datarecall.notice;

import java.time.Instant;
import java.util.List;
import java.util.UUID;

/**
 * A mail decided and rendered, to be stored in the outbox in the same transaction as the decision.
 * {@code dedupeKey}, when set, makes a second identical decision a no-op.
 */
public record NoticeDraft(UUID id, UUID campaignId, UUID caseId, NoticeKind kind, int round, String dedupeKey,
        List<String> to, List<String> cc, String subject, String bodyText, String bodyHtml, UUID linkTokenId,
        String messageId, Instant createdAt) {
}
