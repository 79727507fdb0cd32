package org.datarecall.casework;

import java.util.UUID;

import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.RiskTier;

/** The filters of a campaign's case list; null means "any". */
public record CaseFilter(UUID campaignId, CaseState state, RiskTier riskTier, Boolean overdue, String query) {
}
