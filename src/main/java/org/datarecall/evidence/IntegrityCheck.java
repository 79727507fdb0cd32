package org.datarecall.evidence;

import java.util.List;
import java.util.UUID;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.Future;

import org.datarecall.evidence.IntegrityReport.Reason;
import org.datarecall.platform.jdbc.Jdbc;

import io.quarkus.narayana.jta.runtime.TransactionConfiguration;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * Recomputes every event chain of a campaign in one ordered pass inside the database. An event is
 * broken when its hash is not the hash of its content and previous hash, when its previous hash is
 * not the hash of the event before it, when its sequence number skips, or when it is the last stored
 * event of its case but not the case's recorded chain head (events removed from the end).
 * The first broken event is the lowest (case id, seq). When every chain recomputes, the heads are
 * compared with the latest signed checkpoint ({@link CheckpointCheck}): a history rewritten with every
 * hash recomputed recomputes fine, but no longer gives the signed heads.
 */
@ApplicationScoped
public class IntegrityCheck {

    private static final String GENESIS = "'\\x" + "00".repeat(32) + "'::bytea";

    private static final String CHECK = """
            WITH chain AS (
                SELECT e.case_id, e.seq,
                       e.hash <> dr_event_hash(e.prev_hash, e.case_id, e.seq, e.type, e.from_state, e.to_state,
                                               e.actor, e.at, e.data)
                       OR e.prev_hash <> coalesce(lag(e.hash) OVER w, GENESIS)
                       OR e.seq <> coalesce(lag(e.seq) OVER w, 0) + 1
                       OR (lead(e.seq) OVER w IS NULL AND (e.seq <> c.event_count OR e.hash <> c.last_event_hash))
                       AS broken
                FROM dr_case_event e JOIN dr_case c ON c.id = e.case_id
                WHERE e.campaign_id = ?
                WINDOW w AS (PARTITION BY e.case_id ORDER BY e.seq)
            )
            SELECT count(*) AS checked,
                   (array_agg(case_id ORDER BY case_id, seq) FILTER (WHERE broken))[1] AS broken_case,
                   (array_agg(seq ORDER BY case_id, seq) FILTER (WHERE broken))[1] AS broken_seq,
                   (SELECT coalesce(sum(event_count), 0) FROM dr_case WHERE campaign_id = ?) AS recorded
            FROM chain
            """.replace("GENESIS", GENESIS);

    /** Only when counts disagree and no chain is broken: a case lost all its events. Find it. */
    private static final String EMPTY_CHAIN = """
            SELECT c.id FROM dr_case c
            WHERE c.campaign_id = ? AND NOT EXISTS (
                SELECT 1 FROM dr_case_event e WHERE e.campaign_id = c.campaign_id AND e.case_id = c.id)
            ORDER BY c.id LIMIT 1
            """;

    @Inject
    Jdbc jdbc;

    @Inject
    CheckpointCheck checkpoints;

    /** What the one pass found: events checked, events the case heads record, the first broken event. */
    private record Pass(long checked, long recorded, UUID brokenCase, int brokenSeq) {
    }

    @Transactional
    @TransactionConfiguration(timeout = 3600)
    public IntegrityReport check(UUID campaignId) {
        Future<CheckpointCheck.Outcome> compared = checkpoints.start(campaignId);
        IntegrityReport chains = jdbc.withConnection(con -> {
            // One consistent snapshot for both reads, and room to hash-join a million case heads in memory.
            Jdbc.update(con, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            Jdbc.longWork(con);
            Pass pass = Jdbc.list(con, CHECK, rs -> new Pass(rs.getLong("checked"), rs.getLong("recorded"),
                    rs.getObject("broken_case", UUID.class), rs.getInt("broken_seq")), campaignId, campaignId)
                    .getFirst();
            if (pass.brokenCase() != null) {
                return broken(pass.checked(), pass.brokenCase(), pass.brokenSeq(), Reason.CHAIN);
            }
            if (pass.checked() != pass.recorded()) {
                List<UUID> empty = Jdbc.list(con, EMPTY_CHAIN, rs -> rs.getObject(1, UUID.class), campaignId);
                return empty.isEmpty() ? new IntegrityReport(false, pass.checked(), null, null)
                        : broken(pass.checked(), empty.getFirst(), 1, Reason.CHAIN);
            }
            return new IntegrityReport(true, pass.checked(), null, null);
        });
        CheckpointCheck.Outcome outcome = outcome(compared);
        if (!chains.verified() || outcome.broken() != null) {
            return new IntegrityReport(false, chains.eventsChecked(),
                    chains.verified() ? outcome.broken() : chains.firstBrokenEvent(), outcome.checkpoint());
        }
        return chains.withCheckpoint(outcome.checkpoint());
    }

    private static CheckpointCheck.Outcome outcome(Future<CheckpointCheck.Outcome> compared) {
        try {
            return compared.get();
        } catch (InterruptedException e) {
            Thread.currentThread().interrupt();
            throw new IllegalStateException("interrupted while comparing with the checkpoint", e);
        } catch (ExecutionException e) {
            throw e.getCause() instanceof RuntimeException r ? r : new IllegalStateException(e.getCause());
        }
    }

    static IntegrityReport broken(long checked, UUID caseId, int seq, Reason reason) {
        return new IntegrityReport(false, checked, new IntegrityReport.BrokenEvent(caseId, seq, reason), null);
    }
}
