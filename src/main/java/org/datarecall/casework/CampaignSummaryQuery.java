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
import org.datarecall.platform.DatabaseException;
import org.datarecall.platform.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Counts a campaign's cases in one pass (states, overdue and HIGH risk together, so a million-case
 * campaign is read once), and its mail by status from the notices' (campaign, status) index.
 */
@ApplicationScoped
public class CampaignSummaryQuery {

    @Inject
    DataSource dataSource;

    public CampaignSummary summarize(UUID campaignId, Instant now) {
        Map<String, Long> byState = new LinkedHashMap<>();
        for (CaseState state : CaseState.values()) {
            byState.put(state.name(), 0L);
        }
        long total = 0;
        long overdue = 0;
        long highRisk = 0;
        Map<String, Long> notices = new LinkedHashMap<>();
        notices.put("QUEUED", 0L);
        notices.put("SENT", 0L);
        notices.put("FAILED", 0L);
        String cases = "SELECT state, count(*), "
                + "count(*) FILTER (WHERE due_at < ? AND state IN ('DELETION_REQUESTED', 'ESCALATED')), "
                + "count(*) FILTER (WHERE risk_tier = 'HIGH') FROM dr_case WHERE campaign_id = ? GROUP BY state";
        String mail = "SELECT status, count(*) FROM dr_notice WHERE campaign_id = ? GROUP BY status";
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
            try (PreparedStatement ps = con.prepareStatement(mail)) {
                ps.setObject(1, campaignId);
                try (ResultSet rs = ps.executeQuery()) {
                    while (rs.next()) {
                        notices.put(rs.getString(1), rs.getLong(2));
                    }
                }
            }
        } catch (SQLException e) {
            throw new DatabaseException(e);
        }
        return new CampaignSummary(campaignId, total, byState, overdue, highRisk, notices);
    }
}
