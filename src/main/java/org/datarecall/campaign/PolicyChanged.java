package org.datarecall.campaign;

import java.time.Instant;
import java.util.UUID;

/**
 * A draft campaign's policy changed: its cases' risk tiers follow the new recent-access window. Fired
 * inside the change's transaction; the owner of the case table observes it and rewrites the tiers.
 */
public record PolicyChanged(UUID campaignId, Instant highRiskSince, Instant at) {
}
