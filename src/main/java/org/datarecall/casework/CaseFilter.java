package org.datarecall.casework;

import java.util.UUID;

import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.RiskTier;

/**
 * The filters of a campaign's case list; null means "any". {@code finding}: cases with a finding of
 * that kind, or with any finding when {@link #ANY_FINDING}. {@code owner}: the cases a staff member
 * looks after, or those nobody does when {@link #NOBODY}.
 */
public record CaseFilter(UUID campaignId, CaseState state, RiskTier riskTier, Boolean overdue, String query,
        String finding, Boolean unreachable, String owner) {

    public static final String ANY_FINDING = "ANY";

    /** The owner filter for cases without an owner. */
    public static final String NOBODY = "-";

    public CaseFilter(UUID campaignId, CaseState state, RiskTier riskTier, Boolean overdue, String query) {
        this(campaignId, state, riskTier, overdue, query, null, null, null);
    }

    public CaseFilter(UUID campaignId, CaseState state, RiskTier riskTier, Boolean overdue, String query,
            String finding, Boolean unreachable) {
        this(campaignId, state, riskTier, overdue, query, finding, unreachable, null);
    }
}
