package org.datarecall.casework;

import java.util.Map;
import java.util.UUID;

/**
 * Where a campaign stands: every state with its count (zeros included), overdue, HIGH risk, mail, and
 * the cases with each kind of finding (zeros included; terminal cases count), and the cases whose mail bounced.
 */
public record CampaignSummary(UUID campaignId, long total, Map<String, Long> byState, long overdue, long highRisk,
        Map<String, Long> notices, Map<String, Long> findings, long unreachable) {
}
