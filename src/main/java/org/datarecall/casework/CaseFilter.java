package org.datarecall.casework;

import java.util.UUID;

import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.RiskTier;

/**
 * The filters of a campaign's case list; null means "any". {@code finding}: cases with a finding of
 * that kind, or with any finding when {@link #ANY_FINDING}.
 */
public record CaseFilter(UUID campaignId, CaseState state, RiskTier riskTier, Boolean overdue, String query,
        String finding, Boolean unreachable) {

    public static final String ANY_FINDING = "ANY";

    public CaseFilter(UUID campaignId, CaseState state, RiskTier riskTier, Boolean overdue, String query) {
        this(campaignId, state, riskTier, overdue, query, null, null);
    }
}
