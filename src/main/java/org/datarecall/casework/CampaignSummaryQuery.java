package org.datarecall.casework;

import java.time.Instant;
import java.time.temporal.ChronoUnit;
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
 * Where a campaign stands, from the counts kept per campaign (V25) rather than its cases: states, HIGH
 * risk, unreachable and the overdue hours add up a few rows whether the campaign has a hundred cases or
 * a million; only the current hour's deadlines are counted from the cases themselves. Mail by status
 * comes from the outbox.
 */
@ApplicationScoped
public class CampaignSummaryQuery {

    @Inject
    Jdbc jdbc;

    @Inject
    NoticeQueries notices;

    private record StateCounts(String state, long cases, long overdueHours, long highRisk, long unreachable) {
    }

    public CampaignSummary summarize(UUID campaignId, Instant now) {
        Instant hour = now.truncatedTo(ChronoUnit.HOURS);
        List<StateCounts> counts = jdbc.list("SELECT state, sum(cases), "
                + "coalesce(sum(cases) FILTER (WHERE due_hour > '-infinity' AND due_hour < ?), 0), "
                + "sum(high_risk), sum(unreachable) FROM dr_case_count_now WHERE campaign_id = ? GROUP BY state",
                rs -> new StateCounts(rs.getString(1), rs.getLong(2), rs.getLong(3), rs.getLong(4), rs.getLong(5)),
                hour, campaignId);
        Map<String, Long> byState = new LinkedHashMap<>();
        for (CaseState state : CaseState.values()) {
            byState.put(state.name(), 0L);
        }
        long total = 0;
        long overdue = overdueThisHour(campaignId, hour, now);
        long highRisk = 0;
        long unreachable = 0;
        for (StateCounts c : counts) {
            byState.put(c.state(), c.cases());
            total += c.cases();
            overdue += c.overdueHours();
            highRisk += c.highRisk();
            unreachable += c.unreachable();
        }
        return new CampaignSummary(campaignId, total, byState, overdue, highRisk, notices.countByStatus(campaignId),
                findings(campaignId), unreachable);
    }

    /** Cases waiting on the developer whose deadline passed within the current hour (dr_case_due_order_idx). */
    private long overdueThisHour(UUID campaignId, Instant hour, Instant now) {
        if (!now.isAfter(hour)) {
            return 0;
        }
        return jdbc.one("SELECT count(*) FROM dr_case WHERE campaign_id = ? "
                + "AND COALESCE(due_at, 'infinity'::timestamptz) >= ? AND COALESCE(due_at, 'infinity'::timestamptz) < ? "
                + "AND state IN ('DELETION_REQUESTED', 'ESCALATED')", rs -> rs.getLong(1), campaignId, hour, now)
                .orElse(0L);
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
