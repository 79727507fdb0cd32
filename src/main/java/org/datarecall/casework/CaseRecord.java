package org.datarecall.casework;

import java.time.Instant;
import java.util.UUID;

import org.datarecall.casework.domain.CaseSnapshot;
import org.datarecall.casework.domain.CaseTimers;
import org.datarecall.casework.domain.RiskTier;

/**
 * A case row as stored: the snapshot the state machine decides on, its chain head and its timers;
 * {@code unreachable} when a mail to the developer bounced; {@code parentCaseId} and {@code onwardFrom}
 * (the name of the developer that shared the data) for a sub-case: a third party the data was passed on to;
 * {@code owner}: the staff member looking after it, or null.
 */
public record CaseRecord(UUID id, UUID campaignId, Developer developer, RiskTier riskTier, CaseSnapshot snapshot,
        long version, Instant createdAt, Instant updatedAt, ChainHead head, CaseTimers timers, boolean unreachable,
        UUID parentCaseId, String onwardFrom, String owner) {
}
