package org.datarecall.casework;

import java.util.List;

import org.datarecall.notice.NoticeQueries;
import org.datarecall.platform.jdbc.CountFold;
import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Jdbc;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Folds the counts kept per campaign (V25 for the cases, V26 for their mail) on every replica, every
 * {@code datarecall.counts.fold-interval}: the summary reads counts and deltas together and is exact
 * either way; folding keeps what it adds up down to a few rows per campaign.
 */
@ApplicationScoped
public class CaseCounts {

    private static final Logger LOG = Logger.getLogger(CaseCounts.class);

    /** Cases per (campaign, state, the UTC hour a waiting case falls due in), HIGH risk and unreachable among them. */
    static final CountFold CASES = new CountFold("dr_case_count_delta", "dr_case_count",
            List.of("campaign_id", "state", "due_hour"), List.of("cases", "high_risk", "unreachable"));

    @Inject
    Jdbc jdbc;

    @Scheduled(every = "${datarecall.counts.fold-interval}", identity = "datarecall-counts",
            concurrentExecution = Scheduled.ConcurrentExecution.SKIP)
    void scheduled() {
        try {
            fold();
        } catch (DatabaseException e) {
            // A deadlock or a timeout rolls the step back whole: its deltas wait for the next fold.
            LOG.warn("counts not folded this time", e);
        }
    }

    /** Folds every delta there is now, of cases and of mail; answers how many. */
    public long fold() {
        return CASES.fold(jdbc) + NoticeQueries.COUNTS.fold(jdbc);
    }
}
