package org.datarecall.casework;

import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.casework.domain.CaseState;
import org.datarecall.casework.domain.FindingKind;
import org.datarecall.notice.NoticeQueries;
import org.datarecall.platform.jdbc.Jdbc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts a campaign's cases in one pass (states, overdue and HIGH risk together, so a million-case
 * campaign is read once), and its mail by status from the outbox.
 */
@ApplicationScoped
public class CampaignSummaryQuery {

    @Inject
    Jdbc jdbc;

    @Inject
    NoticeQueries notices;

    private record StateCounts(String state, long cases, long overdue, long highRisk) {
    }

    public CampaignSummary summarize(UUID campaignId, Instant now) {
        List<StateCounts> counts = jdbc.list("SELECT state, count(*), "
                + "count(*) FILTER (WHERE due_at < ? AND state IN ('DELETION_REQUESTED', 'ESCALATED')), "
                + "count(*) FILTER (WHERE risk_tier = 'HIGH') FROM dr_case WHERE campaign_id = ? GROUP BY state",
                rs -> new StateCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4)), now, campaignId);
        Map<String, Long> byState = new LinkedHashMap<>();
        for (CaseState state : CaseState.values()) {
            byState.put(state.name(), 0L);
        }
        long total = 0;
        long overdue = 0;
        long highRisk = 0;
        for (StateCounts c : counts) {
            byState.put(c.state(), c.cases());
            total += c.cases();
            overdue += c.overdue();
            highRisk += c.highRisk();
        }
        return new CampaignSummary(campaignId, total, byState, overdue, highRisk, notices.countByStatus(campaignId),
                findings(campaignId), jdbc.one("SELECT count(*) FROM dr_case WHERE campaign_id = ? AND unreachable",
                        rs -> rs.getLong(1), campaignId).orElse(0L));
    }

    /** Cases per kind of finding, from the findings' own index. */
    public Map<String, Long> findings(UUID campaignId) {
        Map<String, Long> byKind = new LinkedHashMap<>();
        for (FindingKind kind : FindingKind.values()) {
            byKind.put(kind.name(), 0L);
        }
        jdbc.list("SELECT kind, count(*) FROM dr_finding WHERE campaign_id = ? GROUP BY kind",
                rs -> byKind.put(rs.getString(1), rs.getLong(2)), campaignId);
        return byKind;
    }
}
