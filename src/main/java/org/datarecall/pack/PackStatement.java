package org.datarecall.pack;

import java.sql.Connection;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.LinkedHashMap;
import java.util.Map;

import org.datarecall.casework.CampaignProgress;
import org.datarecall.casework.domain.FindingKind;
import org.datarecall.evidence.CaseReport;
import org.datarecall.platform.jdbc.Jdbc;

import jakarta.enterprise.context.ApplicationScoped;

/**
 * {@code statement.json}: the figures a public or regulator statement quotes. The per-case figures are
 * counted from the pack's report as it is read ({@link Tally}): one pass over the cases and their events
 * serves both files. A case counts once per figure: "escalated" is every case that was ever escalated,
 * "audited" every case an audit was asked for; the days to attest run from the first deletion request to
 * the first attestation (median and 90th percentile, interpolated as PostgreSQL's {@code percentile_cont}
 * does). A campaign's statement also carries the figures of its progress page ({@link CampaignProgress}).
 */
@ApplicationScoped
public class PackStatement {

    /** The per-case figures, told each row of the pack's report. */
    public static final class Tally implements CaseReport.RowTally {
        private static final int NOTIFIED_AT = CaseReport.column("notifiedAt");
        private static final int RISK_TIER = CaseReport.column("riskTier");
        private static final int REVOKED_AT = CaseReport.column("revokedAt");
        private static final int STATE = CaseReport.column("state");
        private static final int BASIS = CaseReport.column("verificationBasis");
        private static final int USERS = CaseReport.column("usersAffected");

        long cases;
        long notified;
        long high;
        long revoked;
        long audited;
        long byAttestation;
        long byAudit;
        long escalated;
        long enforced;
        long withdrawn;
        long users;
        private double[] days = new double[256];
        private int attested;

        @Override
        public void row(ResultSet rs) throws SQLException {
            cases++;
            if (rs.getObject(NOTIFIED_AT) != null) {
                notified++;
            }
            if ("HIGH".equals(rs.getString(RISK_TIER))) {
                high++;
            }
            if (rs.getObject(REVOKED_AT) != null) {
                revoked++;
            }
            if (rs.getBoolean(CaseReport.AUDITED)) {
                audited++;
            }
            if (rs.getBoolean(CaseReport.ESCALATED)) {
                escalated++;
            }
            switch (rs.getString(STATE)) {
                case "VERIFIED" -> {
                    String basis = rs.getString(BASIS);
                    if ("ATTESTATION".equals(basis)) {
                        byAttestation++;
                    } else if ("AUDIT".equals(basis)) {
                        byAudit++;
                    }
                }
                case "ENFORCED" -> enforced++;
                case "WITHDRAWN" -> withdrawn++;
                default -> {
                }
            }
            users += rs.getLong(USERS);
            double d = rs.getDouble(CaseReport.DAYS_TO_ATTEST);
            if (!rs.wasNull()) {
                attested(d);
            }
        }

        /** A case that attested, {@code days} after its first deletion request. */
        void attested(double days) {
            if (attested == this.days.length) {
                this.days = Arrays.copyOf(this.days, attested * 2);
            }
            this.days[attested++] = days;
        }

        /** The {@code p} quantile of the days to attest, rounded to hundredths; null when no case attested. */
        Double daysToAttest(double p) {
            if (attested == 0) {
                return null;
            }
            double[] sorted = Arrays.copyOf(days, attested);
            Arrays.sort(sorted);
            double at = p * (attested - 1);
            int below = (int) Math.floor(at);
            double value = sorted[below];
            if (below + 1 < attested && at > below) {
                value += (sorted[below + 1] - value) * (at - below);
            }
            return Math.round(value * 100) / 100.0;
        }
    }

    /** The statement from the figures counted in the pack's report, and the rest read on {@code con}. */
    public Map<String, Object> figures(Connection con, EvidencePack.Scope scope, Tally tally) throws SQLException {
        Map<String, Object> figures = new LinkedHashMap<>();
        figures.put("cases", tally.cases);
        figures.put("developersNotified", tally.notified);
        figures.put("highRisk", tally.high);
        figures.put("revoked", tally.revoked);
        figures.put("audited", tally.audited);
        Map<String, Long> verified = new LinkedHashMap<>();
        verified.put("ATTESTATION", tally.byAttestation);
        verified.put("AUDIT", tally.byAudit);
        figures.put("verifiedByBasis", verified);
        figures.put("escalated", tally.escalated);
        figures.put("enforced", tally.enforced);
        figures.put("withdrawn", tally.withdrawn);
        figures.put("usersAffected", tally.users);
        figures.put("medianDaysToAttest", tally.daysToAttest(0.5));
        figures.put("p90DaysToAttest", tally.daysToAttest(0.9));
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
