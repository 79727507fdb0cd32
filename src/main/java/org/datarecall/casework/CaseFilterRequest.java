package org.datarecall.casework;

import java.util.UUID;

import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.RiskTier;
import org.datarecall.platform.http.Violations;

/**
 * The case list's filters as a JSON body carries them (a follow-up's, a bulk action's); every one is
 * optional, and none at all means every case of the campaign.
 */
public record CaseFilterRequest(String state, String riskTier, Boolean overdue, String q, String finding,
        Boolean unreachable, String owner) {

    public static final CaseFilterRequest ANY = new CaseFilterRequest(null, null, null, null, null, null, null);

    public CaseFilterRequest(String state, String riskTier, Boolean overdue, String q, String finding,
            Boolean unreachable) {
        this(state, riskTier, overdue, q, finding, unreachable, null);
    }

    /**
     * The filter over a campaign's cases; problems go into {@code v} under {@code prefix.field}. An
     * {@code owner} of {@code me} is {@code me}, the one asking.
     */
    public CaseFilter toFilter(UUID campaignId, String prefix, String me, Violations v) {
        return new CaseFilter(campaignId, v.choice(CaseState.class, prefix + ".state", state, false),
                v.choice(RiskTier.class, prefix + ".riskTier", riskTier, false), overdue,
                CampaignCasesResource.query(q, prefix + ".q", v), CampaignCasesResource.finding(finding, prefix + ".finding", v),
                unreachable, CampaignCasesResource.owner(owner, prefix + ".owner", me, v));
    }
}
