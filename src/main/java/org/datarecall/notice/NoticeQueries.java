package org.datarecall.notice;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;

import org.datarecall.platform.jdbc.CountFold;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/** What others read of the outbox: a case's mails, a campaign's mail by status. */
@ApplicationScoped
public class NoticeQueries {

    /** A campaign's mail per status, kept as V26 keeps it (folded by casework.CaseCounts). */
    public static final CountFold COUNTS = new CountFold("dr_notice_count_delta", "dr_notice_count",
            List.of("campaign_id", "status"), List.of("notices"));

    @Inject
    Jdbc jdbc;

    public List<NoticeView> ofCase(UUID caseId) {
        return jdbc.list("SELECT id, kind, status, to_addresses, created_at, sent_at, attempts, last_error, "
                + "bounce_status, bounce_diagnostic FROM dr_notice WHERE case_id = ? ORDER BY id",
                rs -> new NoticeView(SqlValues.uuid(rs, "id"), rs.getString("kind"), rs.getString("status"),
                        SqlValues.strings(rs, "to_addresses"), SqlValues.instant(rs, "created_at"),
                        SqlValues.instant(rs, "sent_at"), rs.getInt("attempts"), rs.getString("last_error"),
                        rs.getString("bounce_status"), rs.getString("bounce_diagnostic")),
                caseId);
    }

    /** Every status with its count (zero included), from the counts kept per campaign (V26). */
    public Map<String, Long> countByStatus(UUID campaignId) {
        Map<String, Long> counts = new LinkedHashMap<>();
        counts.put("QUEUED", 0L);
        counts.put("SENT", 0L);
        counts.put("FAILED", 0L);
        counts.put("BOUNCED", 0L);
        for (Map.Entry<String, Long> row : jdbc.list("SELECT status, sum(notices) FROM dr_notice_count_now "
                + "WHERE campaign_id = ? GROUP BY status HAVING sum(notices) <> 0", rs -> Map.entry(rs.getString(1), rs.getLong(2)), campaignId)) {
            counts.put(row.getKey(), row.getValue());
        }
        return counts;
    }
}
