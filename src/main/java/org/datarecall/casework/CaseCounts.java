package org.datarecall.casework;

import org.datarecall.platform.jdbc.DatabaseException;
import org.datarecall.platform.jdbc.Jdbc;
import org.jboss.logging.Logger;

import io.quarkus.scheduler.Scheduled;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * Folds the deltas that dr_case's triggers append (V25) into the counts kept per campaign, so that
 * readers add up few rows. Every replica may fold at once: each takes deltas the others have not
 * locked and moves them in one statement, so a delta is counted once whether a fold commits or not.
 */
@ApplicationScoped
public class CaseCounts {

    private static final Logger LOG = Logger.getLogger(CaseCounts.class);

    /** Deltas moved per statement: a backlog is folded in steps that each hold their locks briefly. */
    static final int FOLD_BATCH = 10_000;

    /**
     * One step: deltas taken (skipping those another fold holds), summed per key and added to the counts
     * in key order (so that two folds wait for each other instead of deadlocking), keys that came to
     * nothing removed. Answers how many deltas were folded.
     */
    private static final String FOLD = """
            WITH moved AS (
                DELETE FROM dr_case_count_delta WHERE ctid = ANY (ARRAY(
                    SELECT ctid FROM dr_case_count_delta LIMIT ? FOR UPDATE SKIP LOCKED))
                RETURNING *),
            summed AS (
                SELECT campaign_id, state, due_hour, sum(cases) AS cases, sum(high_risk) AS high_risk,
                       sum(unreachable) AS unreachable, count(*) AS deltas
                FROM moved GROUP BY 1, 2, 3),
            added AS (  -- runs to the end though nothing reads it, as every data-modifying WITH does
                INSERT INTO dr_case_count AS c (campaign_id, state, due_hour, cases, high_risk, unreachable)
                SELECT campaign_id, state, due_hour, cases, high_risk, unreachable FROM summed
                ORDER BY campaign_id, state, due_hour
                ON CONFLICT (campaign_id, state, due_hour) DO UPDATE SET cases = c.cases + excluded.cases,
                    high_risk = c.high_risk + excluded.high_risk, unreachable = c.unreachable + excluded.unreachable)
            SELECT coalesce(sum(deltas), 0) FROM summed
            """;

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

    /** Folds every delta there is now; answers how many. */
    public long fold() {
        long folded = 0;
        long step;
        do {
            step = jdbc.one(FOLD, rs -> rs.getLong(1), FOLD_BATCH).orElse(0L);
            folded += step;
        } while (step == FOLD_BATCH);
        if (folded > 0) {
            // Keys whose cases all moved on (an hour of deadlines that passed, a state left) are gone.
            // Rows a fold holds are skipped, so this never waits on one (nor deadlocks with it).
            jdbc.update("DELETE FROM dr_case_count WHERE ctid = ANY (ARRAY(SELECT ctid FROM dr_case_count "
                    + "WHERE cases = 0 AND high_risk = 0 AND unreachable = 0 FOR UPDATE SKIP LOCKED))");
        }
        return folded;
    }
}
