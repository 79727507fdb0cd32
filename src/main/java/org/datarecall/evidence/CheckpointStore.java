package org.datarecall.evidence;

import java.nio.charset.StandardCharsets;
import java.sql.Connection;
import java.sql.PreparedStatement;
import java.sql.ResultSet;
import java.sql.SQLException;
import java.time.Clock;
import java.time.Instant;
import java.util.List;
import java.util.Optional;
import java.util.UUID;

import org.datarecall.platform.jdbc.Ids;
import org.datarecall.platform.jdbc.Jdbc;
import org.datarecall.platform.jdbc.SqlValues;
import org.datarecall.platform.jdbc.Times;

import jakarta.enterprise.context.ApplicationScoped;
import jakarta.inject.Inject;
import jakarta.transaction.Transactional;

/**
 * The owner of {@code dr_checkpoint}, {@code dr_checkpoint_heads} and {@code dr_checkpoint_claim}:
 * takes a signed checkpoint of a campaign (ADR 0009) and reads them back.
 */
@ApplicationScoped
public class CheckpointStore {

    /** The heads in case-id order: one statement, so one consistent snapshot of every case row. */
    static final String HEADS = "SELECT id, event_count, last_event_hash FROM dr_case WHERE campaign_id = ? ORDER BY id";

    private static final String COLUMNS = "id, campaign_id, at, cases, events, root, key_id, document, signature, "
            + "requested_by";

    /** Campaigns with events none of their checkpoints covers yet (the sum of event counts only grows). */
    private static final String DUE = """
            SELECT c.id FROM dr_campaign c
            CROSS JOIN LATERAL (SELECT coalesce(sum(event_count), 0) AS events FROM dr_case WHERE campaign_id = c.id) e
            WHERE e.events > 0
              AND e.events IS DISTINCT FROM (SELECT k.events FROM dr_checkpoint k WHERE k.campaign_id = c.id
                                             ORDER BY k.at DESC LIMIT 1)
            ORDER BY c.id
            """;

    @Inject
    Jdbc jdbc;

    @Inject
    CheckpointKeys keys;

    @Inject
    Clock clock;

    /** The latest checkpoint with the heads it covers. */
    public record Covered(Checkpoint checkpoint, ChainHeads heads) {
    }

    public List<UUID> dueCampaigns() {
        return jdbc.list(DUE, rs -> SqlValues.uuid(rs, "id"));
    }

    /**
     * Takes a checkpoint of the campaign inside the caller's transaction. Checkpoints of one campaign
     * are taken one at a time (an advisory lock), so the latest always holds the latest heads. With a
     * {@code slot}, only the first to claim that interval takes it; the others answer empty.
     */
    @Transactional(Transactional.TxType.MANDATORY)
    public Optional<Checkpoint> take(UUID campaignId, String requestedBy, Instant slot) {
        return jdbc.withConnection(con -> {
            Jdbc.longWork(con);
            Jdbc.list(con, "SELECT pg_advisory_xact_lock(hashtextextended('dr_checkpoint:' || ?::text, 0))",
                    rs -> null, campaignId);
            UUID id = Ids.newId();
            if (slot != null && Jdbc.update(con, "INSERT INTO dr_checkpoint_claim (campaign_id, slot, checkpoint_id) "
                    + "VALUES (?, ?, ?) ON CONFLICT DO NOTHING", campaignId, slot, id) == 0) {
                return Optional.empty();
            }
            Instant at = Times.stored(clock.instant());
            Heads heads = readHeads(con, campaignId);
            String keyId = keys.currentKeyId();
            String document = Checkpoint.document(campaignId, heads.root(), heads.cases(), heads.events(), at, keyId);
            byte[] signature = keys.sign(document.getBytes(StandardCharsets.UTF_8));
            Checkpoint checkpoint = new Checkpoint(id, campaignId, at, heads.cases(), heads.events(), heads.root(),
                    keyId, document, signature, requestedBy);
            Jdbc.update(con, "INSERT INTO dr_checkpoint (" + COLUMNS + ") VALUES (?, ?, ?, ?, ?, ?, ?, ?, ?, ?)", id,
                    campaignId, at, heads.cases(), heads.events(), heads.root(), keyId, document, signature,
                    requestedBy);
            Jdbc.update(con, """
                    INSERT INTO dr_checkpoint_heads (campaign_id, checkpoint_id, heads) VALUES (?, ?, ?)
                    ON CONFLICT (campaign_id) DO UPDATE SET checkpoint_id = EXCLUDED.checkpoint_id, heads = EXCLUDED.heads
                    """, campaignId, id, heads.packed());
            return Optional.of(checkpoint);
        });
    }

    private record Heads(long cases, long events, byte[] root, byte[] packed) {
    }

    private static Heads readHeads(Connection con, UUID campaignId) throws SQLException {
        MerkleTree.Builder tree = new MerkleTree.Builder();
        ChainHeads.Packer packer = new ChainHeads.Packer(1024);
        long events = 0;
        try (PreparedStatement ps = con.prepareStatement(HEADS)) {
            ps.setFetchSize(10_000);
            ps.setObject(1, campaignId);
            try (ResultSet rs = ps.executeQuery()) {
                while (rs.next()) {
                    UUID caseId = rs.getObject(1, UUID.class);
                    int seq = rs.getInt(2);
                    byte[] hash = rs.getBytes(3);
                    tree.addLeafInput(MerkleTree.headLeaf(caseId, seq, hash));
                    packer.add(caseId, seq, hash);
                    events += seq;
                }
            }
        }
        return new Heads(tree.count(), events, tree.root(), packer.bytes());
    }

    public List<Checkpoint> list(UUID campaignId) {
        return jdbc.list("SELECT " + COLUMNS + " FROM dr_checkpoint WHERE campaign_id = ? ORDER BY at DESC, id DESC",
                CheckpointStore::checkpoint, campaignId);
    }

    public Optional<Checkpoint> byId(UUID id) {
        return jdbc.one("SELECT " + COLUMNS + " FROM dr_checkpoint WHERE id = ?", CheckpointStore::checkpoint, id);
    }

    /** The id of the campaign's newest checkpoint. */
    public Optional<UUID> newestId(UUID campaignId) {
        return jdbc.one("SELECT id FROM dr_checkpoint WHERE campaign_id = ? ORDER BY at DESC, id DESC LIMIT 1",
                rs -> SqlValues.uuid(rs, "id"), campaignId);
    }

    /** The campaign's latest checkpoint and its heads; empty before the first. */
    public Optional<Covered> latest(UUID campaignId) {
        return jdbc.one("SELECT " + COLUMNS.replaceAll("(\\w+)", "k.$1") + ", h.heads FROM dr_checkpoint_heads h "
                + "JOIN dr_checkpoint k ON k.id = h.checkpoint_id WHERE h.campaign_id = ?",
                rs -> new Covered(checkpoint(rs), new ChainHeads(rs.getBytes("heads"))), campaignId);
    }

    private static Checkpoint checkpoint(ResultSet rs) throws SQLException {
        return new Checkpoint(SqlValues.uuid(rs, "id"), SqlValues.uuid(rs, "campaign_id"), SqlValues.instant(rs, "at"),
                rs.getLong("cases"), rs.getLong("events"), rs.getBytes("root"), rs.getString("key_id"),
                rs.getString("document"), rs.getBytes("signature"), rs.getString("requested_by"));
    }
}
