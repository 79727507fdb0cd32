package org.datarecall.casework;

import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Instant;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.UUID;

import javax.sql.DataSource;

import org.datarecall.casework.domain.CaseState;
import org.datarecall.notice.NoticeQueries;
import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts a campaign's cases in one pass (states, overdue and HIGH risk together, so a million-case
 * campaign is read once), and its mail by status from the outbox.
 */
@ApplicationScoped
public class CampaignSummaryQuery {

    @Inject
    DataSource dataSource;

    @Inject
    NoticeQueries notices;

    public CampaignSummary summarize(UUID campaignId, Instant now) {
        Map<String, Long> byState = new LinkedHashMap<>();
        for (CaseState state : CaseState.values()) {
            byState.put(state.name(), 0L);
        }
        long total = 0;
        long overdue = 0;
        long highRisk = 0;
        String cases = "SELECT state, count(*), "
                + "count(*) FILTER (WHERE due_at < ? AND state IN ('DELETION_REQUESTED', 'ESCALATED')), "
                + "count(*) FILTER (WHERE risk_tier = 'HIGH') FROM dr_case WHERE campaign_id = ? GROUP BY state";
        try (Connection con = dataSource.getConnection()) {
            try (PreparedStatement ps = con.prepareStatement(cases)) {
                SqlValues.setInstant(ps, 1, now);
                ps.setObject(2, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        byState.put(rs.getString(1), rs.getLong(2));
                        total += rs.getLong(2);
                        overdue += rs.getLong(3);
                        highRisk += rs.getLong(4);
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
        return new CampaignSummary(campaignId, total, byState, overdue, highRisk, notices.countByStatus(campaignId));
    }
}
