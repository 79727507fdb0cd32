package org.datarecall.evidence;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.SQLException;
import java.util.Arrays;
import java.util.HexFormat;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.evidence.IntegrityReport.CheckedCheckpoint;
import org.datarecall.evidence.IntegrityReport.Reason;
import org.datarecall.platform.jdbc.CopyWriter;
import org.datarecall.platform.jdbc.Jdbc;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;

/**
 * The integrity check's second half: the chains against the latest signed checkpoint. The signature
 * must verify and say what the row says; the stored heads must give the signed root; and the event
 * at each checkpointed seq must still carry the checkpointed hash. The first case (in id order)
 * whose event does not is named, with {@code CHECKPOINT_MISMATCH}.
 */
@ApplicationScoped
public class CheckpointCheck {

    /** The first checkpointed head whose event is gone or has another hash now. */
    private static final String FIRST_MISMATCH = """
            SELECT h.case_id, h.seq FROM dr_head_check h
            LEFT JOIN dr_case_event e ON e.campaign_id = ? AND e.case_id = h.case_id AND e.seq = h.seq
            WHERE e.hash IS DISTINCT FROM decode(h.hash, 'hex')
            ORDER BY h.case_id LIMIT 1
            """;

    @Inject
    CheckpointStore store;

    @Inject
    CheckpointKeys keys;

    /** Runs inside the integrity check's transaction; {@code checked} events already recomputed. */
    IntegrityReport check(Connection con, UUID campaignId, long checked) throws SQLException {
        Optional<CheckpointStore.Covered> latest = store.latest(campaignId);
        if (latest.isEmpty()) {
            return new IntegrityReport(true, checked, null, null);
        }
        Checkpoint checkpoint = latest.get().checkpoint();
        ChainHeads heads = latest.get().heads();
        boolean signed = keys.verify(checkpoint.keyId(), checkpoint.document().getBytes(StandardCharsets.UTF_8),
                checkpoint.signature())
                && checkpoint.document().equals(Checkpoint.document(campaignId, checkpoint.root(), checkpoint.cases(),
                        checkpoint.events(), checkpoint.at(), checkpoint.keyId()));
        CheckedCheckpoint checkedCheckpoint = new CheckedCheckpoint(checkpoint.id(), checkpoint.at(),
                checkpoint.cases(), checkpoint.keyId(), signed);
        if (!signed) {
            return IntegrityCheck.broken(checked, null, 0, Reason.CHECKPOINT_SIGNATURE).withCheckpoint(checkedCheckpoint);
        }
        if (heads.size() != checkpoint.cases() || !Arrays.equals(heads.root(), checkpoint.root())) {
            // The list of heads was changed: it no longer proves anything, and no case can be named.
            return IntegrityCheck.broken(checked, null, 0, Reason.CHECKPOINT_MISMATCH).withCheckpoint(checkedCheckpoint);
        }
        List<Object[]> mismatch = firstMismatch(con, campaignId, heads);
        if (!mismatch.isEmpty()) {
            return IntegrityCheck.broken(checked, (UUID) mismatch.getFirst()[0], (Integer) mismatch.getFirst()[1],
                    Reason.CHECKPOINT_MISMATCH).withCheckpoint(checkedCheckpoint);
        }
        return new IntegrityReport(true, checked, null, checkedCheckpoint);
    }

    private static List<Object[]> firstMismatch(Connection con, UUID campaignId, ChainHeads heads) throws SQLException {
        Jdbc.update(con, "CREATE TEMP TABLE dr_head_check (case_id uuid, seq integer, hash text) ON COMMIT DROP");
        HexFormat hex = HexFormat.of();
        try (CopyWriter copy = CopyWriter.open(con, "COPY dr_head_check (case_id, seq, hash) FROM STDIN")) {
            for (int i = 0; i < heads.size(); i++) {
                copy.plain(heads.caseId(i)).number(heads.seq(i)).plain(hex.formatHex(heads.hash(i)));
                copy.endRow();
            }
            copy.finish();
        }
        Jdbc.update(con, "ANALYZE dr_head_check");
        return Jdbc.list(con, FIRST_MISMATCH, rs -> new Object[] { rs.getObject(1, UUID.class), rs.getInt(2) },
                campaignId);
    }
}
