package org.datarecall.dashboard;

import java.util.ArrayList;
import java.util.List;

import org.datarecall.campaign.Campaign;
import org.datarecall.casework.CampaignSummary;

/** One campaign on the overview: its counts and the bar of its states. */
public record CampaignRow(Campaign campaign, CampaignSummary summary) {

    /** Mail the relay refused for good, which a manager may send again. */
    public long failedMail() {
        return summary.notices().getOrDefault("FAILED", 0L);
    }

    /** The funnel first, then the ways out of it. */
    static final List<String> ORDER = List.of("PENDING", "NOTIFIED", "DELETION_REQUESTED", "ATTESTED", "AUDIT_PENDING",
            "VERIFIED", "ESCALATED", "ENFORCED", "WITHDRAWN");

    public record Segment(String state, long count, double percent) {
        public String label() {
            return state.replace('_', ' ').toLowerCase(java.util.Locale.ROOT);
        }
    }

    public List<Segment> segments() {
        List<Segment> list = new ArrayList<>();
        for (String state : ORDER) {
            long n = summary.byState().getOrDefault(state, 0L);
            if (n > 0) {
                list.add(new Segment(state, n, summary.total() == 0 ? 0 : 100.0 * n / summary.total()));
            }
        }
        return list;
    }

    public long queued() {
        return summary.notices().getOrDefault("QUEUED", 0L);
    }

    /** Cases with a finding of any kind (a case with two kinds counts twice). */
    public long findings() {
        return summary.findings() == null ? 0 : summary.findings().values().stream().mapToLong(Long::longValue).sum();
    }

    public long failed() {
        return summary.notices().getOrDefault("FAILED", 0L);
    }
}
