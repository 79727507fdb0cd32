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


    /**
     * The filter over a campaign's cases; problems go into {@code v} under {@code prefix.field} (the bare field when the prefix is empty). An
     * {@code owner} of {@code me} is {@code me}, the one asking.
     */
    public CaseFilter toFilter(UUID campaignId, String prefix, String me, Violations v) {
        String p = prefix.isEmpty() ? "" : prefix + ".";
        return new CaseFilter(campaignId, v.choice(CaseState.class, p + "state", state, false),
                v.choice(RiskTier.class, p + "riskTier", riskTier, false), overdue,
                CampaignCasesResource.query(q, p + "q", v), CampaignCasesResource.finding(finding, p + "finding", v),
                unreachable, CampaignCasesResource.owner(owner, p + "owner", me, v));
    }
}
