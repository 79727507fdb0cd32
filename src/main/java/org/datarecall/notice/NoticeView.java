package org.datarecall.notice;

import java.time.Instant;
import java.util.UUID;

/** A mail of a case, as listed under {@code GET /cases/{id}/notices}. */
public record NoticeView(UUID id, String kind, String status, Instant createdAt) {
}
