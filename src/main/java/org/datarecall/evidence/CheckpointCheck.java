package org.datarecall.evidence;

import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;
import java.util.Optional;
import java.util.UUID;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Future;

import org.datarecall.evidence.IntegrityReport.BrokenEvent;
import org.datarecall.evidence.IntegrityReport.CheckedCheckpoint;
import org.datarecall.evidence.IntegrityReport.Reason;
import org.datarecall.platform.concurrent.WorkerThreads;
import org.datarecall.platform.jdbc.Jdbc;

import io.quarkus.narayana.jta.QuarkusTransaction;
import jakarta.annotation.PreDestroy;
import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The integrity check's second half: the chains against the latest signed checkpoint. The signature
 * must verify and say what the row says; the stored heads must give the signed root; and the event
 * at each checkpointed seq must still carry the checkpointed hash. The first case (in id order)
 * whose event does not is named, with {@code CHECKPOINT_MISMATCH}.
 * <p>
 * It runs beside the chain pass, on its own connection and snapshot (events are insert-only, so any
 * snapshot after the checkpoint holds every checkpointed event), and the root is rebuilt in Java
 * while the database joins the heads with the events: a million heads cost the check about the time
 * of one of the three, not their sum.
 */
@ApplicationScoped
public class CheckpointCheck {

    /** The first checkpointed head whose event is gone or has another hash now. */
    private static final String FIRST_MISMATCH = """
            SELECT h.case_id, h.seq FROM dr_checkpoint_head_rows(?) h
            LEFT JOIN dr_case_event e ON e.campaign_id = ? AND e.case_id = h.case_id AND e.seq = h.seq
            WHERE e.hash IS DISTINCT FROM h.hash
            ORDER BY h.case_id LIMIT 1
            """;

    @Inject
    CheckpointStore store;

    @Inject
    CheckpointKeys keys;

    @Inject
    Jdbc jdbc;

    private final WorkerThreads workers = new WorkerThreads("checkpoint-check", () -> 4);

    @PreDestroy
    void stop() {
        workers.stop(true);
    }

    /** What the comparison found: the checkpoint compared (null before the first) and the first break. */
    record Outcome(CheckedCheckpoint checkpoint, BrokenEvent broken) {
    }

    /** Starts the comparison on its own thread and transaction. */
    Future<Outcome> start(UUID campaignId) {
        return workers.get().submit(() -> QuarkusTransaction.requiringNew().timeout(3600)
                .call(() -> compare(campaignId)));
    }

    private Outcome compare(UUID campaignId) {
        // The heads row and the join below must see the same checkpoint.
        jdbc.withConnection(con -> {
            Jdbc.update(con, "SET TRANSACTION ISOLATION LEVEL REPEATABLE READ");
            Jdbc.longWork(con);
            return 0;
        });
        Optional<CheckpointStore.Covered> latest = store.latest(campaignId);
        if (latest.isEmpty()) {
            return new Outcome(null, null);
        }
        Checkpoint checkpoint = latest.get().checkpoint();
        ChainHeads heads = latest.get().heads();
        if (!store.newestId(campaignId).equals(Optional.of(checkpoint.id()))) {
            // The kept heads were pointed at an older checkpoint: what came after it would go unchecked.
            return new Outcome(new CheckedCheckpoint(checkpoint.id(), checkpoint.at(), checkpoint.cases(),
                    checkpoint.keyId(), false), new BrokenEvent(null, 0, Reason.CHECKPOINT_MISMATCH));
        }
        boolean signed = keys.verify(checkpoint.keyId(), checkpoint.document().getBytes(StandardCharsets.UTF_8),
                checkpoint.signature())
                && checkpoint.document().equals(Checkpoint.document(campaignId, checkpoint.root(), checkpoint.cases(),
                        checkpoint.events(), checkpoint.at(), checkpoint.keyId()));
        CheckedCheckpoint checked = new CheckedCheckpoint(checkpoint.id(), checkpoint.at(), checkpoint.cases(),
                checkpoint.keyId(), signed);
        if (!signed) {
            return new Outcome(checked, new BrokenEvent(null, 0, Reason.CHECKPOINT_SIGNATURE));
        }
        CompletableFuture<byte[]> root = CompletableFuture.supplyAsync(heads::root);
        List<BrokenEvent> mismatch = jdbc.list(FIRST_MISMATCH,
                rs -> new BrokenEvent(rs.getObject(1, UUID.class), rs.getInt(2), Reason.CHECKPOINT_MISMATCH),
                campaignId, campaignId);
        if (heads.size() != checkpoint.cases() || !Arrays.equals(root.join(), checkpoint.root())) {
            // The list of heads was changed: it no longer proves anything, and no case can be named.
            return new Outcome(checked, new BrokenEvent(null, 0, Reason.CHECKPOINT_MISMATCH));
        }
        return new Outcome(checked, mismatch.isEmpty() ? null : mismatch.getFirst());
    }
}
