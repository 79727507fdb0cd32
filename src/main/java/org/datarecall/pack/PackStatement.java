package org.datarecall.pack;

import java.sql.Connection;
import java.sql.SQLException;
import java.util.LinkedHashMap;
import java.util.Map;

import org.datarecall.casework.CampaignProgress;
import org.datarecall.casework.domain.FindingKind;
import org.datarecall.evidence.CaseAccessSql;
import org.datarecall.platform.jdbc.Jdbc;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code statement.json}: the figures a public or regulator statement quotes, counted in the database in
 * one pass over the cases and their events. A case counts once per figure: "escalated" is every case
 * that was ever escalated, "audited" every case an audit was asked for; the days to attest run from the
 * first deletion request to the first attestation (median and 90th percentile). A campaign's statement
 * also carries the figures of its progress page ({@link CampaignProgress}).
 */
@ApplicationScoped
public class PackStatement {

    /**
     * One pass over each table instead of a look per case: the events grouped by case, and the platform's
     * records and revocations through {@link CaseAccessSql}. FILTER_* narrow a case's pack to its case.
     */
    private static final String CASES = CaseAccessSql.into("""
            WITH ev AS (
                SELECT e.case_id, bool_or(e.type = 'NOTIFIED') AS notified,
                       bool_or(e.type = 'AUDIT_REQUESTED') AS audited,
                       bool_or(e.type = 'ESCALATED') AS escalated,
                       min(e.at) FILTER (WHERE e.type = 'DELETION_REQUESTED') AS requested_at,
                       min(e.at) FILTER (WHERE e.type = 'ATTESTATION_RECEIVED') AS attested_at
                FROM dr_case_event e WHERE e.campaign_id = :campaign FILTER_EVENTS GROUP BY e.case_id
            ), CASE_ACCESS
            SELECT count(*) AS cases,
                   count(*) FILTER (WHERE ev.notified) AS notified,
                   count(*) FILTER (WHERE c.risk_tier = 'HIGH') AS high,
                   count(*) FILTER (WHERE (REVOKED_AT) IS NOT NULL) AS revoked,
                   count(*) FILTER (WHERE ev.audited) AS audited,
                   count(*) FILTER (WHERE c.state = 'VERIFIED' AND c.verification_basis = 'ATTESTATION') AS by_attestation,
                   count(*) FILTER (WHERE c.state = 'VERIFIED' AND c.verification_basis = 'AUDIT') AS by_audit,
                   count(*) FILTER (WHERE ev.escalated) AS escalated,
                   count(*) FILTER (WHERE c.state = 'ENFORCED') AS enforced,
                   count(*) FILTER (WHERE c.state = 'WITHDRAWN') AS withdrawn,
                   coalesce(sum(rec.users), 0) AS users_affected,
                   percentile_cont(0.5) WITHIN GROUP (
                       ORDER BY extract(epoch FROM ev.attested_at - ev.requested_at) / 86400)
                       FILTER (WHERE ev.attested_at IS NOT NULL AND ev.requested_at IS NOT NULL) AS median_days,
                   percentile_cont(0.9) WITHIN GROUP (
                       ORDER BY extract(epoch FROM ev.attested_at - ev.requested_at) / 86400)
                       FILTER (WHERE ev.attested_at IS NOT NULL AND ev.requested_at IS NOT NULL) AS p90_days
            FROM dr_case c
            LEFT JOIN ev ON ev.case_id = c.id
            LEFT JOIN rec ON rec.case_id = c.id
            LEFT JOIN rev ON rev.case_id = c.id
            WHERE c.campaign_id = :campaign FILTER_CASES
            """);

    public Map<String, Object> figures(Connection con, EvidencePack.Scope scope) throws SQLException {
        String sql = CASES.replace("FILTER_CASES", scope.filter("c.id")).replace("FILTER_EVENTS", scope.filter("e.case_id"))
                .replace(":campaign", "'" + scope.campaignId() + "'::uuid");
        Map<String, Object> figures = new LinkedHashMap<>();
        Jdbc.withoutNestedLoops(con, () -> Jdbc.list(con, sql, rs -> {
            figures.put("cases", rs.getLong("cases"));
            figures.put("developersNotified", rs.getLong("notified"));
            figures.put("highRisk", rs.getLong("high"));
            figures.put("revoked", rs.getLong("revoked"));
            figures.put("audited", rs.getLong("audited"));
            Map<String, Long> verified = new LinkedHashMap<>();
            verified.put("ATTESTATION", rs.getLong("by_attestation"));
            verified.put("AUDIT", rs.getLong("by_audit"));
            figures.put("verifiedByBasis", verified);
            figures.put("escalated", rs.getLong("escalated"));
            figures.put("enforced", rs.getLong("enforced"));
            figures.put("withdrawn", rs.getLong("withdrawn"));
            figures.put("usersAffected", rs.getLong("users_affected"));
            double median = rs.getDouble("median_days");
            figures.put("medianDaysToAttest", rs.wasNull() ? null : Math.round(median * 100) / 100.0);
            double p90 = rs.getDouble("p90_days");
            figures.put("p90DaysToAttest", rs.wasNull() ? null : Math.round(p90 * 100) / 100.0);
            return null;
        }));
        Map<String, Long> findings = new LinkedHashMap<>();
        for (FindingKind kind : FindingKind.values()) {
            findings.put(kind.name(), 0L);
        }
        Jdbc.list(con, "SELECT kind, count(*) FROM dr_finding WHERE campaign_id = ?" + scope.filter("case_id")
                + " GROUP BY kind", rs -> findings.put(rs.getString(1), rs.getLong(2)), scope.campaignId());
        figures.put("findingsByKind", findings);
        figures.put("remindersSent", Jdbc.list(con, "SELECT count(*) FROM dr_notice WHERE campaign_id = ?"
                + scope.filter("case_id") + " AND kind = 'REMINDER' AND status IN ('SENT', 'BOUNCED')", rs -> rs.getLong(1),
                scope.campaignId()).getFirst());
        if (scope.caseId() == null) {
            // The campaign's progress as its pages draw it: cases per state per day, the funnel, attestations
            // per day; its time to attest is the figures above, counted in the one pass over the cases. A
            // case's pack has its own timeline instead.
            figures.put("casesPerStateByDay", CampaignProgress.burnDown(con, scope.campaignId()));
            figures.put("funnel", CampaignProgress.funnel(con, scope.campaignId()));
            figures.put("attestationsPerDay", CampaignProgress.attestationsPerDay(con, scope.campaignId()));
        }
        return figures;
    }
}
