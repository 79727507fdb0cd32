package org.datarecall.casework;

import java.time.Instant;
import java.util.List;

/**
 * What the platform's records say about a case. The records are daily, so the access times are the
 * start (UTC) of the first and last day with calls; {@code usersAffected} is the largest daily figure;
 * {@code revokedAt} the latest revocation of the case's apps, null until every app is revoked.
 */
public record AccessFacts(Instant firstAccessAt, Instant lastRecordedAccessAt, Long usersAffected, Instant revokedAt,
        List<String> findings) {

    public static final AccessFacts NONE = new AccessFacts(null, null, null, null, List.of());
}
